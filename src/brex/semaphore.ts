/**
 * Bounds how many requests are in flight at once across all streams. Waiters are served by
 * priority (the pages their chain has read, as in the rate limiter), then in arrival order.
 */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<{ priority: number; grant: () => void }> = [];

  constructor(permits: number) {
    this.available = permits;
  }

  async acquire(signal?: AbortSignal, priority = 0): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    if (this.available > 0 && this.waiters.length === 0) {
      this.available -= 1;
      return;
    }

    await new Promise<void>((resolve, reject) => {
      const waiter = {
        priority,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };

      let index = this.waiters.length;
      while (index > 0 && this.waiters[index - 1].priority < priority) index -= 1;
      this.waiters.splice(index, 0, waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next.grant();
    else this.available += 1;
  }
}

/**
 * A token bucket shared by every request of a read, so all streams together stay under the
 * configured requests per minute. The bucket is kept as a theoretical arrival time (the GCRA form
 * of a token bucket): each request moves that time one interval ahead, and a request may go once
 * it is no more than `capacity - 1` intervals ahead of now. With the default capacity of 1 the
 * requests are evenly paced, so any 60-second window contains at most the configured rate plus
 * one, whichever window Brex counts in.
 *
 * Waiting requests are served by priority, then in arrival order. Callers pass the number of
 * pages their chain has already read: pages of one chain can only be fetched one after another,
 * so the longest chain decides when a sync ends, and letting it go first shortens the sync.
 * Each chain has at most one request waiting, so no chain starves.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly now: () => number;
  private theoreticalArrival = 0;
  private pausedUntil = 0;
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(requestsPerMinute: number, options: { capacity?: number; now?: () => number } = {}) {
    this.intervalMs = 60_000 / requestsPerMinute;
    this.toleranceMs = (Math.max(1, options.capacity ?? 1) - 1) * this.intervalMs;
    this.now = options.now ?? Date.now;
  }

  /** Waits until a request may be sent, and takes its token. Higher `priority` goes first. */
  acquire(signal?: AbortSignal, priority = 0): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiting.length === 0 && this.tokenAvailable()) {
      this.takeToken();
      return Promise.resolve();
    }

    return new Promise((resolve, reject) => {
      const waiter: Waiter = { priority, resolve, reject, signal, onAbort: () => this.cancel(waiter) };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.enqueue(waiter);
      this.schedule();
    });
  }

  /** Delays every request not yet sent until `time` (epoch ms), after Brex returned 429. */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  /** Time (epoch ms) at which the next token becomes available. */
  nextTokenAt(): number {
    return Math.max(this.theoreticalArrival - this.toleranceMs, this.pausedUntil);
  }

  private tokenAvailable(): boolean {
    return this.now() >= this.nextTokenAt();
  }

  private takeToken(): void {
    this.theoreticalArrival = Math.max(this.theoreticalArrival, this.now()) + this.intervalMs;
  }

  private enqueue(waiter: Waiter): void {
    // Sorted by priority (high first), then arrival; the queue is short (one entry per chain).
    let index = this.waiting.length;
    while (index > 0 && this.waiting[index - 1].priority < waiter.priority) index -= 1;
    this.waiting.splice(index, 0, waiter);
  }

  private schedule(): void {
    if (this.timer || this.waiting.length === 0) return;
    const delay = Math.max(0, this.nextTokenAt() - this.now());
    this.timer = setTimeout(() => this.release(), delay);
  }

  private release(): void {
    this.timer = undefined;
    while (this.waiting.length > 0 && this.tokenAvailable()) {
      const waiter = this.waiting.shift() as Waiter;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.takeToken();
      waiter.resolve();
    }
    this.schedule();
  }

  private cancel(waiter: Waiter): void {
    const index = this.waiting.indexOf(waiter);
    if (index >= 0) this.waiting.splice(index, 1);
    waiter.reject(waiter.signal?.reason);
  }
}

interface Waiter {
  priority: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort: () => void;
}

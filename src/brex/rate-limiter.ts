import { sleep } from './sleep.js';

/**
 * A token bucket shared by every request of a read, so all streams together stay under the
 * configured requests per minute. It is kept as a theoretical arrival time (the GCRA form of a
 * token bucket): each request moves that time one interval ahead, and a request may go once it
 * is no more than `capacity - 1` intervals ahead of now. With the default capacity of 1 the
 * requests are evenly paced, so any 60-second window contains at most the configured rate plus
 * one, whichever window Brex counts in.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly now: () => number;
  private theoreticalArrival = 0;
  private pausedUntil = 0;

  constructor(requestsPerMinute: number, options: { capacity?: number; now?: () => number } = {}) {
    this.intervalMs = 60_000 / requestsPerMinute;
    this.toleranceMs = (Math.max(1, options.capacity ?? 1) - 1) * this.intervalMs;
    this.now = options.now ?? Date.now;
  }

  /** Waits until a request may be sent, and takes its token. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const sendAt = this.reserve();
    if (sendAt > now) await sleep(sendAt - now, signal);
  }

  /** Takes the next token and returns when (epoch ms) its request may be sent. */
  reserve(): number {
    const now = this.now();
    const arrival = Math.max(this.theoreticalArrival, now);
    const sendAt = Math.max(now, arrival - this.toleranceMs, this.pausedUntil);
    this.theoreticalArrival = Math.max(arrival, sendAt) + this.intervalMs;
    return sendAt;
  }

  /** Delays every request not yet sent until `time` (epoch ms), after Brex returned 429. */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }
}

// Per-token request limit over a sliding window: a request is admitted when fewer than
// `limit` admitted requests of the same token arrived in the last `windowMs`.

import type { RateLimitOptions } from '../types.js';
import { brexError, type Reply } from './reply.js';

export type Admission = { admitted: true; release: () => void } | { admitted: false; reply: Reply };

export class SlidingWindowLimiter {
  private readonly arrivals = new Map<string, number[]>();

  constructor(private options: RateLimitOptions | null) {}

  configure(options: RateLimitOptions | null): void {
    this.options = options;
    this.arrivals.clear();
  }

  /** Admits or rejects a request; `release` takes an admitted request back out of the count. */
  admit(token: string, now: number): Admission {
    const options = this.options;
    if (!options) {
      return { admitted: true, release: () => undefined };
    }

    const times = this.arrivals.get(token) ?? [];
    let expired = 0;
    while (expired < times.length && times[expired] <= now - options.windowMs) {
      expired += 1;
    }
    times.splice(0, expired);
    this.arrivals.set(token, times);

    if (times.length >= options.limit) {
      const waitMs = times[0] + options.windowMs - now;
      return { admitted: false, reply: tooManyRequests(options.retryAfter, Math.max(1, Math.ceil(waitMs / 1000)), now) };
    }

    times.push(now);
    return {
      admitted: true,
      release: () => {
        const index = times.lastIndexOf(now);
        if (index >= 0) {
          times.splice(index, 1);
        }
      },
    };
  }
}

/** Builds a 429 with Retry-After in seconds, as an HTTP date, or absent. */
export function tooManyRequests(mode: RateLimitOptions['retryAfter'], seconds: number, now: number): Reply {
  const reply = brexError(429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded');
  if (reply.kind !== 'json') {
    return reply;
  }
  if (mode === 'seconds') {
    reply.headers = { 'Retry-After': String(seconds) };
  } else if (mode === 'http-date') {
    // An HTTP date has whole seconds; round up so the client never retries early.
    reply.headers = { 'Retry-After': new Date(Math.ceil((now + seconds * 1000) / 1000) * 1000).toUTCString() };
  }
  return reply;
}

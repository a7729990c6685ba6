import { jest } from '@jest/globals';

import { RateLimiter } from '../../src/brex/rate-limiter.js';

/** Counts, for every send time, the sends in the 60 seconds starting there; returns the maximum. */
function maxPerMinute(sendTimes: number[]): number {
  let max = 0;
  for (const start of sendTimes) {
    const inWindow = sendTimes.filter((t) => t >= start && t < start + 60_000).length;
    max = Math.max(max, inWindow);
  }
  return max;
}

/** Requests `count` tokens at once and returns the fake-clock time at which each was granted. */
async function grantTimes(limiter: RateLimiter, count: number, priorities: number[] = []): Promise<number[]> {
  const times: number[] = new Array(count);
  const pending = Array.from({ length: count }, (_, i) =>
    limiter.acquire(undefined, priorities[i] ?? 0).then(() => {
      times[i] = Date.now();
    }),
  );
  while (times.filter((t) => t !== undefined).length < count) await jest.advanceTimersByTimeAsync(1);
  await Promise.all(pending);
  return times;
}

describe('RateLimiter', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('paces requests evenly at the configured rate', async () => {
    const times = await grantTimes(new RateLimiter(600), 5);
    expect(times).toEqual([1_000_000, 1_000_100, 1_000_200, 1_000_300, 1_000_400]);
  });

  it('keeps any 60-second window at rate plus one', async () => {
    const limiter = new RateLimiter(900);
    const times: number[] = [];
    for (let burst = 0; burst < 30; burst += 1) {
      times.push(...(await grantTimes(limiter, 50)));
      await jest.advanceTimersByTimeAsync(burst % 3 === 0 ? 5000 : 10);
    }
    expect(maxPerMinute(times)).toBeLessThanOrEqual(901);
  });

  it('sustains the configured rate while requests wait', async () => {
    const times = await grantTimes(new RateLimiter(1000), 1000);
    // 1,000 requests at 1,000 per minute: the last one goes out 999 intervals after the first.
    expect(times[999] - times[0]).toBeGreaterThanOrEqual(59_940);
    expect(times[999] - times[0]).toBeLessThanOrEqual(59_940 + 1000);
  });

  it('allows a burst up to its capacity', async () => {
    const times = await grantTimes(new RateLimiter(60, { capacity: 3 }), 4);
    expect(times.slice(0, 3)).toEqual([1_000_000, 1_000_000, 1_000_000]);
    expect(times[3]).toBeGreaterThan(1_000_000);
  });

  it('holds requests while paused after a 429', async () => {
    const limiter = new RateLimiter(60_000);
    limiter.pauseUntil(1_002_500);
    const times = await grantTimes(limiter, 2);
    expect(times[0]).toBe(1_002_500);
    expect(times[1]).toBeGreaterThanOrEqual(1_002_501);
  });

  it('serves waiting requests by priority', async () => {
    const limiter = new RateLimiter(600);
    // The first request takes the free token; the rest wait and go out highest priority first.
    const times = await grantTimes(limiter, 4, [0, 1, 5, 3]);
    expect(times[0]).toBe(1_000_000);
    expect(times[2]).toBe(1_000_100);
    expect(times[3]).toBe(1_000_200);
    expect(times[1]).toBe(1_000_300);
  });

  it('rejects a waiting request when aborted', async () => {
    const limiter = new RateLimiter(1);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});

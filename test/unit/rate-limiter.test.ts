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

describe('RateLimiter', () => {
  it('paces requests evenly at the configured rate', () => {
    const clock = { now: 1_000_000 };
    const limiter = new RateLimiter(600, { now: () => clock.now });
    const sendTimes = Array.from({ length: 5 }, () => limiter.reserve());

    expect(sendTimes).toEqual([1_000_000, 1_000_100, 1_000_200, 1_000_300, 1_000_400]);
  });

  it('keeps any 60-second window at rate plus one', () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter(900, { now: () => clock.now });
    const sendTimes: number[] = [];
    for (let i = 0; i < 3000; i += 1) {
      // Callers ask in bursts; time moves on irregularly between bursts.
      if (i % 7 === 0) clock.now += 300;
      sendTimes.push(limiter.reserve());
    }

    expect(maxPerMinute(sendTimes)).toBeLessThanOrEqual(901);
  });

  it('sustains the configured rate when requests are always waiting', () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter(1000, { now: () => clock.now });
    let last = 0;
    for (let i = 0; i < 1000; i += 1) last = limiter.reserve();

    // 1,000 requests at 1,000 per minute: the last one goes out 999 intervals after the first.
    expect(last).toBeCloseTo(59_940, 0);
  });

  it('allows a burst up to its capacity', () => {
    const clock = { now: 5000 };
    const limiter = new RateLimiter(60, { capacity: 3, now: () => clock.now });
    const sendTimes = Array.from({ length: 4 }, () => limiter.reserve());

    expect(sendTimes.slice(0, 3)).toEqual([5000, 5000, 5000]);
    expect(sendTimes[3]).toBeGreaterThan(5000);
  });

  it('holds requests while paused after a 429', () => {
    const clock = { now: 10_000 };
    const limiter = new RateLimiter(60_000, { now: () => clock.now });
    limiter.pauseUntil(12_500);

    expect(limiter.reserve()).toBe(12_500);
    expect(limiter.reserve()).toBe(12_501);
  });

  it('waits in real time and stops when aborted', async () => {
    const limiter = new RateLimiter(600);
    const start = Date.now();
    await limiter.acquire();
    await limiter.acquire();
    expect(Date.now() - start).toBeGreaterThanOrEqual(90);

    const slow = new RateLimiter(1);
    await slow.acquire();
    const controller = new AbortController();
    const waiting = slow.acquire(controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});

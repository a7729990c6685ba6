import { backoffDelayMs, defaultRetryPolicy, parseRetryAfterMs } from '../../src/brex/retry.js';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfterMs('Fri, 04 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfterMs('Fri, 04 Dec 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  const policy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 8000, maxTotalWaitMs: 60_000 };

  it('doubles per attempt with jitter in the upper half', () => {
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(500);
    expect(backoffDelayMs(policy, 1, () => 1)).toBe(1000);
    expect(backoffDelayMs(policy, 3, () => 1)).toBe(4000);
  });

  it('caps one wait at maxDelayMs', () => {
    expect(backoffDelayMs(policy, 10, () => 1)).toBe(8000);
  });
});

describe('defaultRetryPolicy', () => {
  it('takes the base delay from the environment', () => {
    expect(defaultRetryPolicy({ BREX_RETRY_BASE_DELAY_MS: '5' }).baseDelayMs).toBe(5);
    expect(defaultRetryPolicy({}).baseDelayMs).toBe(1000);
    expect(defaultRetryPolicy({ BREX_RETRY_BASE_DELAY_MS: 'fast' }).baseDelayMs).toBe(1000);
  });
});

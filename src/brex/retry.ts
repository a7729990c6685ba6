/** Bounds on retrying one request; past them the error is reported as transient. */
export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** Wait before the first retry; each later retry doubles it, with random jitter. */
  baseDelayMs: number;
  /** Cap on one computed backoff wait. A longer Retry-After from Brex is honoured up to `maxTotalWaitMs`. */
  maxDelayMs: number;
  /** Cap on all waits for one request together. */
  maxTotalWaitMs: number;
}

/**
 * Returns the default policy. `BREX_RETRY_BASE_DELAY_MS` shortens the first wait, which keeps
 * fault tests fast; the caps stay the same.
 */
export function defaultRetryPolicy(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const base = Number(env.BREX_RETRY_BASE_DELAY_MS);
  return {
    maxAttempts: 6,
    baseDelayMs: Number.isFinite(base) && base >= 0 ? base : 1000,
    maxDelayMs: 60_000,
    maxTotalWaitMs: 5 * 60_000,
  };
}

/** Exponential backoff with "equal jitter": half the delay is fixed, half random. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/**
 * Parses a Retry-After header: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Returns the wait
 * in ms, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfterMs(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;

  // An HTTP date always names a weekday or month, which keeps numbers like "-5" out.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

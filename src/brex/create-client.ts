import type { Logger } from 'pino';

import type { SourceConfig } from '../config.js';
import { isLoopbackHost } from './base-url.js';
import { BrexClient, type BrexClientOptions } from './client.js';
import { RateLimiter } from './rate-limiter.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';
import { Semaphore } from './semaphore.js';

export const USER_AGENT = 'source-brex/0.1.0 (Airbyte source connector)';

/** Builds the one client a command uses, so every request shares one limiter and one bound. */
export function createBrexClient(
  config: SourceConfig,
  baseUrl: string,
  logger: Logger,
  retry: RetryPolicy = defaultRetryPolicy(),
  onInvalidToken?: BrexClientOptions['onInvalidToken'],
): BrexClient {
  return new BrexClient({
    onInvalidToken,
    baseUrl,
    token: config.token,
    limiter: new RateLimiter(requestsPerMinute(config, baseUrl, logger)),
    semaphore: new Semaphore(config.maxConcurrentRequests),
    timeoutMs: config.requestTimeoutMs,
    retry,
    logger,
    userAgent: USER_AGENT,
  });
}

/**
 * Returns the client-side rate. `BREX_REQUESTS_PER_MINUTE` (a number, or `off`) replaces the
 * config value, but only against a loopback base URL: benchmarks use it to measure the connector
 * against the emulator without pacing, and it can never lift the limit towards Brex itself.
 */
function requestsPerMinute(config: SourceConfig, baseUrl: string, logger: Logger): number {
  const override = process.env.BREX_REQUESTS_PER_MINUTE?.trim();
  if (!override) return config.requestsPerMinute;

  const loopback = isLoopbackHost(new URL(baseUrl).hostname);
  const value = override.toLowerCase() === 'off' ? Number.POSITIVE_INFINITY : Number(override);
  if (!loopback || !(value > 0)) {
    logger.warn({ value: override, base_url: baseUrl }, 'Ignoring BREX_REQUESTS_PER_MINUTE: it applies only to a loopback base URL and must be a positive number or off');
    return config.requestsPerMinute;
  }
  logger.info({ requests_per_minute: override }, 'Using BREX_REQUESTS_PER_MINUTE from the environment');
  return value;
}

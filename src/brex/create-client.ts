import type { Logger } from 'pino';

import type { SourceConfig } from '../config.js';
import { BrexClient } from './client.js';
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
): BrexClient {
  return new BrexClient({
    baseUrl,
    token: config.token,
    limiter: new RateLimiter(config.requestsPerMinute),
    semaphore: new Semaphore(config.maxConcurrentRequests),
    timeoutMs: config.requestTimeoutMs,
    retry,
    logger,
    userAgent: USER_AGENT,
  });
}

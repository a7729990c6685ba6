import got, { RequestError, type Response } from 'got';
import type { Logger } from 'pino';

import { BrexApiError, classifyHttpError } from './errors.js';
import { buildQueryString, type QueryParams } from './query.js';
import type { RateLimiter } from './rate-limiter.js';
import { backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from './retry.js';
import type { Semaphore } from './semaphore.js';
import { sleep } from './sleep.js';

export interface BrexClientOptions {
  baseUrl: string;
  token: string;
  limiter: RateLimiter;
  semaphore: Semaphore;
  timeoutMs: number;
  retry: RetryPolicy;
  logger: Logger;
  userAgent: string;
  /**
   * Called as soon as Brex rejects the token, before the error reaches the caller, so the
   * command can cancel every other request at once instead of letting each fail in turn.
   */
  onInvalidToken?: (error: BrexApiError) => void;
}

/** Stream a request belongs to, logged with its retries and errors, and the signal that cancels it. */
export interface RequestContext {
  stream: string;
  signal?: AbortSignal;
  /** Pages this request's chain has already read; longer chains are served first. */
  priority?: number;
}

export interface JsonResponse {
  body: unknown;
  traceId?: string;
}

/**
 * Sends GET requests to the Brex API under the shared rate limiter and concurrency bound. A 429
 * waits for Retry-After (seconds or HTTP date) or backs off. 5xx, timeouts, resets and bodies
 * that are not complete JSON are retried with backoff. Other statuses raise a classified
 * BrexApiError at once.
 */
export class BrexClient {
  constructor(private readonly options: BrexClientOptions) {}

  /**
   * Returns the parsed JSON body. `validate` returns a problem with the body, or undefined; a
   * body with a problem is retried like one that is not JSON.
   */
  async getJson(path: string, query: QueryParams, context: RequestContext, validate?: (body: unknown) => string | undefined): Promise<JsonResponse> {
    const { retry, logger } = this.options;
    let totalWaitMs = 0;

    for (let attempt = 1; ; attempt += 1) {
      let failure: BrexApiError;
      let retryAfterMs: number | undefined;
      try {
        return await this.attempt(path, query, context, validate);
      } catch (error) {
        if (!(error instanceof RetryableFailure)) throw error;
        failure = error.apiError;
        retryAfterMs = error.retryAfterMs;
      }

      const waitMs = retryAfterMs ?? backoffDelayMs(retry, attempt);
      const exhausted = attempt >= retry.maxAttempts || totalWaitMs + waitMs > retry.maxTotalWaitMs;
      if (exhausted) {
        failure.attempts = attempt;
        logger.error(
          { stream: context.stream, path, attempt, status: failure.status, trace_id: failure.traceId, kind: failure.kind },
          'Giving up on Brex request after retries',
        );
        throw failure;
      }

      if (failure.kind === 'rate_limited') this.options.limiter.pauseUntil(Date.now() + waitMs);
      logger.warn(
        {
          stream: context.stream,
          path,
          attempt,
          wait_ms: waitMs,
          status: failure.status,
          trace_id: failure.traceId,
          kind: failure.kind,
          error: failure.message,
        },
        'Retrying Brex request',
      );
      totalWaitMs += waitMs;
      await sleep(waitMs, context.signal);
    }
  }

  private async attempt(
    path: string,
    query: QueryParams,
    context: RequestContext,
    validate: ((body: unknown) => string | undefined) | undefined,
  ): Promise<JsonResponse> {
    const { semaphore, limiter } = this.options;
    await semaphore.acquire(context.signal, context.priority);
    try {
      await limiter.acquire(context.signal, context.priority);
      const response = await this.send(path, query, context);
      return this.interpret(path, response, validate);
    } finally {
      semaphore.release();
    }
  }

  private async send(path: string, query: QueryParams, context: RequestContext): Promise<Response<string>> {
    const queryString = buildQueryString(query);
    const url = `${this.options.baseUrl}${path}${queryString ? `?${queryString}` : ''}`;
    this.options.logger.debug({ stream: context.stream, path, query: redactCursor(query) }, 'Sending Brex request');

    try {
      return await got.get(url, {
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          'user-agent': this.options.userAgent,
        },
        timeout: { request: this.options.timeoutMs },
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: false,
        responseType: 'text',
        signal: context.signal,
      });
    } catch (error) {
      if (context.signal?.aborted) throw context.signal.reason;
      const code = error instanceof RequestError ? error.code : undefined;
      const apiError = new BrexApiError(
        `Request to Brex ${path} failed: ${code ?? ''} ${error instanceof Error ? error.message : String(error)}`.replace(/\s+/g, ' '),
        { kind: 'network', path },
        { cause: error },
      );
      throw new RetryableFailure(apiError);
    }
  }

  private interpret(path: string, response: Response<string>, validate: ((body: unknown) => string | undefined) | undefined): JsonResponse {
    const traceId = headerValue(response.headers['x-brex-trace-id']);
    const status = response.statusCode;

    if (status >= 200 && status < 300) {
      let body: unknown;
      try {
        body = JSON.parse(response.body) as unknown;
      } catch (error) {
        const apiError = new BrexApiError(
          `Brex returned a body that is not valid JSON for ${path} (HTTP ${status}, ${response.body.length} bytes, content-type ${headerValue(response.headers['content-type']) ?? 'none'})`,
          { kind: 'invalid_response', path, status, traceId },
          { cause: error },
        );
        throw new RetryableFailure(apiError);
      }

      const problem = validate?.(body);
      if (problem) {
        throw new RetryableFailure(new BrexApiError(`Brex returned ${problem} for ${path} (HTTP ${status})`, { kind: 'invalid_response', path, status, traceId }));
      }
      return { body, traceId };
    }

    const apiError = classifyHttpError(status, response.body, path, traceId);
    if (apiError.kind === 'invalid_token') this.options.onInvalidToken?.(apiError);
    if (!apiError.retryable) throw apiError;
    const retryAfterMs = status === 429 ? parseRetryAfterMs(headerValue(response.headers['retry-after'])) : undefined;
    throw new RetryableFailure(apiError, retryAfterMs);
  }
}

/** Internal signal from one attempt to the retry loop. */
class RetryableFailure extends Error {
  constructor(
    readonly apiError: BrexApiError,
    readonly retryAfterMs?: number,
  ) {
    super(apiError.message);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Page cursors are opaque but long; debug logs show that one was sent, not its value. */
function redactCursor(query: QueryParams): QueryParams {
  return query.cursor === undefined ? query : { ...query, cursor: '(set)' };
}

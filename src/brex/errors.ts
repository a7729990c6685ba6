/**
 * Kinds of failed Brex calls, distinguished by the status and Brex's error body
 * (`{"type", "message", "code"}`):
 * - `invalid_token`: 401 or 403 saying the token is invalid, expired or revoked, or a 401
 *   with no body. Every stream would fail the same way.
 * - `missing_scope`: 403 for any other reason, normally a scope the token lacks. Only the
 *   stream that needs the scope fails.
 * - `permission_denied`: 401 with another message, e.g. a Brex role that may not read vendors.
 * - `cash_not_enabled`: 401 from `GET /v2/accounts/cash` that is not about the token.
 * - `bad_request`, `not_found`: 400 and 404, never retried.
 * - `rate_limited`, `server_error`, `network`, `invalid_response`: retried, then transient.
 * - `pagination_loop`: Brex returned a cursor it had already returned.
 */
export type BrexErrorKind =
  | 'invalid_token'
  | 'missing_scope'
  | 'permission_denied'
  | 'cash_not_enabled'
  | 'bad_request'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'network'
  | 'invalid_response'
  | 'pagination_loop';

export interface BrexErrorDetails {
  kind: BrexErrorKind;
  path: string;
  status?: number;
  traceId?: string;
  /** Brex's `message` from the error body, when there was one. */
  brexMessage?: string;
  /** The scope named in a 403 body, when Brex names one. */
  scope?: string;
  /** How many attempts were made before giving up. */
  attempts?: number;
}

export class BrexApiError extends Error {
  readonly kind: BrexErrorKind;
  readonly path: string;
  readonly status?: number;
  readonly traceId?: string;
  readonly brexMessage?: string;
  readonly scope?: string;
  attempts?: number;

  constructor(message: string, details: BrexErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BrexApiError';
    this.kind = details.kind;
    this.path = details.path;
    this.status = details.status;
    this.traceId = details.traceId;
    this.brexMessage = details.brexMessage;
    this.scope = details.scope;
    this.attempts = details.attempts;
  }

  get retryable(): boolean {
    return ['rate_limited', 'server_error', 'network', 'invalid_response'].includes(this.kind);
  }
}

const TOKEN_PROBLEM = /invalid or revoked token|token (is )?(invalid|expired|revoked)|expired token|unauthenticated/i;
const CASH_ACCOUNTS_PATH = '/v2/accounts/cash';

/** Classifies a non-2xx response. `body` is the raw text, which may be empty or not JSON. */
export function classifyHttpError(status: number, body: string, path: string, traceId?: string): BrexApiError {
  const parsed = parseErrorBody(body);
  const brexMessage = parsed.message;
  const details = { path, status, traceId, brexMessage };
  const detail = brexMessage ? `: ${brexMessage}` : '';

  if (status === 401 || status === 403) {
    const tokenProblem = (status === 401 && !brexMessage) || TOKEN_PROBLEM.test(brexMessage ?? '');
    if (tokenProblem) {
      return new BrexApiError(`Brex rejected the API token (HTTP ${status}${detail})`, { ...details, kind: 'invalid_token' });
    }
    if (status === 401 && path === CASH_ACCOUNTS_PATH) {
      return new BrexApiError(`Brex Cash is not available to this token (HTTP 401${detail})`, { ...details, kind: 'cash_not_enabled' });
    }
    if (status === 401) {
      return new BrexApiError(`Brex denied access to ${path} (HTTP 401${detail})`, { ...details, kind: 'permission_denied' });
    }
    const scope = /scope[:\s]+([a-z_.]+)/i.exec(brexMessage ?? '')?.[1];
    return new BrexApiError(`Brex denied access to ${path} (HTTP 403${detail})`, { ...details, kind: 'missing_scope', scope });
  }

  if (status === 400) return new BrexApiError(`Brex rejected the request to ${path} (HTTP 400${detail})`, { ...details, kind: 'bad_request' });
  if (status === 404) return new BrexApiError(`Brex returned not found for ${path} (HTTP 404${detail})`, { ...details, kind: 'not_found' });
  if (status === 429) return new BrexApiError(`Brex rate limit exceeded on ${path} (HTTP 429)`, { ...details, kind: 'rate_limited' });
  if (status >= 500) return new BrexApiError(`Brex server error on ${path} (HTTP ${status}${detail})`, { ...details, kind: 'server_error' });
  return new BrexApiError(`Unexpected HTTP ${status} from Brex on ${path}${detail}`, { ...details, kind: 'bad_request' });
}

function parseErrorBody(body: string): { message?: string } {
  if (!body.trim()) return {};
  try {
    const value = JSON.parse(body) as { message?: unknown };
    return typeof value?.message === 'string' ? { message: value.message } : {};
  } catch {
    return { message: body.trim().slice(0, 200) };
  }
}

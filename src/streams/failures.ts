import { BrexApiError } from '../brex/errors.js';
import { ConnectorError, errorMessage } from '../errors.js';
import type { FailureType } from '../protocol/messages.js';
import type { StreamDefinition } from './definition.js';

export interface FailureReport {
  message: string;
  failureType: FailureType;
  internalMessage?: string;
}

/** Help text for every token error: why a token stops working and where to make a new one. */
export const TOKEN_HELP =
  'Brex user tokens expire after 90 days without use and stop working at once when revoked. Create a new token in the Brex dashboard under Settings > Developer (an account or card admin can), then update user_token.';

/**
 * Converts an error from reading a stream into the TRACE text for the user (what failed, on which
 * stream, and what to do) and Airbyte's failure type, so the platform retries only what a retry
 * may fix.
 */
export function describeStreamFailure(error: unknown, definition: StreamDefinition): FailureReport {
  const stream = definition.name;
  if (error instanceof BrexApiError) {
    const internalMessage = [error.message, error.traceId ? `X-Brex-Trace-Id ${error.traceId}` : undefined, error.attempts ? `attempts ${error.attempts}` : undefined]
      .filter(Boolean)
      .join('; ');
    const report = (message: string, failureType: FailureType): FailureReport => ({ message, failureType, internalMessage });

    switch (error.kind) {
      case 'invalid_token':
        return report(`Brex rejected the API token while reading ${stream}. ${TOKEN_HELP}`, 'config_error');
      case 'missing_scope':
        return report(
          `The Brex token may not read ${stream}: Brex requires the scope ${error.scope ?? definition.scope}. Create a token with read access to it, or deselect ${stream}.`,
          'config_error',
        );
      case 'permission_denied':
        return report(
          `Brex denied access to ${stream} (${error.brexMessage ?? 'HTTP 401'}). The token's user may lack the Brex role this table needs (vendors, for example, need an account admin, AP clerk or bookkeeper), or the token lacks ${definition.scope}.`,
          'config_error',
        );
      case 'bad_request':
      case 'not_found':
        return report(`Brex rejected a request for ${stream}: ${error.brexMessage ?? error.message}.`, 'system_error');
      case 'pagination_loop':
        return report(`Stopped reading ${stream}: ${error.message}. Retry the sync; if it repeats, contact Brex support with the trace id.`, 'system_error');
      default: {
        const attempts = error.attempts === 1 ? '1 attempt' : `${error.attempts ?? 'several'} attempts`;
        const next = definition.cursor ? 'the next attempt resumes from the last checkpoint' : 'the next attempt reads this stream again from the start';
        return report(`Reading ${stream} failed after ${attempts}: ${error.message}. This is usually temporary; ${next}.`, 'transient_error');
      }
    }
  }

  if (error instanceof ConnectorError) {
    return { message: error.message, failureType: error.failureType, internalMessage: error.internalMessage };
  }
  return {
    message: `Reading ${stream} failed with an unexpected error: ${errorMessage(error)}`,
    failureType: 'system_error',
    internalMessage: describeInternally(error),
  };
}

/** Error class, code and message for the TRACE's internal message; never a stack trace. */
export function describeInternally(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return `${error.name}${code ? ` ${code}` : ''}: ${error.message}`;
}

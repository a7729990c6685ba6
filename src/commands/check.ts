import { resolveBaseUrl } from '../brex/base-url.js';
import type { BrexClient } from '../brex/client.js';
import { createBrexClient } from '../brex/create-client.js';
import { BrexApiError } from '../brex/errors.js';
import { defaultRetryPolicy } from '../brex/retry.js';
import { loadConfig, type SourceConfig } from '../config.js';
import { ConnectorError } from '../errors.js';
import { connectionStatusMessage } from '../protocol/messages.js';
import { CASH_ACCOUNTS, STREAMS } from '../streams/definitions.js';
import { TOKEN_HELP } from '../streams/failures.js';
import { warnAboutConfig } from './config-warnings.js';
import type { CommandArgs, CommandIO } from './io.js';

const PROBE_STREAM = 'check';

/** A stream the token may not read, and the scope that would let it. */
interface DeniedStream {
  stream: string;
  scope: string;
}

/**
 * Validates the config, proves the token works with `GET /v2/users/me`, then probes one page of
 * every stream's endpoint to name the tables this token cannot read. Writes exactly one
 * CONNECTION_STATUS and returns 0 whenever the problem is the config or the token.
 */
export async function runCheck(args: CommandArgs, io: CommandIO): Promise<number> {
  let config: SourceConfig;
  let baseUrl: string;
  try {
    if (!args.config) throw new ConnectorError('check needs --config <path to the config JSON file>.', 'config_error');
    config = loadConfig(args.config);
    io.redactor.addSecret(config.token);
    baseUrl = resolveBaseUrl();
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    return fail(io, error.message);
  }
  warnAboutConfig(config, io.logger);

  // Fewer retries than a read, because a person is waiting for the result.
  const client = createBrexClient(config, baseUrl, io.logger, { ...defaultRetryPolicy(), maxAttempts: 3, maxTotalWaitMs: 30_000 });
  const probe = (path: string) => client.getJson(path, path === '/v2/users/me' ? {} : { limit: 1 }, { stream: PROBE_STREAM, signal: io.signal });

  try {
    await probe('/v2/users/me');
  } catch (error) {
    const verdict = interpretTokenProbe(error, baseUrl);
    if (verdict) return fail(io, verdict);
  }

  let denied: DeniedStream[];
  let notes: string[];
  try {
    ({ denied, notes } = await probeStreams(client, probe));
  } catch (error) {
    const verdict = interpretTokenProbe(error, baseUrl);
    if (verdict) return fail(io, verdict);
    throw error;
  }

  if (denied.length === STREAMS.length) {
    return fail(
      io,
      `The Brex token is valid but may not read any table. Create a token in Brex (Settings > Developer) with read access to: ${describeDenied(denied)}.`,
    );
  }

  const parts = ['Connected to Brex.'];
  if (denied.length > 0) {
    parts.push(`This token cannot read ${denied.map((d) => d.stream).join(', ')}; syncing them will fail until the token has ${describeDenied(denied)}, or deselect them.`);
    io.logger.warn({ streams: denied.map((d) => d.stream), scopes: denied.map((d) => d.scope) }, 'Token is missing scopes');
  }
  parts.push(...notes);
  io.writer.write(connectionStatusMessage('SUCCEEDED', parts.join(' ')));
  return 0;
}

/** Returns a failure message when the error shows the token or host is unusable, else undefined. */
function interpretTokenProbe(error: unknown, baseUrl: string): string | undefined {
  if (!(error instanceof BrexApiError)) throw error;
  if (error.kind === 'invalid_token') return `Brex rejected the API token (HTTP ${error.status}). ${TOKEN_HELP}`;
  if (error.kind === 'missing_scope' || error.kind === 'permission_denied') return undefined;
  return `Could not reach the Brex API at ${baseUrl}: ${error.message}. Check the network path to Brex and try again.`;
}

async function probeStreams(client: BrexClient, probe: (path: string) => Promise<unknown>): Promise<{ denied: DeniedStream[]; notes: string[] }> {
  const denied: DeniedStream[] = [];
  const notes: string[] = [];

  const isDenied = (error: unknown) => error instanceof BrexApiError && (error.kind === 'missing_scope' || error.kind === 'permission_denied');

  for (const definition of STREAMS.filter((stream) => !stream.fanOut)) {
    try {
      await probe(definition.path);
    } catch (error) {
      if (!isDenied(error)) throw error;
      denied.push({ stream: definition.name, scope: (error as BrexApiError).scope ?? definition.scope });
    }
  }

  const cash = STREAMS.find((stream) => stream.fanOut === 'cash_accounts');
  if (cash) {
    try {
      const response = await client.getJson(CASH_ACCOUNTS.path, { limit: 1 }, { stream: PROBE_STREAM });
      const first = (response.body as { items?: Array<{ id?: string }> }).items?.[0]?.id;
      if (first) await probe(cash.path.replace('{account_id}', encodeURIComponent(first)));
    } catch (error) {
      if (error instanceof BrexApiError && error.kind === 'cash_not_enabled') {
        notes.push('Brex Cash is not enabled for this account or token user, so cash_transactions will be empty.');
      } else if (isDenied(error)) {
        const scope = (error as BrexApiError).path === CASH_ACCOUNTS.path ? CASH_ACCOUNTS.scope : cash.scope;
        denied.push({ stream: cash.name, scope: (error as BrexApiError).scope ?? scope });
      } else {
        throw error;
      }
    }
  }
  return { denied, notes };
}

function describeDenied(denied: DeniedStream[]): string {
  return denied.map((d) => `${d.scope} (${d.stream})`).join(', ');
}

function fail(io: CommandIO, message: string): number {
  io.logger.warn({ reason: message }, 'Connection check failed');
  io.writer.writeRedacted(connectionStatusMessage('FAILED', message));
  return 0;
}

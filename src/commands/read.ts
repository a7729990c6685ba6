import { setMaxListeners } from 'node:events';

import { resolveBaseUrl } from '../brex/base-url.js';
import { createBrexClient } from '../brex/create-client.js';
import { defaultRetryPolicy } from '../brex/retry.js';
import { BrexApiError } from '../brex/errors.js';
import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { errorTraceMessage } from '../protocol/messages.js';
import { loadState } from '../state.js';
import { loadConfiguredCatalog } from '../streams/configured-catalog.js';
import type { ReadContext } from '../streams/context.js';
import { TOKEN_HELP } from '../streams/failures.js';
import { readStream, validateSavedState, type ConfiguredStream, type StreamOutcome } from '../streams/reader.js';
import { warnAboutConfig } from './config-warnings.js';
import { SIGNAL_EXIT_CODES } from './signals.js';
import type { CommandArgs, CommandIO } from './io.js';


/**
 * Reads the configured streams, all at once under the client's shared rate limit and
 * concurrency bound. Returns 0 when every stream completed, else 1 after the ERROR traces.
 */
export async function runRead(args: CommandArgs, io: CommandIO): Promise<number> {
  if (!args.config) throw new ConfigError('read needs --config <path to the config JSON file>.');
  if (!args.catalog) throw new ConfigError('read needs --catalog <path to the configured catalog JSON file>.');

  const config = loadConfig(args.config);
  io.redactor.addSecret(config.token);
  warnAboutConfig(config, io.logger);
  const baseUrl = resolveBaseUrl();
  const streams = loadConfiguredCatalog(args.catalog, io.logger);
  const savedState = loadState(args.state);
  // A saved state that cannot be read fails the read before any record is emitted.
  for (const configured of streams) validateSavedState(configured, savedState.get(configured.definition.name));

  // Stops every stream when the token is rejected, or when the process receives SIGTERM or SIGINT.
  const controller = new AbortController();
  // Every waiting or in-flight request listens on this signal. Their number is bounded by the
  // streams, cash accounts and expense windows read at once, so Node's warning at 10 is noise.
  setMaxListeners(0, controller.signal);
  io.signal.addEventListener('abort', () => controller.abort(io.signal.reason), { once: true });
  let rejectedToken: BrexApiError | undefined;
  const onInvalidToken = (error: BrexApiError) => {
    rejectedToken ??= error;
    io.logger.error({ path: error.path, status: error.status, trace_id: error.traceId }, 'Brex rejected the token; stopping every stream');
    controller.abort(error);
  };
  const context: ReadContext = {
    client: createBrexClient(config, baseUrl, io.logger, defaultRetryPolicy(), onInvalidToken),
    config,
    logger: io.logger,
    signal: controller.signal,
  };

  io.logger.info(
    { streams: streams.map((s) => `${s.definition.name}:${s.syncMode}`), state_streams: [...savedState.keys()], base_url: baseUrl },
    'Read started',
  );
  const outcomes = await Promise.all(
    streams.map((configured) => readStream(configured, savedState.get(configured.definition.name), io.writer, context)),
  );

  return finishRead(streams, outcomes, io, rejectedToken);
}

function finishRead(streams: ConfiguredStream[], outcomes: StreamOutcome[], io: CommandIO, rejectedToken: BrexApiError | undefined): number {
  const summary = Object.fromEntries(streams.map((s, i) => [s.definition.name, `${outcomes[i].status}:${outcomes[i].records}`]));

  if (io.signal.aborted) {
    const signal = String(io.signal.reason ?? 'SIGTERM');
    io.logger.warn({ signal, streams: summary }, 'Read stopped by a signal; the last STATE of each stream covers everything emitted');
    io.writer.writeRedacted(
      errorTraceMessage({
        message: `The sync was stopped by ${signal} before it finished. The next attempt resumes from the last saved state.`,
        failureType: 'transient_error',
      }),
    );
    return SIGNAL_EXIT_CODES[signal] ?? 143;
  }

  if (rejectedToken) {
    io.logger.error({ streams: summary }, 'Read stopped: Brex rejected the token');
    io.writer.writeRedacted(errorTraceMessage({ message: `Brex rejected the API token. ${TOKEN_HELP}`, failureType: 'config_error' }));
    return 1;
  }

  const failed = outcomes.flatMap((outcome, index) => (outcome.status === 'failed' ? [{ outcome, configured: streams[index] }] : []));
  if (failed.length === 0) {
    io.logger.info({ streams: summary }, 'Read complete');
    return 0;
  }

  // Streams denied for scope or role get one summary trace, so the user sees every grant needed.
  const denied = failed.filter(({ outcome }) => outcome.error instanceof BrexApiError && ['missing_scope', 'permission_denied'].includes(outcome.error.kind));
  if (denied.length > 0) {
    const names = denied.map(({ configured }) => configured.definition.name).join(', ');
    const scopes = denied.map(({ outcome, configured }) => (outcome.error instanceof BrexApiError && outcome.error.scope) || configured.definition.scope);
    io.writer.writeRedacted(
      errorTraceMessage({
        message: `Brex denied access to ${names}. Grant the token ${[...new Set(scopes)].join(', ')} (a new token in Brex under Settings > Developer), or deselect those streams. The other streams were read.`,
        failureType: 'config_error',
      }),
    );
  }
  io.logger.error({ streams: summary }, 'Read finished with failed streams');
  return 1;
}

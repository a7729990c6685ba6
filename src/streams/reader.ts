import { BrexApiError } from '../brex/errors.js';
import type { MessageWriter } from '../protocol/writer.js';
import type { StreamDescriptor } from '../protocol/messages.js';
import { readCashTransactions } from './cash.js';
import type { ReadContext } from './context.js';
import { maxCursor } from './cursor.js';
import type { StreamCursor, StreamDefinition } from './definition.js';
import { StreamEmitter } from './emitter.js';
import { describeStreamFailure } from './failures.js';
import { readChain } from './page-chain.js';
import { readWindowedStream } from './windowed.js';
import { parseCashState, parseCursorState, serializeCursorState } from './stream-state.js';

export type SyncMode = 'full_refresh' | 'incremental';

export interface ConfiguredStream {
  definition: StreamDefinition;
  syncMode: SyncMode;
  descriptor: StreamDescriptor;
}

export type StreamOutcome =
  | { status: 'complete'; records: number }
  | { status: 'failed'; records: number; error: unknown }
  | { status: 'interrupted'; records: number };

/**
 * Reads one configured stream from start to finish: STARTED, RUNNING once data arrives, records
 * and checkpoints, a final STATE, then COMPLETE. On failure the stream ends INCOMPLETE with an
 * ERROR trace naming it, except for errors that stop the whole read (an invalid token, an
 * interrupt), which the read command reports once.
 */
export async function readStream(
  configured: ConfiguredStream,
  savedState: unknown,
  writer: MessageWriter,
  context: ReadContext,
): Promise<StreamOutcome> {
  const { definition, syncMode } = configured;
  const emitter = new StreamEmitter(configured.descriptor, writer);
  const startedAt = Date.now();
  emitter.status('STARTED');
  context.logger.info({ stream: definition.name, sync_mode: syncMode }, 'Stream started');

  try {
    await readByKind(configured, savedState, emitter, context);
    emitter.status('COMPLETE');
    context.logger.info({ stream: definition.name, records: emitter.totalRecords, elapsed_ms: Date.now() - startedAt }, 'Stream complete');
    return { status: 'complete', records: emitter.totalRecords };
  } catch (error) {
    emitter.status('INCOMPLETE');
    if (context.signal.aborted) {
      context.logger.warn({ stream: definition.name, records: emitter.totalRecords }, 'Stream stopped before the end');
      return { status: 'interrupted', records: emitter.totalRecords };
    }

    const stopsRead = error instanceof BrexApiError && error.kind === 'invalid_token';
    const details = error instanceof BrexApiError ? { path: error.path, status: error.status, trace_id: error.traceId, kind: error.kind } : {};
    context.logger.error({ stream: definition.name, records: emitter.totalRecords, ...details, err: error }, 'Stream failed');
    if (!stopsRead) emitter.error(describeStreamFailure(error, definition));
    return { status: 'failed', records: emitter.totalRecords, error };
  }
}

async function readByKind(configured: ConfiguredStream, savedState: unknown, emitter: StreamEmitter, context: ReadContext): Promise<void> {
  const { definition, syncMode } = configured;
  const incremental = syncMode === 'incremental';
  const cursor = definition.cursor;

  if (definition.fanOut === 'cash_accounts' && cursor) {
    await readCashTransactions({ ...definition, cursor }, incremental, savedState, emitter, context);
  } else if (cursor?.endFilterParam) {
    await readWindowedStream({ ...definition, cursor }, incremental, savedState, emitter, context);
  } else if (cursor) {
    await readCursorStream({ ...definition, cursor }, incremental, savedState, emitter, context);
  } else {
    await readChain({ definition, emitter, context, start: {}, incremental: false });
    emitter.state({});
  }
}

/**
 * Reads an incremental-capable stream. The new watermark (the largest cursor value read) is
 * written only after the last page. Checkpoints before that keep the old watermark and add the
 * next page cursor.
 */
async function readCursorStream(
  definition: StreamDefinition & { cursor: StreamCursor },
  incremental: boolean,
  savedState: unknown,
  emitter: StreamEmitter,
  context: ReadContext,
): Promise<void> {
  const start = incremental ? parseCursorState(savedState, definition.cursor, definition.name) : {};
  const result = await readChain({
    definition,
    emitter,
    context,
    start,
    incremental,
    onCheckpoint: incremental ? (resume) => emitter.state(serializeCursorState({ watermark: start.watermark, resume }, definition.cursor)) : undefined,
  });
  emitter.state(serializeCursorState({ watermark: maxCursor(start.watermark, result.maxSeen) }, definition.cursor));
}

/** Raises a ConfigError naming the stream and value when a saved state cannot be read. */
export function validateSavedState(configured: ConfiguredStream, savedState: unknown): void {
  const cursor = configured.definition.cursor;
  if (configured.syncMode !== 'incremental' || !cursor || savedState === undefined) return;
  if (configured.definition.fanOut === 'cash_accounts') parseCashState(savedState, cursor, configured.definition.name);
  else parseCursorState(savedState, cursor, configured.definition.name);
}

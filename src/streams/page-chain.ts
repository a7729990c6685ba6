import { BrexApiError } from '../brex/errors.js';
import { paginate } from '../brex/pagination.js';
import type { QueryParams } from '../brex/query.js';
import { filterStart, formatCursor, parseCursorInstant } from './cursor.js';
import type { StreamDefinition } from './definition.js';
import type { StreamEmitter } from './emitter.js';
import { CHECKPOINT_EVERY_PAGES, CHECKPOINT_INTERVAL_MS, PROGRESS_EVERY_PAGES, type ReadContext } from './context.js';
import type { CursorState, ResumePoint } from './stream-state.js';

export interface ChainOptions {
  definition: StreamDefinition;
  emitter: StreamEmitter;
  context: ReadContext;
  /** Saved watermark and resume point; ignored parts are undefined. */
  start: CursorState;
  /** Whether the saved watermark filters the chain (incremental) or only the start date does. */
  incremental: boolean;
  /** Set for cash_transactions: the account whose transactions are read and added to each record. */
  accountId?: string;
  /** Called between pages with a point a restarted read can continue from. */
  onCheckpoint?: (resume: ResumePoint) => void;
  /** A fixed time window (RFC 3339 bounds, both inclusive, either open) that replaces the watermark filter. */
  window?: { start?: string; end?: string };
}

export interface ChainResult {
  /** Largest cursor value among the records emitted; undefined when none had one. */
  maxSeen?: string;
  records: number;
  pages: number;
}

/**
 * Reads one chain of pages (a stream, or one cash account) and emits its records. The watermark
 * is not moved here: the caller advances it only once the chain has been read to the end,
 * because Brex documents no sort order.
 */
export async function readChain(options: ChainOptions): Promise<ChainResult> {
  const { definition, context, start } = options;
  const cursor = definition.cursor;
  const path = options.accountId ? definition.path.replace('{account_id}', encodeURIComponent(options.accountId)) : definition.path;
  if (options.window) {
    return readPages(options, path, options.window.start, undefined, undefined, { pages: 0 });
  }

  const freshFilter = cursor
    ? filterStart({
        watermark: options.incremental ? start.watermark : undefined,
        lookbackDays: context.config.lookbackDays,
        startDate: context.config.startDate,
        kind: cursor.kind,
      })
    : undefined;

  const resume = options.incremental ? start.resume : undefined;
  if (resume) {
    context.logger.info(
      { stream: definition.name, account_id: options.accountId, filter: resume.filter },
      'Resuming page chain from the saved checkpoint',
    );
    const progress = { pages: 0 };
    try {
      return await readPages(options, path, resume.filter, resume.pageCursor, resume.maxSeen, progress);
    } catch (error) {
      // Only a rejection of the saved cursor itself falls back; later 400s are real errors.
      if (!(error instanceof BrexApiError && error.kind === 'bad_request' && progress.pages === 0)) throw error;
      context.logger.warn(
        { stream: definition.name, account_id: options.accountId, path, trace_id: error.traceId, error: error.brexMessage },
        'Brex rejected the saved page cursor (it may have expired); reading again from the watermark',
      );
    }
  }
  return readPages(options, path, freshFilter, undefined, undefined, { pages: 0 });
}

async function readPages(
  options: ChainOptions,
  path: string,
  filter: string | undefined,
  startCursor: string | undefined,
  maxSeenAtStart: string | undefined,
  progress: { pages: number },
): Promise<ChainResult> {
  const { definition, emitter, context } = options;
  const cursor = definition.cursor;
  const logContext = { stream: definition.name, account_id: options.accountId };
  const query: QueryParams = {
    limit: Math.min(context.config.pageSize, definition.maxPageSize),
    ...(cursor && filter ? { [cursor.filterParam]: filter } : {}),
    ...(cursor?.endFilterParam && options.window?.end ? { [cursor.endFilterParam]: options.window.end } : {}),
    ...definition.query?.(context.config),
  };

  const counts = { records: 0, pages: 0, withoutKey: 0, withoutCursor: 0 };
  let maxInstant = parseCursorInstant(maxSeenAtStart);
  let lastCheckpointAt = Date.now();
  let pagesSinceCheckpoint = 0;
  const startedAt = Date.now();

  const pages = paginate(context.client, path, query, { stream: definition.name, signal: context.signal }, startCursor);
  for await (const page of pages) {
    counts.pages += 1;
    progress.pages = counts.pages;
    emitter.markRunning();

    const emittedAt = Date.now();
    for (const item of page.items) {
      const record = toRecord(item, options.accountId);
      if (!record || !hasPrimaryKey(record, definition.primaryKey)) {
        counts.withoutKey += 1;
        if (counts.withoutKey === 1) {
          context.logger.warn({ ...logContext, path, trace_id: page.traceId }, 'Skipped a record without a primary key; later ones are counted at the end');
        }
        continue;
      }

      if (cursor) {
        const instant = parseCursorInstant(record[cursor.field]);
        if (instant === undefined) counts.withoutCursor += 1;
        else if (maxInstant === undefined || instant > maxInstant) maxInstant = instant;
      }
      emitter.record(record, emittedAt);
      counts.records += 1;
    }

    if (counts.pages % PROGRESS_EVERY_PAGES === 0) {
      context.logger.info({ ...logContext, records: counts.records, pages: counts.pages, elapsed_ms: Date.now() - startedAt }, 'Stream progress');
    }

    pagesSinceCheckpoint += 1;
    const checkpointDue = pagesSinceCheckpoint >= CHECKPOINT_EVERY_PAGES || Date.now() - lastCheckpointAt >= CHECKPOINT_INTERVAL_MS;
    if (page.nextCursor && options.onCheckpoint && checkpointDue) {
      options.onCheckpoint({
        pageCursor: page.nextCursor,
        filter,
        maxSeen: cursor && maxInstant !== undefined ? formatCursor(maxInstant, cursor.kind) : undefined,
      });
      pagesSinceCheckpoint = 0;
      lastCheckpointAt = Date.now();
    }

    await emitter.ready();
  }

  reportSkipped(options, counts);
  return {
    maxSeen: cursor && maxInstant !== undefined ? formatCursor(maxInstant, cursor.kind) : undefined,
    records: counts.records,
    pages: counts.pages,
  };
}

function toRecord(item: unknown, accountId: string | undefined): Record<string, unknown> | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  return accountId === undefined ? (item as Record<string, unknown>) : { account_id: accountId, ...(item as Record<string, unknown>) };
}

function hasPrimaryKey(record: Record<string, unknown>, primaryKey: string[][]): boolean {
  return primaryKey.every(([field]) => {
    const value = record[field];
    return value !== null && value !== undefined && value !== '';
  });
}

function reportSkipped(options: ChainOptions, counts: { withoutKey: number; withoutCursor: number }): void {
  const logContext = { stream: options.definition.name, account_id: options.accountId };
  if (counts.withoutKey > 0) {
    options.context.logger.warn(
      { ...logContext, skipped: counts.withoutKey },
      'Records without a primary key were skipped, because a destination could not deduplicate them',
    );
  }
  if (counts.withoutCursor > 0) {
    options.context.logger.warn(
      { ...logContext, records: counts.withoutCursor, cursor_field: options.definition.cursor?.field },
      'Records without a readable cursor value were emitted but did not move the watermark',
    );
  }
}

import type { ReadContext } from './context.js';
import { filterStart, maxCursor } from './cursor.js';
import type { StreamCursor, StreamDefinition } from './definition.js';
import type { StreamEmitter } from './emitter.js';
import { readChain } from './page-chain.js';
import { parseCursorState, serializeCursorState } from './stream-state.js';
import { WindowPlanner, type TimeWindow } from './windows.js';

/** Pages a window should hold; the planner sizes windows to about this many records. */
const TARGET_PAGES_PER_WINDOW = 20;

/**
 * Reads a stream whose endpoint filters on both ends of the cursor (expenses: `updated_at_start`
 * and `updated_at_end`). The range from the watermark (or start date) to the time the read
 * started is split into windows read in parallel, so a long backfill is many short page chains
 * instead of one long one. The watermark advances over the finished windows in order, so a crash
 * resumes from the last window finished, whatever Brex does with old page cursors.
 */
export async function readWindowedStream(
  definition: StreamDefinition & { cursor: StreamCursor },
  incremental: boolean,
  savedState: unknown,
  emitter: StreamEmitter,
  context: ReadContext,
): Promise<void> {
  const { config, logger } = context;
  const saved = incremental ? parseCursorState(savedState, definition.cursor, definition.name) : {};
  const from = filterStart({ watermark: saved.watermark, lookbackDays: config.lookbackDays, startDate: config.startDate, kind: definition.cursor.kind });
  const planner = new WindowPlanner({
    start: from === undefined ? undefined : Date.parse(from),
    end: Date.now(),
    targetRecords: config.pageSize * TARGET_PAGES_PER_WINDOW,
  });
  const progress = new WindowProgress(saved.watermark);
  let failure: unknown;

  const worker = async () => {
    for (let window = planner.next(); window && failure === undefined; window = planner.next()) {
      progress.issue(window);
      try {
        const result = await readChain({ definition, emitter, context, start: {}, incremental: false, window: toFilterRange(window) });
        planner.observe(window, result.records);
        logger.info(
          { stream: definition.name, window: window.index, start: toFilterRange(window).start ?? 'beginning', end: toFilterRange(window).end ?? 'open', records: result.records, pages: result.pages },
          'Window read',
        );
        if (progress.complete(window, result.maxSeen) && incremental) {
          emitter.state(serializeCursorState({ watermark: progress.watermark }, definition.cursor));
        }
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: config.maxConcurrentRequests }, worker));

  if (failure !== undefined) throw failure;
  emitter.state(serializeCursorState({ watermark: progress.watermark }, definition.cursor));
}

// NOTE: window bounds carry milliseconds (…T10:00:00.999Z). Brex documents RFC 3339 filters but
// not their precision. If Brex truncated them to seconds, records in the last second of a window
// would be skipped until the next sync's lookback reads them again.
function toFilterRange(window: TimeWindow): { start?: string; end?: string } {
  return {
    start: window.start === undefined ? undefined : new Date(window.start).toISOString(),
    end: window.end === undefined ? undefined : new Date(window.end).toISOString(),
  };
}

/**
 * Tracks which windows are finished. The watermark is the largest cursor value of the windows
 * finished without a gap before them, so it never covers a window still being read.
 */
class WindowProgress {
  private readonly pending = new Map<number, { done: boolean; maxSeen?: string }>();
  private nextInOrder = 0;
  watermark: string | undefined;

  constructor(initial: string | undefined) {
    this.watermark = initial;
  }

  issue(window: TimeWindow): void {
    this.pending.set(window.index, { done: false });
  }

  /** Marks a window finished; returns whether the watermark moved. */
  complete(window: TimeWindow, maxSeen: string | undefined): boolean {
    this.pending.set(window.index, { done: true, maxSeen });
    const before = this.watermark;
    for (let entry = this.pending.get(this.nextInOrder); entry?.done; entry = this.pending.get(this.nextInOrder)) {
      this.watermark = maxCursor(this.watermark, entry.maxSeen);
      this.pending.delete(this.nextInOrder);
      this.nextInOrder += 1;
    }
    return this.watermark !== before;
  }
}

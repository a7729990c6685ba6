// Checks of the `incremental` section that need more than one read: restarts from
// checkpoints, record sets across reads, and the lower bound a watermark sets.
import { show, stableStringify } from './problems.js';
import { valueAtPath } from './record-checks.js';
import { isSchemaObject } from './schema-walk.js';
import { cursorTime } from './state-checks.js';
import { recordsOf, statesOf, type AirbyteMessage, type AirbyteStateMessage, type ConfiguredAirbyteCatalog, type ConfiguredAirbyteStream } from '../helpers/protocol.js';

const dayMs = 86_400_000;

/** Keeps the configured streams in incremental mode, as CAT reduces the catalog for this section. */
export function incrementalOnly(catalog: ConfiguredAirbyteCatalog): ConfiguredAirbyteCatalog {
  return { streams: catalog.streams.filter((configured) => configured.sync_mode === 'incremental') };
}

/** Returns the cursor path of a configured stream: its cursor_field, else the discovered default. */
export function cursorPathOf(configured: ConfiguredAirbyteStream): string[] | undefined {
  const cursor = configured.cursor_field?.length ? configured.cursor_field : configured.stream.default_cursor_field;
  return cursor?.length ? cursor : undefined;
}

export function cursorDefinitionProblems(catalog: ConfiguredAirbyteCatalog): string[] {
  return catalog.streams
    .filter((configured) => cursorPathOf(configured) === undefined)
    .map((configured) => `stream ${configured.stream.name}: expected cursor_field in the configured catalog or default_cursor_field in discover, got neither`);
}

/** Record data of a read as a sorted list of canonical JSON strings, optionally of one stream. */
export function recordSet(messages: AirbyteMessage[], stream?: string): string[] {
  return recordsOf(messages, stream)
    .map((record) => stableStringify({ stream: record.stream, data: record.data }))
    .sort();
}

export function sameRecordSetProblems(first: AirbyteMessage[], second: AirbyteMessage[], label: string): string[] {
  const firstSet = recordSet(first);
  const secondSet = recordSet(second);
  if (secondSet.length === 0 || stableStringify(firstSet) !== stableStringify(secondSet)) {
    return [];
  }
  return [`${label}: expected records different from the first read (or none), got the same ${secondSet.length} records`];
}

/**
 * Finds the watermark that bounds a record read from a stream state. A nested map keyed by
 * a value of the record (the cash account id under "accounts") gives a per-scope watermark.
 * A record whose scope has an entry without a watermark is unbounded. Records without an
 * entry fall back to the top-level cursor value. Returns undefined when nothing bounds it.
 */
export function watermarkFor(streamState: unknown, cursorKey: string, data: Record<string, unknown>): string | undefined {
  if (!isSchemaObject(streamState)) {
    return undefined;
  }

  const recordValues = Object.values(data).filter((value): value is string => typeof value === 'string');
  for (const [key, scopes] of Object.entries(streamState)) {
    if (key === cursorKey || key === 'resume' || !isSchemaObject(scopes)) {
      continue;
    }
    const scopeId = recordValues.find((value) => isSchemaObject(scopes[value]));
    if (scopeId !== undefined) {
      const scopeState = scopes[scopeId] as Record<string, unknown>;
      return typeof scopeState[cursorKey] === 'string' ? scopeState[cursorKey] : undefined;
    }
  }

  const topLevel = streamState[cursorKey];
  return typeof topLevel === 'string' ? topLevel : undefined;
}

/** Records read from a state carry a cursor no earlier than that state's watermark minus the lookback. */
export function earlyRecordProblems(messages: AirbyteMessage[], stream: string, cursorPath: string[], streamState: unknown, lookbackDays: number): string[] {
  const problems: string[] = [];
  const cursorKey = cursorPath[cursorPath.length - 1];

  for (const record of recordsOf(messages, stream)) {
    const watermark = watermarkFor(streamState, cursorKey, record.data);
    if (watermark === undefined) {
      continue;
    }
    const lowerBound = cursorTime(watermark) - lookbackDays * dayMs;
    const cursorValue = valueAtPath(record.data, cursorPath);
    const recordTime = cursorTime(cursorValue);
    if (Number.isNaN(recordTime) || recordTime < lowerBound) {
      problems.push(
        `stream ${stream}: expected ${cursorPath.join('.')} at or after ${new Date(lowerBound).toISOString()} (watermark ${watermark} minus ${lookbackDays} day(s) of lookback), got ${show(cursorValue)} in ${show(record.data)}`,
      );
    }
  }
  return problems;
}

export interface Checkpoint {
  state: AirbyteStateMessage;
  /** Records of the stream emitted after this state in the read that produced it. */
  recordsAfter: number;
}

/**
 * Lists the checkpoints CAT restarts from: distinct stream states with a non-zero recordCount,
 * each with the number of the stream's records that followed it.
 */
export function checkpointsOf(messages: AirbyteMessage[], stream: string): Checkpoint[] {
  const total = recordsOf(messages, stream).length;
  const seen = new Set<string>();
  const checkpoints: Checkpoint[] = [];
  let recordsBefore = 0;

  for (const state of statesOf(messages, stream)) {
    const count = state.sourceStats?.recordCount ?? 0;
    recordsBefore += count;

    const content = stableStringify(state.stream?.stream_state);
    if (seen.has(content) || count === 0) {
      continue;
    }
    seen.add(content);
    checkpoints.push({ state, recordsAfter: total - recordsBefore });
  }
  return checkpoints;
}

export function futureStateRecordProblems(messages: AirbyteMessage[]): string[] {
  const records = recordsOf(messages);
  if (records.length === 0) {
    return [];
  }
  return [`expected no records when reading from a future state, got ${records.length}: ${show(records.slice(0, 3))}`];
}

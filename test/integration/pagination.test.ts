// Small pages: every row once, checkpoints during a read, and reads restarted from them.
import type { RunResult } from '../helpers/cli.js';
import type { AirbyteCatalog, AirbyteMessage, AirbyteStateMessage } from '../helpers/protocol.js';
import { stateStreamName, statesOf } from '../helpers/protocol.js';
import { ALL_STREAMS, catalogOfAllStreams, catalogWith } from './support/catalog.js';
import { discoverFrom, readFrom, testConfig } from './support/connector.js';
import { addDays, latestDate, latestDateTime } from './support/dates.js';
import { EMULATOR_TODAY, useEmulators } from './support/emulator.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { byKey, expectRecordsMatchRows, keyOf, recordData, sortedKeys, tableRows, type Row } from './support/rows.js';
import { queryValue, requestsTo, STREAM_PATHS } from './support/requests.js';
import { lastStreamState, stateFileOf } from './support/states.js';

const PAGE_SIZE = 3;

type StreamState = Record<string, unknown> & { resume?: Record<string, unknown> };

/** Returns whether a stream state is a checkpoint inside a page chain, which carries a page cursor. */
function isCheckpoint(streamState: StreamState): boolean {
  if (streamState.resume !== undefined) return true;
  const accounts = (streamState.accounts ?? {}) as Record<string, StreamState>;
  return Object.values(accounts).some((account) => account.resume !== undefined);
}

function streamStateOf(state: AirbyteStateMessage): StreamState {
  return (state.stream?.stream_state ?? {}) as StreamState;
}

/** Returns the records of the STATE's stream that were written before that STATE. */
function recordsBefore(messages: AirbyteMessage[], state: AirbyteStateMessage): Row[] {
  const position = messages.findIndex((message) => message.state === state);
  if (position < 0) throw new Error('the STATE is not among the messages');
  const stream = stateStreamName(state);
  return messages
    .slice(0, position)
    .filter((message) => message.type === 'RECORD' && message.record?.stream === stream)
    .map((message) => message.record?.data as Row);
}

function checkpointsOf(result: RunResult, stream: string): AirbyteStateMessage[] {
  return statesOf(result.messages, stream).filter((state) => isCheckpoint(streamStateOf(state)));
}

describe('small pages', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;

  beforeAll(async () => {
    discovered = await discoverFrom(await emulators.start());
    schemas = recordSchemasOf(discovered);
  });

  it('give every row of every stream exactly once', async () => {
    const emulator = await emulators.start();
    const config = testConfig({ page_size: PAGE_SIZE, expense_expand: [] });

    const result = await readFrom(emulator, { config, catalog: catalogOfAllStreams(discovered, 'incremental') });
    expectCompleteRead(result, ALL_STREAMS, schemas);

    for (const stream of ALL_STREAMS) {
      expectRecordsMatchRows(stream, recordData(result.messages, stream), tableRows(emulator, stream));
      const pages = requestsTo(emulator, STREAM_PATHS[stream]);
      expect({ stream, morePagesThanOne: pages.length > 1 }).toEqual({ stream, morePagesThanOne: true });
    }
  });

  it('card_transactions resume from a page checkpoint', async () => {
    const emulator = await emulators.start();
    const stream = 'card_transactions';
    const catalog = catalogWith(discovered, { [stream]: 'incremental' });
    const config = testConfig({ page_size: PAGE_SIZE });
    const allRows = tableRows(emulator, stream);

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, [stream], schemas);
    expectRecordsMatchRows(stream, recordData(first.messages, stream), allRows);

    // A checkpoint keeps the old watermark (none on a first read) and names the next page.
    const checkpoints = checkpointsOf(first, stream);
    expect(checkpoints.length).toBeGreaterThan(0);
    const checkpoint = checkpoints[0];
    const checkpointState = streamStateOf(checkpoint);
    expect(checkpointState.posted_at_date).toBeUndefined();
    expect(typeof checkpointState.resume?.page_cursor).toBe('string');
    expect(checkpointState.resume?.posted_at_start).toBeUndefined();

    // It sits between pages: a whole number of pages before it, and records after it.
    const before = recordsBefore(first.messages, checkpoint);
    expect(before.length % PAGE_SIZE).toBe(0);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(allRows.length);
    expect(checkpoint.sourceStats?.recordCount).toBe(before.length);
    expect(isCheckpoint(lastStreamState(first.messages, stream))).toBe(false);

    const restarted = await readFrom(emulator, { config, catalog, state: [checkpoint] });
    expectCompleteRead(restarted, [stream], schemas);

    const after = recordData(restarted.messages, stream);
    const beforeKeys = new Set(sortedKeys(stream, before));
    expect(after.filter((record) => beforeKeys.has(keyOf(stream, record)))).toEqual([]);
    expectRecordsMatchRows(stream, [...before, ...after], allRows);
    expect(lastStreamState(restarted.messages, stream).posted_at_date).toBe(latestDate(allRows.map((row) => row.posted_at_date as string)));
  });

  it('expenses resume from a window checkpoint', async () => {
    const emulator = await emulators.start();
    const stream = 'expenses';
    const catalog = catalogWith(discovered, { [stream]: 'incremental' });
    // One request at a time, so the windows finish in order and each one moves the watermark.
    const config = testConfig({ page_size: PAGE_SIZE, expense_expand: [], max_concurrent_requests: 1 });
    const allRows = tableRows(emulator, stream);
    const newest = Date.parse(latestDateTime(allRows.map((row) => row.updated_at as string)));

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, [stream], schemas);
    expectRecordsMatchRows(stream, recordData(first.messages, stream), allRows);

    // Every STATE before the last one is a watermark inside the data, behind the final one.
    const states = statesOf(first.messages, stream);
    expect(states.length).toBeGreaterThan(1);
    const checkpoint = states[0];
    const watermark = streamStateOf(checkpoint).updated_at as string;
    expect(Date.parse(watermark)).toBeLessThan(newest);
    const before = recordsBefore(first.messages, checkpoint);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(allRows.length);
    expect(Date.parse(lastStreamState(first.messages, stream).updated_at as string)).toBe(newest);

    // A restart from it reads from the watermark minus the lookback: nothing older, no gap.
    const restarted = await readFrom(emulator, { config, catalog, state: [checkpoint] });
    expectCompleteRead(restarted, [stream], schemas);

    const after = recordData(restarted.messages, stream);
    const overlapStart = Date.parse(watermark) - 86_400_000;
    expectRecordsMatchRows(stream, after, allRows.filter((row) => Date.parse(row.updated_at as string) >= overlapStart));
    expectRecordsMatchRows(stream, [...byKey(stream, [...before, ...after]).values()], allRows);
    expect(Date.parse(lastStreamState(restarted.messages, stream).updated_at as string)).toBe(newest);
  });

  it('checkpoints keep the saved watermark and filter', async () => {
    const emulator = await emulators.start();
    const stream = 'card_transactions';
    const catalog = catalogWith(discovered, { [stream]: 'incremental' });
    const config = testConfig({ page_size: PAGE_SIZE });
    const watermark = addDays(EMULATOR_TODAY, -700);
    const filter = `${addDays(watermark, -1)}T00:00:00Z`;
    const state = stateFileOf({ [stream]: { posted_at_date: watermark } });

    const first = await readFrom(emulator, { config, catalog, state });
    expectCompleteRead(first, [stream], schemas);
    const expected = tableRows(emulator, stream).filter((row) => (row.posted_at_date as string) >= addDays(watermark, -1));

    const checkpoint = checkpointsOf(first, stream)[0];
    expect(checkpoint).toBeDefined();
    const checkpointState = streamStateOf(checkpoint);
    expect(checkpointState.posted_at_date).toBe(watermark);
    expect(checkpointState.resume?.posted_at_start).toBe(filter);

    emulator.clearRequests();
    const restarted = await readFrom(emulator, { config, catalog, state: [checkpoint] });
    expectCompleteRead(restarted, [stream], schemas);

    const before = recordsBefore(first.messages, checkpoint);
    expectRecordsMatchRows(stream, [...before, ...recordData(restarted.messages, stream)], expected);
    const requests = requestsTo(emulator, STREAM_PATHS[stream]);
    expect(requests.map((entry) => queryValue(entry, 'posted_at_start'))).toEqual(requests.map(() => filter));
    expect(queryValue(requests[0], 'cursor')).toBe(checkpointState.resume?.page_cursor);
  });

  it('cash_transactions resume the unfinished account', async () => {
    const emulator = await emulators.start();
    const stream = 'cash_transactions';
    const catalog = catalogWith(discovered, { [stream]: 'incremental' });
    // One page of one transaction at a time, one account at a time, so each account takes many pages.
    const config = testConfig({ page_size: 1, max_concurrent_requests: 1 });
    const allRows = tableRows(emulator, stream);

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, [stream], schemas);
    expectRecordsMatchRows(stream, recordData(first.messages, stream), allRows);

    const checkpoints = checkpointsOf(first, stream);
    expect(checkpoints.length).toBeGreaterThan(1);
    const checkpoint = checkpoints[checkpoints.length - 1];
    const before = recordsBefore(first.messages, checkpoint);
    expect(before.length).toBeLessThan(allRows.length);

    const restarted = await readFrom(emulator, { config, catalog, state: [checkpoint] });
    expectCompleteRead(restarted, [stream], schemas);

    const after = recordData(restarted.messages, stream);
    const beforeKeys = new Set(sortedKeys(stream, before));
    expect(after.filter((record) => beforeKeys.has(keyOf(stream, record)))).toEqual([]);
    expectRecordsMatchRows(stream, [...before, ...after], allRows);
    expect(lastStreamState(restarted.messages, stream)).toEqual(lastStreamState(first.messages, stream));
  });
});

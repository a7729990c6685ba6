// Incremental expenses over two reads: updated rows come back with their new updated_at.
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { catalogWith } from './support/catalog.js';
import { discoverFrom, readFrom, testConfig } from './support/connector.js';
import { instantDaysBefore, latestDateTime } from './support/dates.js';
import { useEmulators } from './support/emulator.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { byKey, expectRecordsMatchRows, recordData, sortedKeys, tableRows, type Row } from './support/rows.js';
import { queryValue, requestedWindows, requestsTo, STREAM_PATHS, windowTilingProblems } from './support/requests.js';
import { lastStatesPerStream, lastStreamState } from './support/states.js';

const STREAM = 'expenses';
const LOOKBACK_DAYS = 1;

// Without expansion the records are comparable with the emulator's rows field by field.
const config = testConfig({ expense_expand: [] });

function updatedAts(rows: Row[]): string[] {
  return rows.map((row) => row.updated_at as string);
}

describe('incremental expenses', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;

  beforeAll(async () => {
    discovered = await discoverFrom(await emulators.start());
    schemas = recordSchemasOf(discovered);
  });

  it('reads updated expenses and the lookback overlap only', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, [STREAM], schemas);
    const rowsBefore = tableRows(emulator, STREAM);
    expectRecordsMatchRows(STREAM, recordData(first.messages, STREAM), rowsBefore);
    const watermark = lastStreamState(first.messages, STREAM).updated_at as string;
    expect(Date.parse(watermark)).toBe(Date.parse(latestDateTime(updatedAts(rowsBefore))));

    const updated = emulator.control.updateExpenses(4) as Row[];
    emulator.clearRequests();
    const second = await readFrom(emulator, { config, catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [STREAM], schemas);

    const rowsAfter = tableRows(emulator, STREAM);
    const overlapStart = instantDaysBefore(watermark, LOOKBACK_DAYS);
    const expected = rowsAfter.filter((row) => Date.parse(row.updated_at as string) >= overlapStart);
    const records = recordData(second.messages, STREAM);
    expectRecordsMatchRows(STREAM, records, expected);

    const recordsByKey = byKey(STREAM, records);
    for (const row of updated) {
      expect(recordsByKey.get(row.id as string)?.updated_at).toBe(row.updated_at);
      expect(Date.parse(row.updated_at as string)).toBeGreaterThan(Date.parse(watermark));
    }
    expect(expected.length).toBeLessThan(rowsAfter.length);

    expect(Date.parse(lastStreamState(second.messages, STREAM).updated_at as string)).toBe(Date.parse(latestDateTime(updatedAts(rowsAfter))));
  });

  it('filters from watermark minus lookback', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, [STREAM], schemas);
    const watermark = lastStreamState(first.messages, STREAM).updated_at as string;

    emulator.clearRequests();
    const second = await readFrom(emulator, { config, catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [STREAM], schemas);

    // The range may be split into time windows; together they must start at the overlap and leave no gap.
    const requests = requestsTo(emulator, STREAM_PATHS[STREAM]);
    for (const entry of requests) {
      expect(queryValue(entry, 'updated_at_start')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    }
    const windows = requestedWindows(requests, 'updated_at_start', 'updated_at_end');
    expect(windowTilingProblems(windows, instantDaysBefore(watermark, LOOKBACK_DAYS))).toEqual([]);
  });

  it('skips updates older than the overlap', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, [STREAM], schemas);
    const watermark = lastStreamState(first.messages, STREAM).updated_at as string;

    // One expense edited just inside the lookback window, others edited long before it.
    const insideWindow = new Date(instantDaysBefore(watermark, LOOKBACK_DAYS) + 60_000).toISOString();
    const outsideWindow = new Date(instantDaysBefore(watermark, 10)).toISOString();
    const inside = emulator.control.updateExpenses(1, { updatedAt: insideWindow }) as Row[];
    const outside = emulator.control.updateExpenses(2, { updatedAt: outsideWindow }) as Row[];
    const outsideKeys = sortedKeys(STREAM, outside).filter((key) => !sortedKeys(STREAM, inside).includes(key));

    const second = await readFrom(emulator, { config, catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [STREAM], schemas);

    const keys = sortedKeys(STREAM, recordData(second.messages, STREAM));
    expect(keys).toEqual(expect.arrayContaining(sortedKeys(STREAM, inside)));
    for (const key of outsideKeys) {
      expect(keys).not.toContain(key);
    }
    expect(Date.parse(lastStreamState(second.messages, STREAM).updated_at as string)).toBe(Date.parse(watermark));
  });
});

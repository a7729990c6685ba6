// Incremental card_transactions over two reads: new rows plus the lookback overlap, nothing older.
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { catalogWith } from './support/catalog.js';
import { discoverFrom, readFrom } from './support/connector.js';
import { addDays, latestDate } from './support/dates.js';
import { useEmulators } from './support/emulator.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { expectRecordsMatchRows, recordData, sortedKeys, tableRows, type Row } from './support/rows.js';
import { requestsTo, queryValue, STREAM_PATHS } from './support/requests.js';
import { lastStatesPerStream, lastStreamState } from './support/states.js';

const STREAM = 'card_transactions';
const LOOKBACK_DAYS = 1;

function postedDates(rows: Row[]): string[] {
  return rows.map((row) => row.posted_at_date as string);
}

describe('incremental card_transactions', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;

  beforeAll(async () => {
    discovered = await discoverFrom(await emulators.start());
    schemas = recordSchemasOf(discovered);
  });

  it('reads new rows and the lookback overlap only', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });

    const first = await readFrom(emulator, { catalog });
    expectCompleteRead(first, [STREAM], schemas);
    const rowsBefore = tableRows(emulator, STREAM);
    expectRecordsMatchRows(STREAM, recordData(first.messages, STREAM), rowsBefore);
    const watermark = lastStreamState(first.messages, STREAM).posted_at_date as string;
    expect(watermark).toBe(latestDate(postedDates(rowsBefore)));

    // New rows posted today, and late-posted ones: inside the lookback and just before it.
    const added = emulator.control.addCardTransactions(5) as Row[];
    const lateInside = emulator.control.addCardTransactions(2, { postedAtDate: addDays(watermark, -LOOKBACK_DAYS) }) as Row[];
    const lateOutside = emulator.control.addCardTransactions(2, { postedAtDate: addDays(watermark, -LOOKBACK_DAYS - 1) }) as Row[];
    emulator.clearRequests();
    const second = await readFrom(emulator, { catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [STREAM], schemas);

    const rowsAfter = tableRows(emulator, STREAM);
    const overlapStart = addDays(watermark, -LOOKBACK_DAYS);
    const expected = rowsAfter.filter((row) => (row.posted_at_date as string) >= overlapStart);
    const records = recordData(second.messages, STREAM);
    expectRecordsMatchRows(STREAM, records, expected);

    const keys = sortedKeys(STREAM, records);
    expect(keys).toEqual(expect.arrayContaining(sortedKeys(STREAM, [...added, ...lateInside])));
    for (const key of sortedKeys(STREAM, lateOutside)) {
      expect(keys).not.toContain(key);
    }

    // The overlap must be a real part of the old data, or the test would prove nothing about it.
    expect(expected.length).toBeGreaterThan(added.length + lateInside.length);
    expect(expected.length).toBeLessThan(rowsAfter.length);

    expect(lastStreamState(second.messages, STREAM).posted_at_date).toBe(latestDate(postedDates(rowsAfter)));
  });

  it('filters from watermark minus lookback', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });

    const first = await readFrom(emulator, { catalog });
    expectCompleteRead(first, [STREAM], schemas);
    const firstRequests = requestsTo(emulator, STREAM_PATHS[STREAM]);
    expect(firstRequests.map((entry) => queryValue(entry, 'posted_at_start'))).toEqual(firstRequests.map(() => undefined));

    const watermark = lastStreamState(first.messages, STREAM).posted_at_date as string;
    emulator.clearRequests();
    const second = await readFrom(emulator, { catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [STREAM], schemas);

    const filters = requestsTo(emulator, STREAM_PATHS[STREAM]).map((entry) => queryValue(entry, 'posted_at_start'));
    expect(filters.length).toBeGreaterThan(0);
    expect(new Set(filters)).toEqual(new Set([`${addDays(watermark, -LOOKBACK_DAYS)}T00:00:00Z`]));
  });

  it('moves the watermark to rows posted after it', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });

    const first = await readFrom(emulator, { catalog });
    expectCompleteRead(first, [STREAM], schemas);
    const watermark = lastStreamState(first.messages, STREAM).posted_at_date as string;

    const laterDate = addDays(watermark, 3);
    const added = emulator.control.addCardTransactions(3, { postedAtDate: laterDate }) as Row[];
    const second = await readFrom(emulator, { catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [STREAM], schemas);

    const overlapStart = addDays(watermark, -LOOKBACK_DAYS);
    const expected = tableRows(emulator, STREAM).filter((row) => (row.posted_at_date as string) >= overlapStart);
    expectRecordsMatchRows(STREAM, recordData(second.messages, STREAM), expected);
    expect(sortedKeys(STREAM, expected)).toEqual(expect.arrayContaining(sortedKeys(STREAM, added)));
    expect(lastStreamState(second.messages, STREAM).posted_at_date).toBe(laterDate);
  });
});

// The lookback boundary: with 0 days the watermark day is read again, with 1 day the day before too.
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { catalogWith } from './support/catalog.js';
import { discoverFrom, readFrom, testConfig } from './support/connector.js';
import { addDays, instantDaysBefore } from './support/dates.js';
import { EMULATOR_TODAY, useEmulators, type Emulator } from './support/emulator.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { expectRecordsMatchRows, recordData, sortedKeys, tableRows, type Row } from './support/rows.js';
import { queryValue, requestedWindows, requestsTo, STREAM_PATHS, windowTilingProblems } from './support/requests.js';
import { lastStatesPerStream, lastStreamState, stateFileOf } from './support/states.js';

const CARD = 'card_transactions';
const EXPENSES = 'expenses';

// A watermark in the middle of the generated history, with added rows on it and the two days before.
const WATERMARK_DAY = addDays(EMULATOR_TODAY, -100);

function postedOnOrAfter(rows: Row[], date: string): Row[] {
  return rows.filter((row) => (row.posted_at_date as string) >= date);
}

describe('lookback boundary', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;
  let emulator: Emulator;
  const addedOn: Record<string, Row[]> = {};

  beforeAll(async () => {
    emulator = await emulators.start();
    discovered = await discoverFrom(emulator);
    schemas = recordSchemasOf(discovered);
    for (const daysBefore of [0, 1, 2]) {
      const date = addDays(WATERMARK_DAY, -daysBefore);
      addedOn[date] = emulator.control.addCardTransactions(2, { postedAtDate: date }) as Row[];
    }
  });

  it.each([
    { lookback: 0, firstDay: WATERMARK_DAY },
    { lookback: 1, firstDay: addDays(WATERMARK_DAY, -1) },
    { lookback: 2, firstDay: addDays(WATERMARK_DAY, -2) },
  ])('card_transactions with lookback $lookback reads from $firstDay', async ({ lookback, firstDay }) => {
    const catalog = catalogWith(discovered, { [CARD]: 'incremental' });
    const state = stateFileOf({ [CARD]: { posted_at_date: WATERMARK_DAY } });
    emulator.clearRequests();

    const result = await readFrom(emulator, { config: testConfig({ lookback_window_days: lookback }), catalog, state });
    expectCompleteRead(result, [CARD], schemas);

    const records = recordData(result.messages, CARD);
    expectRecordsMatchRows(CARD, records, postedOnOrAfter(tableRows(emulator, CARD), firstDay));

    const keys = sortedKeys(CARD, records);
    expect(keys).toEqual(expect.arrayContaining(sortedKeys(CARD, addedOn[firstDay])));
    for (const key of sortedKeys(CARD, addedOn[addDays(firstDay, -1)] ?? [])) {
      expect(keys).not.toContain(key);
    }

    const filters = requestsTo(emulator, STREAM_PATHS[CARD]).map((entry) => queryValue(entry, 'posted_at_start'));
    expect(new Set(filters)).toEqual(new Set([`${firstDay}T00:00:00Z`]));
  });

  it('rereads the watermark day with lookback 0', async () => {
    const fresh = await emulators.start();
    const catalog = catalogWith(discovered, { [CARD]: 'incremental' });
    const config = testConfig({ lookback_window_days: 0 });

    const first = await readFrom(fresh, { config, catalog });
    expectCompleteRead(first, [CARD], schemas);
    const watermark = lastStreamState(first.messages, CARD).posted_at_date as string;

    const second = await readFrom(fresh, { config, catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [CARD], schemas);

    const onWatermarkDay = tableRows(fresh, CARD).filter((row) => row.posted_at_date === watermark);
    expect(onWatermarkDay.length).toBeGreaterThan(1);
    expectRecordsMatchRows(CARD, recordData(second.messages, CARD), onWatermarkDay);
    expect(lastStreamState(second.messages, CARD).posted_at_date).toBe(watermark);
  });

  it.each([0, 1])('expenses with lookback %i keep the boundary instant', async (lookback) => {
    const fresh = await emulators.start();
    const catalog = catalogWith(discovered, { [EXPENSES]: 'incremental' });
    const config = testConfig({ lookback_window_days: lookback, expense_expand: [] });

    // Three expenses share one updated_at, which becomes the saved watermark.
    const boundary = '2026-09-15T10:20:30Z';
    const atBoundary = fresh.control.updateExpenses(3, { updatedAt: boundary }) as Row[];
    const state = stateFileOf({ [EXPENSES]: { updated_at: boundary } });

    const result = await readFrom(fresh, { config, catalog, state });
    expectCompleteRead(result, [EXPENSES], schemas);

    const firstInstant = instantDaysBefore(boundary, lookback);
    const expected = tableRows(fresh, EXPENSES).filter((row) => Date.parse(row.updated_at as string) >= firstInstant);
    const records = recordData(result.messages, EXPENSES);
    expectRecordsMatchRows(EXPENSES, records, expected);
    expect(sortedKeys(EXPENSES, records)).toEqual(expect.arrayContaining(sortedKeys(EXPENSES, atBoundary)));

    const windows = requestedWindows(requestsTo(fresh, STREAM_PATHS[EXPENSES]), 'updated_at_start', 'updated_at_end');
    expect(windowTilingProblems(windows, firstInstant)).toEqual([]);
  });

  it('cash_transactions with lookback 0 reread the watermark day', async () => {
    const fresh = await emulators.start();
    const catalog = catalogWith(discovered, { cash_transactions: 'incremental' });
    const config = testConfig({ lookback_window_days: 0 });
    const primary = tableRows(fresh, 'cash_accounts').find((account) => account.primary === true);
    if (!primary) throw new Error('the emulator has no primary cash account');

    const onDay = fresh.control.addCashTransactions(2, { accountId: primary.id as string, postedAtDate: WATERMARK_DAY }) as Row[];
    const dayBefore = fresh.control.addCashTransactions(2, { accountId: primary.id as string, postedAtDate: addDays(WATERMARK_DAY, -1) }) as Row[];
    const state = stateFileOf({ cash_transactions: { accounts: { [primary.id as string]: { posted_at_date: WATERMARK_DAY } } } });

    const result = await readFrom(fresh, { config, catalog, state });
    expectCompleteRead(result, ['cash_transactions'], schemas);

    const expected = tableRows(fresh, 'cash_transactions').filter(
      (row) => row.account_id !== primary.id || (row.posted_at_date as string) >= WATERMARK_DAY,
    );
    const records = recordData(result.messages, 'cash_transactions');
    expectRecordsMatchRows('cash_transactions', records, expected);
    expect(sortedKeys('cash_transactions', records)).toEqual(expect.arrayContaining(sortedKeys('cash_transactions', onDay)));
    for (const key of sortedKeys('cash_transactions', dayBefore)) {
      expect(sortedKeys('cash_transactions', records)).not.toContain(key);
    }
  });
});

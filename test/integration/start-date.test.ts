// start_date: older rows are not emitted, and the first request filters on it in RFC 3339 UTC.
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { catalogWith, INCREMENTAL_STREAMS, type SyncMode } from './support/catalog.js';
import { discoverFrom, readFrom, testConfig } from './support/connector.js';
import { addDays } from './support/dates.js';
import { EMULATOR_TODAY, useEmulators, type Emulator } from './support/emulator.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { expectRecordsMatchRows, recordData, tableRows, type Row } from './support/rows.js';
import { isLaterPage, queryValue, requestedWindows, requestsTo, STREAM_PATHS, windowTilingProblems } from './support/requests.js';
import { stateFileOf } from './support/states.js';

const START_DAY = addDays(EMULATOR_TODAY, -200);

/** Selects the rows of each incremental stream that a start instant keeps. */
function rowsFrom(emulatorRows: (stream: string) => Row[], startInstant: number): Record<string, Row[]> {
  const startDay = new Date(startInstant).toISOString().slice(0, 10);
  return {
    card_transactions: emulatorRows('card_transactions').filter((row) => (row.posted_at_date as string) >= startDay),
    cash_transactions: emulatorRows('cash_transactions').filter((row) => (row.posted_at_date as string) >= startDay),
    expenses: emulatorRows('expenses').filter((row) => Date.parse(row.updated_at as string) >= startInstant),
  };
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Asserts that the first page of every transaction chain filters on exactly `filter`, and that
 * the expense windows start at that instant, in RFC 3339 UTC, and cover the range after it.
 */
function expectFirstRequestsFilteredFrom(emulator: Emulator, filter: string): void {
  const transactionPaths = [STREAM_PATHS.card_transactions, STREAM_PATHS.cash_transactions];
  for (const path of transactionPaths) {
    const firstPages = requestsTo(emulator, path).filter((entry) => !isLaterPage(entry));
    if (firstPages.length === 0) continue;
    expect(firstPages.map((entry) => [entry.path, queryValue(entry, 'posted_at_start')])).toEqual(firstPages.map((entry) => [entry.path, filter]));
  }

  const expensePages = requestsTo(emulator, STREAM_PATHS.expenses);
  if (expensePages.length === 0) return;
  for (const entry of expensePages) {
    expect(queryValue(entry, 'updated_at_start')).toMatch(RFC3339_UTC);
  }
  const windows = requestedWindows(expensePages, 'updated_at_start', 'updated_at_end');
  expect(windowTilingProblems(windows, Date.parse(filter))).toEqual([]);
}

describe('start_date', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;

  beforeAll(async () => {
    discovered = await discoverFrom(await emulators.start());
    schemas = recordSchemasOf(discovered);
  });

  it.each<{ mode: SyncMode; startDate: string; filter: string }>([
    { mode: 'incremental', startDate: START_DAY, filter: `${START_DAY}T00:00:00Z` },
    { mode: 'full_refresh', startDate: START_DAY, filter: `${START_DAY}T00:00:00Z` },
    { mode: 'incremental', startDate: `${START_DAY}T00:00:00-08:00`, filter: `${START_DAY}T08:00:00Z` },
  ])('$mode with start_date $startDate skips older rows', async ({ mode, startDate, filter }) => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, Object.fromEntries(INCREMENTAL_STREAMS.map((stream) => [stream, mode])));
    const config = testConfig({ start_date: startDate, expense_expand: [] });

    const result = await readFrom(emulator, { config, catalog });
    expectCompleteRead(result, INCREMENTAL_STREAMS, schemas);

    const expected = rowsFrom((stream) => tableRows(emulator, stream), Date.parse(filter));
    for (const stream of INCREMENTAL_STREAMS) {
      expect(expected[stream].length).toBeLessThan(tableRows(emulator, stream).length);
      expect(expected[stream].length).toBeGreaterThan(0);
      expectRecordsMatchRows(stream, recordData(result.messages, stream), expected[stream]);

    }
    expectFirstRequestsFilteredFrom(emulator, filter);
  });

  it('wins over an older saved watermark', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { card_transactions: 'incremental', expenses: 'incremental' });
    const config = testConfig({ start_date: START_DAY, expense_expand: [] });
    const state = stateFileOf({
      card_transactions: { posted_at_date: addDays(START_DAY, -300) },
      expenses: { updated_at: `${addDays(START_DAY, -300)}T00:00:00Z` },
    });

    const result = await readFrom(emulator, { config, catalog, state });
    expectCompleteRead(result, ['card_transactions', 'expenses'], schemas);

    const expected = rowsFrom((stream) => tableRows(emulator, stream), Date.parse(`${START_DAY}T00:00:00Z`));
    for (const stream of ['card_transactions', 'expenses']) {
      expectRecordsMatchRows(stream, recordData(result.messages, stream), expected[stream]);
    }
    expectFirstRequestsFilteredFrom(emulator, `${START_DAY}T00:00:00Z`);
  });

  it('does not filter the full-refresh-only streams', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { users: 'full_refresh', budgets: 'full_refresh' });
    const config = testConfig({ start_date: addDays(EMULATOR_TODAY, -1) });

    const result = await readFrom(emulator, { config, catalog });
    expectCompleteRead(result, ['users', 'budgets'], schemas);

    for (const stream of ['users', 'budgets']) {
      expectRecordsMatchRows(stream, recordData(result.messages, stream), tableRows(emulator, stream));
    }
  });
});

// What the connector sends, as the emulator logged it: filters on every page, page sizes, expansions.
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { catalogWith } from './support/catalog.js';
import { discoverFrom, readFrom, testConfig } from './support/connector.js';
import { addDays } from './support/dates.js';
import { EMULATOR_TODAY, useEmulators, type Emulator } from './support/emulator.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import {
  CASH_ACCOUNTS_PATH,
  firstPagesPerChain,
  isLaterPage,
  pageChains,
  queryValue,
  queryValues,
  requestedWindows,
  requestsTo,
  STREAM_PATHS,
  windowTilingProblems,
} from './support/requests.js';
import { stateFileOf } from './support/states.js';

const START_DATE = addDays(EMULATOR_TODAY, -400);
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const EXPENSE_FILTERS = ['updated_at_start', 'updated_at_end'];

function limitsOf(emulator: Emulator): string[] {
  return [...new Set(emulator.requests.map((entry) => String(queryValue(entry, 'limit'))))];
}

/** Asserts that every page chain of the requests starts once and carries its filters on every page. */
function expectFiltersOnEveryPage(emulator: Emulator, stream: string, filterParams: string[]): void {
  const entries = requestsTo(emulator, STREAM_PATHS[stream]);
  const counts = firstPagesPerChain(entries, filterParams);

  expect(Object.values(counts).length).toBeGreaterThan(0);
  expect(counts).toEqual(Object.fromEntries(Object.keys(counts).map((key) => [key, 1])));
  expect(Math.max(...[...pageChains(entries, filterParams).values()].map((chain) => chain.length))).toBeGreaterThan(1);
}

describe('request log', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;

  beforeAll(async () => {
    discovered = await discoverFrom(await emulators.start());
    schemas = recordSchemasOf(discovered);
  });

  describe('with page_size 2, a start date and every expense option', () => {
    let emulator: Emulator;
    const expand = ['merchant', 'user', 'budget'];

    beforeAll(async () => {
      emulator = await emulators.start();
      const catalog = catalogWith(discovered, {
        card_transactions: 'incremental',
        cash_transactions: 'incremental',
        expenses: 'incremental',
        users: 'full_refresh',
      });
      const config = testConfig({ page_size: 2, start_date: START_DATE, expense_expand: expand, expense_load_custom_fields: true });

      const result = await readFrom(emulator, { config, catalog });
      expectCompleteRead(result, ['card_transactions', 'cash_transactions', 'expenses', 'users'], schemas);
    });

    it.each(['card_transactions', 'cash_transactions'])('resends the %s filter with every page', (stream) => {
      expectFiltersOnEveryPage(emulator, stream, ['posted_at_start']);

      const filters = requestsTo(emulator, STREAM_PATHS[stream]).map((entry) => queryValue(entry, 'posted_at_start'));
      expect(new Set(filters)).toEqual(new Set([`${START_DATE}T00:00:00Z`]));
    });

    it('resends the expenses window with every page', () => {
      expectFiltersOnEveryPage(emulator, 'expenses', EXPENSE_FILTERS);

      for (const entry of requestsTo(emulator, STREAM_PATHS.expenses)) {
        for (const param of EXPENSE_FILTERS) {
          const value = queryValue(entry, param);
          if (value !== undefined) expect(value).toMatch(RFC3339_UTC);
        }
      }
    });

    it('tiles expense windows from the start date', () => {
      const windows = requestedWindows(requestsTo(emulator, STREAM_PATHS.expenses), 'updated_at_start', 'updated_at_end');

      expect(windowTilingProblems(windows, Date.parse(`${START_DATE}T00:00:00Z`))).toEqual([]);
    });

    it('asks for page_size items on every request', () => {
      expect(limitsOf(emulator)).toEqual(['2']);
    });

    it('sends expense options with every page', () => {
      const pages = requestsTo(emulator, STREAM_PATHS.expenses);

      expect(pages.length).toBeGreaterThan(1);
      for (const entry of pages) {
        expect(queryValues(entry, 'expand[]').sort()).toEqual([...expand].sort());
        expect(queryValue(entry, 'load_custom_fields')).toBe('true');
      }
    });

    it('sends no filter to the lists without a cursor', () => {
      for (const entry of [...requestsTo(emulator, STREAM_PATHS.users), ...requestsTo(emulator, CASH_ACCOUNTS_PATH)]) {
        expect(Object.keys(entry.query).sort()).toEqual(isLaterPage(entry) ? ['cursor', 'limit'] : ['limit']);
      }
    });
  });

  it('resends the state filter with every page', async () => {
    const emulator = await emulators.start();
    const watermark = addDays(EMULATOR_TODAY, -200);
    const catalog = catalogWith(discovered, { card_transactions: 'incremental', expenses: 'incremental' });
    const state = stateFileOf({
      card_transactions: { posted_at_date: watermark },
      expenses: { updated_at: `${watermark}T12:00:00Z` },
    });

    // Pages of one row, so any window with two expenses takes several pages.
    const result = await readFrom(emulator, { config: testConfig({ page_size: 1 }), catalog, state });
    expectCompleteRead(result, ['card_transactions', 'expenses'], schemas);

    expectFiltersOnEveryPage(emulator, 'card_transactions', ['posted_at_start']);
    const cardFilters = requestsTo(emulator, STREAM_PATHS.card_transactions).map((entry) => queryValue(entry, 'posted_at_start'));
    expect(new Set(cardFilters)).toEqual(new Set([`${addDays(watermark, -1)}T00:00:00Z`]));

    expectFiltersOnEveryPage(emulator, 'expenses', EXPENSE_FILTERS);
    const windows = requestedWindows(requestsTo(emulator, STREAM_PATHS.expenses), 'updated_at_start', 'updated_at_end');
    expect(windowTilingProblems(windows, Date.parse(`${addDays(watermark, -1)}T12:00:00Z`))).toEqual([]);
  });

  it('uses pages of 100 and expands merchant by default', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { card_transactions: 'full_refresh', expenses: 'full_refresh', vendors: 'full_refresh' });

    const result = await readFrom(emulator, { config: testConfig(), catalog });
    expectCompleteRead(result, ['card_transactions', 'expenses', 'vendors'], schemas);

    expect(limitsOf(emulator)).toEqual(['100']);
    expect(emulator.requests.filter((entry) => !entry.authSent || entry.method !== 'GET')).toEqual([]);
    for (const entry of requestsTo(emulator, STREAM_PATHS.expenses)) {
      expect(queryValues(entry, 'expand[]')).toEqual(['merchant']);
      expect(queryValue(entry, 'load_custom_fields')).toBeUndefined();
    }
  });

  it('sends no expand[] when expansion is turned off', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { expenses: 'full_refresh' });

    const result = await readFrom(emulator, { config: testConfig({ expense_expand: [] }), catalog });
    expectCompleteRead(result, ['expenses'], schemas);

    const pages = requestsTo(emulator, STREAM_PATHS.expenses);
    expect(pages.length).toBeGreaterThan(0);
    for (const entry of pages) {
      expect(Object.keys(entry.query).filter((key) => key.startsWith('expand'))).toEqual([]);
    }
  });
});

// Incremental cash_transactions: one watermark per cash account, and new accounts read from the start date.
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { logsOf } from '../helpers/protocol.js';
import { catalogWith } from './support/catalog.js';
import { discoverFrom, readFrom, testConfig } from './support/connector.js';
import { addDays, latestDate } from './support/dates.js';
import { useEmulators } from './support/emulator.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { expectRecordsMatchRows, recordData, sortedKeys, tableRows, type Row } from './support/rows.js';
import { CASH_ACCOUNTS_PATH, cashTransactionsPath, distinctPaths, queryValue, requestsTo } from './support/requests.js';
import { lastStatesPerStream, lastStreamState } from './support/states.js';

const STREAM = 'cash_transactions';
const LOOKBACK_DAYS = 1;
// Earlier than all generated history, so the start date filters nothing out but is sent.
const START_DATE = '2024-01-01';
const config = testConfig({ start_date: START_DATE });

type AccountStates = Record<string, { posted_at_date?: string; resume?: unknown }>;

function accountStatesOf(streamState: Record<string, unknown>): AccountStates {
  return (streamState.accounts ?? {}) as AccountStates;
}

function rowsOfAccount(rows: Row[], accountId: string): Row[] {
  return rows.filter((row) => row.account_id === accountId);
}

function idsOf(rows: Row[]): string[] {
  return rows.map((row) => row.id as string);
}

describe('incremental cash_transactions', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;

  beforeAll(async () => {
    discovered = await discoverFrom(await emulators.start());
    schemas = recordSchemasOf(discovered);
  });

  it('reads a new account from the start date', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, [STREAM], schemas);
    const rowsBefore = tableRows(emulator, STREAM);
    expectRecordsMatchRows(STREAM, recordData(first.messages, STREAM), rowsBefore);

    // Every account with transactions gets its own watermark: its newest posted date.
    const statesBefore = accountStatesOf(lastStreamState(first.messages, STREAM));
    const accountsBefore = idsOf(tableRows(emulator, 'cash_accounts'));
    const emptyAccounts = accountsBefore.filter((id) => rowsOfAccount(rowsBefore, id).length === 0);
    expect(emptyAccounts.length).toBeGreaterThan(0);
    for (const accountId of accountsBefore) {
      const dates = rowsOfAccount(rowsBefore, accountId).map((row) => row.posted_at_date as string);
      expect({ accountId, watermark: statesBefore[accountId]?.posted_at_date }).toEqual({ accountId, watermark: dates.length > 0 ? latestDate(dates) : undefined });
    }

    // The new account also gets a transaction posted long ago, which only a read from the start date finds.
    const addedToPrimary = emulator.control.addCashTransactions(3) as Row[];
    const newAccount = emulator.control.addCashAccount({ transactions: 5 }) as Row;
    const oldInNewAccount = emulator.control.addCashTransactions(1, { accountId: newAccount.id as string, postedAtDate: addDays(START_DATE, 400) }) as Row[];
    emulator.clearRequests();
    const second = await readFrom(emulator, { config, catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [STREAM], schemas);

    // An account with a watermark is read from the watermark minus the lookback; any other in full.
    const rowsAfter = tableRows(emulator, STREAM);
    const expected = rowsAfter.filter((row) => {
      const watermark = statesBefore[row.account_id as string]?.posted_at_date;
      return watermark === undefined || (row.posted_at_date as string) >= addDays(watermark, -LOOKBACK_DAYS);
    });
    const records = recordData(second.messages, STREAM);
    expectRecordsMatchRows(STREAM, records, expected);
    expect(sortedKeys(STREAM, records)).toEqual(expect.arrayContaining(sortedKeys(STREAM, addedToPrimary)));
    expect(rowsOfAccount(records, newAccount.id as string)).toHaveLength(6);
    expect(sortedKeys(STREAM, records)).toEqual(expect.arrayContaining(sortedKeys(STREAM, oldInNewAccount)));
    expect(expected.length).toBeLessThan(rowsAfter.length);

    const statesAfter = accountStatesOf(lastStreamState(second.messages, STREAM));
    for (const accountId of idsOf(tableRows(emulator, 'cash_accounts'))) {
      const dates = rowsOfAccount(rowsAfter, accountId).map((row) => row.posted_at_date as string);
      expect({ accountId, watermark: statesAfter[accountId]?.posted_at_date }).toEqual({ accountId, watermark: dates.length > 0 ? latestDate(dates) : undefined });
    }
    expect(statesAfter[newAccount.id as string]?.posted_at_date).toBeDefined();
  });

  it('filters each account by its own watermark', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, [STREAM], schemas);
    const statesBefore = accountStatesOf(lastStreamState(first.messages, STREAM));

    const newAccount = emulator.control.addCashAccount({ transactions: 2 }) as Row;
    emulator.clearRequests();
    const second = await readFrom(emulator, { config, catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [STREAM], schemas);

    for (const accountId of idsOf(tableRows(emulator, 'cash_accounts'))) {
      const watermark = statesBefore[accountId]?.posted_at_date;
      const expectedFilter = watermark === undefined ? `${START_DATE}T00:00:00Z` : `${addDays(watermark, -LOOKBACK_DAYS)}T00:00:00Z`;
      const filters = requestsTo(emulator, cashTransactionsPath(accountId)).map((entry) => queryValue(entry, 'posted_at_start'));

      expect({ accountId, filters }).toEqual({ accountId, filters: filters.map(() => expectedFilter) });
      expect(filters.length).toBeGreaterThan(0);
    }
    expect(statesBefore[newAccount.id as string]).toBeUndefined();
  });

  it('reads an empty account cleanly', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });
    const emptyAccount = emulator.control.addCashAccount({ transactions: 0 }) as Row;

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, [STREAM], schemas);
    expect(requestsTo(emulator, cashTransactionsPath(emptyAccount.id as string))).toHaveLength(1);
    expect(accountStatesOf(lastStreamState(first.messages, STREAM))[emptyAccount.id as string]?.posted_at_date).toBeUndefined();

    const second = await readFrom(emulator, { config, catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, [STREAM], schemas);
  });

  it('reads nothing when Brex Cash is disabled', async () => {
    const emulator = await emulators.start({ cashEnabled: false });
    const catalog = catalogWith(discovered, { [STREAM]: 'incremental' });

    const result = await readFrom(emulator, { config, catalog });
    expectCompleteRead(result, [STREAM], schemas);

    expect(recordData(result.messages, STREAM)).toEqual([]);
    const warnings = logsOf(result.messages).filter((log) => log.level === 'WARN' && /Brex Cash is not enabled/.test(log.message));
    expect(warnings).toHaveLength(1);
    expect(distinctPaths(emulator)).toEqual([CASH_ACCOUNTS_PATH]);
  });
});

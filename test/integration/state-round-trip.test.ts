// A state round trip: the state of one read fed to the next, with and without changes in between.
import type { RunResult } from '../helpers/cli.js';
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { catalogWith, INCREMENTAL_STREAMS } from './support/catalog.js';
import { discoverFrom, readFrom, testConfig } from './support/connector.js';
import { addDays, instantDaysBefore } from './support/dates.js';
import { useEmulators, type Emulator } from './support/emulator.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { expectRecordsMatchRows, recordData, tableRows, type Row } from './support/rows.js';
import { lastStatesPerStream, lastStreamState, stateFileOf } from './support/states.js';

const LOOKBACK_DAYS = 1;
const AHEAD_DAYS = 2;
const config = testConfig({ expense_expand: [] });

type CashAccountStates = Record<string, { posted_at_date?: string }>;

/** The rows a read started from `streamStates` must emit: those inside each watermark's overlap. */
function overlapRows(emulator: Emulator, streamStates: Record<string, Record<string, unknown>>): Record<string, Row[]> {
  const cardWatermark = streamStates.card_transactions.posted_at_date as string;
  const expensesWatermark = streamStates.expenses.updated_at as string;
  const cashAccounts = (streamStates.cash_transactions.accounts ?? {}) as CashAccountStates;

  return {
    card_transactions: tableRows(emulator, 'card_transactions').filter(
      (row) => (row.posted_at_date as string) >= addDays(cardWatermark, -LOOKBACK_DAYS),
    ),
    expenses: tableRows(emulator, 'expenses').filter(
      (row) => Date.parse(row.updated_at as string) >= instantDaysBefore(expensesWatermark, LOOKBACK_DAYS),
    ),
    cash_transactions: tableRows(emulator, 'cash_transactions').filter((row) => {
      const watermark = cashAccounts[row.account_id as string]?.posted_at_date;
      return watermark === undefined || (row.posted_at_date as string) >= addDays(watermark, -LOOKBACK_DAYS);
    }),
  };
}

function streamStatesOf(result: RunResult): Record<string, Record<string, unknown>> {
  return Object.fromEntries(INCREMENTAL_STREAMS.map((stream) => [stream, lastStreamState(result.messages, stream)]));
}

describe('state round trip', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;

  beforeAll(async () => {
    discovered = await discoverFrom(await emulators.start());
    schemas = recordSchemasOf(discovered);
  });

  it('reads only the overlap without changes', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, Object.fromEntries(INCREMENTAL_STREAMS.map((stream) => [stream, 'incremental'])));

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, INCREMENTAL_STREAMS, schemas);

    emulator.control.addCardTransactions(3);
    emulator.control.addCashTransactions(2);
    emulator.control.updateExpenses(3);
    const second = await readFrom(emulator, { config, catalog, state: lastStatesPerStream(first.messages) });
    expectCompleteRead(second, INCREMENTAL_STREAMS, schemas);
    const statesAfterSecond = streamStatesOf(second);

    const third = await readFrom(emulator, { config, catalog, state: lastStatesPerStream(second.messages) });
    expectCompleteRead(third, INCREMENTAL_STREAMS, schemas);

    const expected = overlapRows(emulator, statesAfterSecond);
    for (const stream of INCREMENTAL_STREAMS) {
      expectRecordsMatchRows(stream, recordData(third.messages, stream), expected[stream]);
      expect(expected[stream].length).toBeLessThan(tableRows(emulator, stream).length);
    }

    // With no change in between, every watermark stays exactly where the second read left it.
    expect(streamStatesOf(third)).toEqual(statesAfterSecond);
  });

  it('never moves a watermark backwards', async () => {
    const emulator = await emulators.start();
    const catalog = catalogWith(discovered, Object.fromEntries(INCREMENTAL_STREAMS.map((stream) => [stream, 'incremental'])));

    const first = await readFrom(emulator, { config, catalog });
    expectCompleteRead(first, INCREMENTAL_STREAMS, schemas);
    const statesAfterFirst = streamStatesOf(first);

    // Saved watermarks two days ahead of every row (still in the past): the read finds nothing newer and keeps them.
    const aheadCard = addDays(statesAfterFirst.card_transactions.posted_at_date as string, AHEAD_DAYS);
    const aheadExpenses = new Date(Date.parse(statesAfterFirst.expenses.updated_at as string) + AHEAD_DAYS * 86_400_000).toISOString();
    const aheadAccounts = Object.fromEntries(
      Object.entries((statesAfterFirst.cash_transactions.accounts ?? {}) as CashAccountStates)
        .filter(([, accountState]) => accountState.posted_at_date !== undefined)
        .map(([accountId, accountState]) => [accountId, { posted_at_date: addDays(accountState.posted_at_date as string, AHEAD_DAYS) }]),
    );
    const state = stateFileOf({
      card_transactions: { posted_at_date: aheadCard },
      expenses: { updated_at: aheadExpenses },
      cash_transactions: { accounts: aheadAccounts },
    });

    const second = await readFrom(emulator, { config, catalog, state });
    expectCompleteRead(second, INCREMENTAL_STREAMS, schemas);

    const after = streamStatesOf(second);
    expect(after.card_transactions.posted_at_date).toBe(aheadCard);
    expect(Date.parse(after.expenses.updated_at as string)).toBe(Date.parse(aheadExpenses));
    for (const [accountId, accountState] of Object.entries(aheadAccounts)) {
      expect((after.cash_transactions.accounts as CashAccountStates)[accountId]?.posted_at_date).toBe(accountState.posted_at_date);
    }
  });
});

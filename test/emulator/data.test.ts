// Generated data: determinism per seed, references between tables, and the realism
// features the connector's tests depend on.

import { startEmulator, type Emulator, type Table } from '../../emulator/index.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TABLES: Table[] = ['card_transactions', 'cash_transactions', 'cash_accounts', 'expenses', 'users', 'departments', 'locations', 'vendors', 'budgets'];

async function snapshot(seed: number): Promise<Record<string, object[]>> {
  const emulator = await startEmulator({ seed });
  try {
    return Object.fromEntries(TABLES.map((table) => [table, emulator.control.rows(table)]));
  } finally {
    await emulator.stop();
  }
}

describe('emulator data determinism', () => {
  it('repeats rows and ids for one seed', async () => {
    expect(await snapshot(7)).toEqual(await snapshot(7));
  });

  it('changes rows with the seed', async () => {
    const one = await snapshot(7);
    const other = await snapshot(8);
    for (const table of TABLES) {
      expect({ table, same: JSON.stringify(one[table]) === JSON.stringify(other[table]) }).toEqual({ table, same: false });
    }
  });

  it('repeats changes for one seed', async () => {
    const run = async () => {
      const emulator = await startEmulator({ seed: 3 });
      try {
        return [emulator.control.addCardTransactions(2), emulator.control.updateExpenses(2), emulator.control.addUsers(1), emulator.control.addCashAccount({ transactions: 1 })];
      } finally {
        await emulator.stop();
      }
    };
    expect(await run()).toEqual(await run());
  });
});

describe.each(['small', 'medium'] as const)('emulator data, size %s', (size) => {
  let emulator: Emulator;
  let rows: Record<Table, Row[]>;

  beforeAll(async () => {
    emulator = await startEmulator({ size });
    rows = Object.fromEntries(TABLES.map((table) => [table, emulator.control.rows(table)])) as Record<Table, Row[]>;
  }, 60_000);

  afterAll(async () => {
    await emulator.stop();
  });

  const ids = (table: Table, key = 'id') => new Set(rows[table].map((row) => row[key]));

  it('has unique primary keys', () => {
    for (const table of TABLES) {
      const key = table === 'budgets' ? 'budget_id' : 'id';
      expect({ table, unique: ids(table, key).size }).toEqual({ table, unique: rows[table].length });
    }
  });

  it('points expenses at existing rows', () => {
    const users = ids('users');
    const departments = ids('departments');
    const locations = ids('locations');
    const budgets = ids('budgets', 'budget_id');
    for (const expense of rows.expenses) {
      expect(expense.user_id === null || users.has(expense.user_id)).toBe(true);
      expect(expense.department_id === null || departments.has(expense.department_id)).toBe(true);
      expect(expense.location_id === null || locations.has(expense.location_id)).toBe(true);
      expect(expense.budget_id === null || budgets.has(expense.budget_id)).toBe(true);
    }
  });

  it('points users and budgets at existing rows', () => {
    const users = ids('users');
    const budgets = ids('budgets', 'budget_id');
    for (const user of rows.users) {
      expect(user.manager_id === null || users.has(user.manager_id)).toBe(true);
      expect(user.email).toMatch(/@example\.com$/);
    }
    for (const budget of rows.budgets) {
      expect(budget.parent_budget_id === null || budgets.has(budget.parent_budget_id)).toBe(true);
      expect(budget.owner_user_ids.every((id: string) => users.has(id))).toBe(true);
    }
  });

  it('links card transactions and card expenses both ways', () => {
    const expenses = new Map(rows.expenses.map((row) => [row.id, row]));
    const linked = rows.card_transactions.filter((row) => row.expense_id !== null);
    expect(linked.length).toBe(rows.expenses.filter((row) => row.expense_type === 'CARD').length);
    for (const transaction of linked) {
      const expense = expenses.get(transaction.expense_id);
      expect(expense?.expense_type).toBe('CARD');
      expect(expense?.original_amount).toEqual(transaction.amount);
    }
  });

  it('has no card on rewards credits and collections', () => {
    for (const row of rows.card_transactions) {
      if (row.type === 'REWARDS_CREDIT' || row.type === 'COLLECTION') {
        expect(row.card_id).toBeNull();
      } else {
        expect(row.card_id).toEqual(expect.any(String));
      }
    }
  });

  it('has several card transactions on the newest date', () => {
    const newest = rows.card_transactions.map((row) => row.posted_at_date).sort().at(-1);
    expect(newest).toBe('2026-11-30');
    expect(rows.card_transactions.filter((row) => row.posted_at_date === newest).length).toBeGreaterThanOrEqual(3);
  });

  it('has several expenses sharing the newest updated_at', () => {
    const newest = rows.expenses.map((row) => row.updated_at).sort().at(-1);
    expect(rows.expenses.filter((row) => row.updated_at === newest).length).toBeGreaterThanOrEqual(3);
  });

  it('spans about two years of history', () => {
    const oldest = rows.card_transactions.map((row) => row.posted_at_date).sort()[0];
    expect(oldest <= '2025-01-01').toBe(true);
    expect(oldest >= '2024-11-01').toBe(true);
  });

  it('has a cash account without transactions', () => {
    const funded = new Set(rows.cash_transactions.map((row) => row.account_id));
    expect(rows.cash_accounts.length).toBeGreaterThanOrEqual(3);
    expect(rows.cash_accounts.filter((account) => !funded.has(account.id))).toHaveLength(1);
    expect(rows.cash_accounts.filter((account) => account.primary)).toHaveLength(1);
  });

  it('uses several currencies, a null currency and negative refunds', () => {
    const currencies = new Set(rows.card_transactions.map((row) => row.amount.currency));
    for (const currency of ['USD', 'EUR', 'GBP', 'JPY', 'CAD', null]) {
      expect({ currency, present: currencies.has(currency) }).toEqual({ currency, present: true });
    }
    const refunds = rows.card_transactions.filter((row) => row.type === 'REFUND');
    expect(refunds.length).toBeGreaterThan(0);
    expect(refunds.every((row) => row.amount.amount < 0)).toBe(true);
    expect(rows.card_transactions.every((row) => Number.isInteger(row.amount.amount))).toBe(true);
  });

  it('has Unicode merchant names', () => {
    const descriptors = new Set(rows.card_transactions.map((row) => row.merchant?.raw_descriptor));
    const unicode = [...descriptors].filter((name) => typeof name === 'string' && /[^\u0020-\u007e]/.test(name));
    expect(unicode.length).toBeGreaterThan(0);
  });

  it('writes dates and date-times in Brex formats', () => {
    for (const row of [...rows.card_transactions, ...rows.cash_transactions]) {
      expect(row.posted_at_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.initiated_at_date <= row.posted_at_date).toBe(true);
    }
    for (const row of rows.expenses) {
      expect(row.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
  });

  it('has nulls in nullable fields', () => {
    expect(rows.cash_transactions.some((row) => row.amount === null)).toBe(true);
    expect(rows.cash_transactions.some((row) => row.type === null)).toBe(true);
    expect(rows.card_transactions.some((row) => row.type === null)).toBe(true);
    expect(rows.users.some((row) => row.status === null)).toBe(true);
    expect(rows.vendors.some((row) => row.company_name === null)).toBe(true);
    expect(rows.budgets.some((row) => row.amount === null)).toBe(true);
  });
});

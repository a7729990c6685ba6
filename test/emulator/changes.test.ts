// Control methods that change the data between syncs, and rows()/count().

import { startEmulator, type Emulator } from '../../emulator/index.js';
import { allItems, get, withQuery } from './helpers/http.js';

type Row = Record<string, unknown>;

describe('emulator changes', () => {
  let emulator: Emulator;

  beforeEach(async () => {
    emulator = await startEmulator({ rateLimit: null });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('adds card transactions dated today', async () => {
    const before = emulator.control.count('card_transactions');
    const added = emulator.control.addCardTransactions(3) as Row[];
    expect(added).toHaveLength(3);
    expect(added.every((row) => row.posted_at_date === '2026-11-30')).toBe(true);
    expect(emulator.control.count('card_transactions')).toBe(before + 3);

    const served = await allItems(emulator, '/v2/transactions/card/primary', { posted_at_start: '2026-11-30T00:00:00Z' });
    expect(served.map((row) => row.id)).toEqual(expect.arrayContaining(added.map((row) => row.id)));
  });

  it('adds card transactions on a given date', async () => {
    const added = emulator.control.addCardTransactions(2, { postedAtDate: '2025-02-03' }) as Row[];
    expect(added.every((row) => row.posted_at_date === '2025-02-03')).toBe(true);
    const served = await allItems(emulator, '/v2/transactions/card/primary', { limit: '1000' });
    expect(served.map((row) => row.id)).toEqual(expect.arrayContaining(added.map((row) => row.id)));
    expect(() => emulator.control.addCardTransactions(1, { postedAtDate: '2025-02-30' })).toThrow(/postedAtDate/);
  });

  it('adds cash transactions to the primary account', async () => {
    const primary = (emulator.control.rows('cash_accounts') as Row[]).find((row) => row.primary === true)!;
    const added = emulator.control.addCashTransactions(2) as Row[];
    expect(added.every((row) => row.account_id === primary.id && row.posted_at_date === '2026-11-30')).toBe(true);
    const served = await allItems(emulator, `/v2/transactions/cash/${primary.id}`, { posted_at_start: '2026-11-30T00:00:00Z' });
    expect(served.map((row) => row.id)).toEqual(expect.arrayContaining(added.map((row) => row.id)));
    expect(served.every((row) => !('account_id' in row))).toBe(true);
  });

  it('adds cash transactions to a given account', async () => {
    const empty = (emulator.control.rows('cash_accounts') as Row[]).find((account) =>
      !(emulator.control.rows('cash_transactions') as Row[]).some((row) => row.account_id === account.id))!;
    emulator.control.addCashTransactions(1, { accountId: String(empty.id), postedAtDate: '2026-01-05' });
    const served = await allItems(emulator, `/v2/transactions/cash/${empty.id}`);
    expect(served.map((row) => row.posted_at_date)).toEqual(['2026-01-05']);
    expect(() => emulator.control.addCashTransactions(1, { accountId: 'cashacct_missing' })).toThrow(/cash account/);
  });

  it('updates expenses after every updated_at', async () => {
    const before = emulator.control.rows('expenses') as Row[];
    const latest = before.map((row) => String(row.updated_at)).sort().at(-1)!;
    const updated = emulator.control.updateExpenses(4) as Row[];

    expect(updated).toHaveLength(4);
    expect(new Set(updated.map((row) => row.updated_at))).toEqual(new Set([new Date(Date.parse(latest) + 1000).toISOString().replace('.000Z', 'Z')]));
    const served = await allItems(emulator, '/v1/expenses', { updated_at_start: String(updated[0].updated_at) });
    expect(served.map((row) => row.id).sort()).toEqual(updated.map((row) => row.id).sort());
    expect(emulator.control.count('expenses')).toBe(before.length);
  });

  it('updates expenses to a given updated_at', async () => {
    const updated = emulator.control.updateExpenses(2, { updatedAt: '2026-12-01T08:00:00Z' }) as Row[];
    expect(updated.every((row) => row.updated_at === '2026-12-01T08:00:00Z')).toBe(true);
    expect(updated.every((row) => String(row.memo).endsWith('(edited 1)'))).toBe(true);
    expect(() => emulator.control.updateExpenses(1, { updatedAt: 'later' })).toThrow(/updatedAt/);
  });

  it('adds a cash account with transactions', async () => {
    const account = emulator.control.addCashAccount({ transactions: 3 }) as Row;
    const accounts = await allItems(emulator, '/v2/accounts/cash');
    expect(accounts.map((row) => row.id)).toContain(account.id);
    expect(account.primary).toBe(false);
    const served = await allItems(emulator, `/v2/transactions/cash/${account.id}`);
    expect(served).toHaveLength(3);
    expect(served.every((row) => row.posted_at_date === '2026-11-30')).toBe(true);
  });

  it('adds and removes users', async () => {
    const before = emulator.control.count('users');
    const added = emulator.control.addUsers(2) as Row[];
    expect(emulator.control.count('users')).toBe(before + 2);
    const served = await allItems(emulator, '/v2/users');
    expect(served.map((row) => row.id)).toEqual(expect.arrayContaining(added.map((row) => row.id)));

    const removed = emulator.control.removeUsers(3) as Row[];
    expect(removed.map((row) => row.id)).toEqual(expect.arrayContaining(added.map((row) => row.id)));
    const after = await allItems(emulator, '/v2/users');
    expect(after).toHaveLength(before - 1);
    expect(after.map((row) => row.id)).not.toEqual(expect.arrayContaining([removed[0].id]));
    expect((await get(emulator, '/v2/users/me')).status).toBe(200);
  });

  it('never removes the token owner', async () => {
    const owner = (await get(emulator, '/v2/users/me')).body;
    const count = emulator.control.count('users');
    expect(() => emulator.control.removeUsers(count)).toThrow(/token owner/);
    emulator.control.removeUsers(count - 1);
    expect((emulator.control.rows('users') as Row[]).map((row) => row.id)).toEqual([owner.id]);
  });

  it('adds a fixed latency to every response', async () => {
    emulator.control.setLatency(200);
    const started = Date.now();
    expect((await get(emulator, '/v2/users', null)).status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    emulator.control.setLatency(0);
  });

  it('counts rows of every table', () => {
    for (const table of ['card_transactions', 'cash_transactions', 'cash_accounts', 'expenses', 'users', 'departments', 'locations', 'vendors', 'budgets'] as const) {
      expect(emulator.control.count(table)).toBe(emulator.control.rows(table).length);
    }
  });

  it('returns copies from rows', async () => {
    const rows = emulator.control.rows('users') as Row[];
    rows[0].first_name = 'Changed';
    const served = await get(emulator, withQuery('/v2/users', { limit: '1' }));
    expect(served.body.items[0].first_name).not.toBe('Changed');
  });
});

describe('emulator options', () => {
  it('rejects invalid options', async () => {
    await expect(startEmulator({ today: '2026-02-30' })).rejects.toThrow(/today/);
    await expect(startEmulator({ size: 'huge' as never })).rejects.toThrow(/size/);
    await expect(startEmulator({ seed: 1.5 })).rejects.toThrow(/seed/);
  });
});

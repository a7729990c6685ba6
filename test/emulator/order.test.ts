// List order: newest first by default, oldest first, or a seeded shuffle.

import { startEmulator, type Emulator } from '../../emulator/index.js';
import { allItems, get, withQuery } from './helpers/http.js';

type Row = Record<string, unknown>;

const ids = (rows: Row[]) => rows.map((row) => String(row.id));

describe('emulator order', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: null });
  });

  afterAll(async () => {
    emulator.control.setOrder('newest');
    await emulator.stop();
  });

  it('lists card transactions newest first', async () => {
    const rows = await allItems(emulator, '/v2/transactions/card/primary', { limit: '11' });
    const keys = rows.map((row) => `${row.posted_at_date} ${row.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('lists expenses by updated_at, newest first', async () => {
    const rows = await allItems(emulator, '/v1/expenses', { limit: '11' });
    const stamps = rows.map((row) => String(row.updated_at));
    expect(stamps).toEqual([...stamps].sort().reverse());
  });

  it('lists cash transactions newest first', async () => {
    const account = (emulator.control.rows('cash_accounts') as Row[]).find((row) => row.primary === true)!;
    const rows = await allItems(emulator, `/v2/transactions/cash/${account.id}`, { limit: '6' });
    const dates = rows.map((row) => String(row.posted_at_date));
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('reverses the list for oldest first', async () => {
    for (const path of ['/v2/transactions/card/primary', '/v1/expenses', '/v2/users', '/v2/budgets']) {
      emulator.control.setOrder('newest');
      const newest = ids(await allItems(emulator, path, { limit: '9' }));
      emulator.control.setOrder('oldest');
      const oldest = ids(await allItems(emulator, path, { limit: '9' }));
      expect(oldest).toEqual([...newest].reverse());
    }
  });

  it('shuffles the same rows in another order', async () => {
    emulator.control.setOrder('newest');
    const newest = ids(await allItems(emulator, '/v2/transactions/card/primary', { limit: '9' }));
    emulator.control.setOrder('shuffled');
    const shuffled = ids(await allItems(emulator, '/v2/transactions/card/primary', { limit: '9' }));
    const again = ids(await allItems(emulator, '/v2/transactions/card/primary', { limit: '9' }));

    expect([...shuffled].sort()).toEqual([...newest].sort());
    expect(shuffled).not.toEqual(newest);
    expect(shuffled).not.toEqual([...newest].reverse());
    expect(again).toEqual(shuffled);
  });

  it('keeps the order of a cursor chain', async () => {
    emulator.control.setOrder('shuffled');
    const first = await get(emulator, withQuery('/v1/expenses', { limit: '10' }));
    const shuffled = ids(await allItems(emulator, '/v1/expenses', { limit: '10' }));

    emulator.control.setOrder('newest');
    const rest: Row[] = [];
    let cursor: string | null = first.body.next_cursor;
    for (let page = 0; cursor !== null && page < 20; page++) {
      const response = await get(emulator, withQuery('/v1/expenses', { limit: '10', cursor }));
      rest.push(...response.body.items);
      cursor = response.body.next_cursor;
    }
    expect([...ids(first.body.items), ...ids(rest)]).toEqual(shuffled);
  });

  it('neither repeats nor skips rows added mid-chain', async () => {
    emulator.control.setOrder('newest');
    const first = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '10' }));
    const added = emulator.control.addCardTransactions(3);
    const rest: Row[] = [];
    let cursor: string | null = first.body.next_cursor;
    for (let page = 0; cursor !== null && page < 50; page++) {
      const response = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '10', cursor }));
      rest.push(...response.body.items);
      cursor = response.body.next_cursor;
    }
    const served = [...ids(first.body.items), ...ids(rest)];
    const all = ids(emulator.control.rows('card_transactions') as Row[]);
    const addedIds = ids(added as Row[]);

    // Added rows are the newest, so they sort before the cursor and this chain skips them.
    expect(new Set(served).size).toBe(served.length);
    expect(served.sort()).toEqual(all.filter((id) => !addedIds.includes(id)).sort());
  });
});

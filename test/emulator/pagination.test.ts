// Page sizes, cursors and paging to the end.

import { startEmulator, type Emulator, type Table } from '../../emulator/index.js';
import { allPages, get, withQuery } from './helpers/http.js';

const LISTS: [string, Table, number][] = [
  ['/v2/accounts/cash', 'cash_accounts', 1000],
  ['/v2/transactions/card/primary', 'card_transactions', 1000],
  ['/v1/expenses', 'expenses', 100],
  ['/v2/users', 'users', 1000],
  ['/v2/departments', 'departments', 1000],
  ['/v2/locations', 'locations', 1000],
  ['/v1/vendors', 'vendors', 1000],
  ['/v2/budgets', 'budgets', 1000],
];

const idOf = (row: Record<string, unknown>) => String(row.id ?? row.budget_id);

describe('emulator pagination', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: null });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it.each(LISTS)('rejects bad limits on %s', async (path, _table, max) => {
    for (const limit of ['0', '-1', '1.5', 'ten', '', String(max + 1)]) {
      const response = await get(emulator, withQuery(path, { limit }));
      expect({ limit, status: response.status }).toEqual({ limit, status: 400 });
      expect(response.body.type).toBe('BAD_REQUEST');
      expect(response.body.message).toContain('limit');
    }
  });

  it.each(LISTS)('accepts limits 1 and max on %s', async (path, _table, max) => {
    expect((await get(emulator, withQuery(path, { limit: '1' }))).body.items).toHaveLength(1);
    expect((await get(emulator, withQuery(path, { limit: String(max) }))).status).toBe(200);
  });

  it('defaults the page size to 100', async () => {
    // Small has 60 card transactions; the added ones stay, and later tests compare with rows().
    emulator.control.addCardTransactions(50);
    const response = await get(emulator, '/v2/transactions/card/primary');
    expect(response.body.items).toHaveLength(100);
    expect(response.body.next_cursor).not.toBeNull();
  });

  it.each(LISTS)('pages %s to the end without gaps', async (path, table) => {
    const pages = await allPages(emulator, path, { limit: '3' });
    const ids = pages.flatMap((page) => page.items.map(idOf));
    const expected = emulator.control.rows(table).map((row) => idOf(row as Record<string, unknown>));

    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(emulator.control.count(table));
    expect(pages[pages.length - 1].next_cursor).toBeNull();
    expect(pages.slice(0, -1).every((page) => page.items.length === 3)).toBe(true);
  });

  it('pages every cash account to the end', async () => {
    const rows = emulator.control.rows('cash_transactions') as { id: string; account_id: string }[];
    const accounts = emulator.control.rows('cash_accounts') as { id: string }[];
    const served: string[] = [];
    for (const account of accounts) {
      const pages = await allPages(emulator, `/v2/transactions/cash/${account.id}`, { limit: '4' });
      served.push(...pages.flatMap((page) => page.items.map((item) => `${account.id}/${String(item.id)}`)));
    }
    expect(served).toEqual(rows.map((row) => `${row.account_id}/${row.id}`));
    expect(accounts.some((account) => !served.some((key) => key.startsWith(`${account.id}/`)))).toBe(true);
  });

  it('returns null next_cursor on a single page', async () => {
    const response = await get(emulator, withQuery('/v2/departments', { limit: '1000' }));
    expect(response.body.next_cursor).toBeNull();
    expect(response.body.items).toHaveLength(emulator.control.count('departments'));
  });

  it('treats an empty cursor as the first page', async () => {
    const first = await get(emulator, withQuery('/v2/users', { limit: '2' }));
    const empty = await get(emulator, withQuery('/v2/users', { limit: '2', cursor: '' }));
    expect(empty.body.items).toEqual(first.body.items);
  });

  it('rejects a malformed cursor', async () => {
    const first = await get(emulator, withQuery('/v2/users', { limit: '2' }));
    const cursor: string = first.body.next_cursor;
    const tampered = `${cursor.slice(0, 20)}${cursor[20] === 'A' ? 'B' : 'A'}${cursor.slice(21)}`;
    for (const bad of ['garbage', 'x'.repeat(200), tampered]) {
      const response = await get(emulator, withQuery('/v2/users', { cursor: bad }));
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ type: 'BAD_REQUEST', message: 'cursor is not valid' });
    }
  });

  it('rejects a cursor of another endpoint', async () => {
    const first = await get(emulator, withQuery('/v2/users', { limit: '2' }));
    const response = await get(emulator, withQuery('/v2/departments', { cursor: first.body.next_cursor }));
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('BAD_REQUEST');
  });

  it('issues a different cursor string each time', async () => {
    const first = await get(emulator, withQuery('/v2/users', { limit: '2' }));
    const again = await get(emulator, withQuery('/v2/users', { limit: '2' }));
    expect(first.body.next_cursor).not.toBe(again.body.next_cursor);
  });
});

describe('emulator cursor expiry', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ cursorTtlMs: 150 });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('rejects a cursor older than the TTL', async () => {
    const first = await get(emulator, withQuery('/v2/users', { limit: '2' }));
    const fresh = await get(emulator, withQuery('/v2/users', { limit: '2', cursor: first.body.next_cursor }));
    expect(fresh.status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 300));
    const stale = await get(emulator, withQuery('/v2/users', { limit: '2', cursor: first.body.next_cursor }));
    expect(stale.status).toBe(400);
    expect(stale.body.type).toBe('BAD_REQUEST');
    expect(stale.body.message).toContain('expired');
  });
});

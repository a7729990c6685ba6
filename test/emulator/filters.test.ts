// posted_at_start on transactions, updated_at_start/_end on expenses, and the other
// list filters.

import { startEmulator, type Emulator } from '../../emulator/index.js';
import { allItems, get, withQuery } from './helpers/http.js';

type Row = Record<string, unknown>;

describe('emulator filters', () => {
  let emulator: Emulator;
  let cards: Row[];
  let expenses: Row[];
  let accountId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: null });
    cards = emulator.control.rows('card_transactions') as Row[];
    expenses = emulator.control.rows('expenses') as Row[];
    accountId = (emulator.control.rows('cash_accounts') as Row[]).find((account) => account.primary === true)!.id as string;
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const cardIdsFrom = (date: string) => cards.filter((row) => String(row.posted_at_date) >= date).map((row) => row.id).sort();
  const servedCardIds = async (start: string) =>
    (await allItems(emulator, '/v2/transactions/card/primary', { posted_at_start: start, limit: '5' })).map((row) => row.id).sort();

  it('keeps card rows on or after the start date', async () => {
    const dates = [...new Set(cards.map((row) => String(row.posted_at_date)))].sort();
    const middle = dates[Math.floor(dates.length / 2)];
    expect(await servedCardIds(`${middle}T00:00:00Z`)).toEqual(cardIdsFrom(middle));
  });

  it('includes the whole start day', async () => {
    const newest = cards.map((row) => String(row.posted_at_date)).sort().at(-1)!;
    const served = await servedCardIds(`${newest}T23:59:59.999Z`);
    expect(served).toEqual(cardIdsFrom(newest));
    expect(served.length).toBeGreaterThan(1);
  });

  it('reads a start without zone as UTC', async () => {
    const newest = cards.map((row) => String(row.posted_at_date)).sort().at(-1)!;
    expect(await servedCardIds(`${newest}T12:00:00`)).toEqual(cardIdsFrom(newest));
  });

  it('converts an offset start to the UTC date', async () => {
    const newest = cards.map((row) => String(row.posted_at_date)).sort().at(-1)!;
    const dayBefore = new Date(Date.parse(`${newest}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    // 01:00+02:00 on the newest day is 23:00 UTC the day before.
    expect(await servedCardIds(`${newest}T01:00:00+02:00`)).toEqual(cardIdsFrom(dayBefore));
  });

  it('filters cash transactions by posted date', async () => {
    const rows = (emulator.control.rows('cash_transactions') as Row[]).filter((row) => row.account_id === accountId);
    const dates = rows.map((row) => String(row.posted_at_date)).sort();
    const middle = dates[Math.floor(dates.length / 2)];
    const served = await allItems(emulator, `/v2/transactions/cash/${accountId}`, { posted_at_start: `${middle}T00:00:00Z`, limit: '4' });
    expect(served.map((row) => row.id).sort()).toEqual(rows.filter((row) => String(row.posted_at_date) >= middle).map((row) => row.id).sort());
  });

  it.each([
    ['/v2/transactions/card/primary', 'posted_at_start'],
    ['/v1/expenses', 'updated_at_start'],
    ['/v1/expenses', 'updated_at_end'],
    ['/v1/expenses', 'purchased_at_start'],
  ])('rejects malformed %s %s', async (path, parameter) => {
    for (const value of ['2026-03-01', 'yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-03-01T25:00:00Z', '2026-03-01T00:00:00+24:00', '']) {
      const response = await get(emulator, withQuery(path, { [parameter]: value }));
      expect({ value, status: response.status }).toEqual({ value, status: 400 });
      expect(response.body.message).toContain(parameter);
    }
  });

  it('rejects malformed posted_at_start on cash', async () => {
    const response = await get(emulator, withQuery(`/v2/transactions/cash/${accountId}`, { posted_at_start: 'soon' }));
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('posted_at_start');
  });

  it('bounds expenses by updated_at inclusively', async () => {
    const instants = expenses.map((row) => String(row.updated_at)).sort();
    const start = instants[10];
    const end = instants[30];
    const served = await allItems(emulator, '/v1/expenses', { updated_at_start: start, updated_at_end: end, limit: '7' });
    const expected = expenses.filter((row) => String(row.updated_at) >= start && String(row.updated_at) <= end);
    expect(served.map((row) => row.id).sort()).toEqual(expected.map((row) => row.id).sort());
    expect(served.some((row) => row.updated_at === start)).toBe(true);
    expect(served.some((row) => row.updated_at === end)).toBe(true);
  });

  it('returns every expense sharing the newest second', async () => {
    const newest = expenses.map((row) => String(row.updated_at)).sort().at(-1)!;
    const served = await allItems(emulator, '/v1/expenses', { updated_at_start: newest });
    expect(served.length).toBeGreaterThanOrEqual(3);
    expect(served.every((row) => row.updated_at === newest)).toBe(true);
  });

  it('excludes expenses a millisecond past the bounds', async () => {
    const newest = expenses.map((row) => String(row.updated_at)).sort().at(-1)!;
    const after = new Date(Date.parse(newest) + 1).toISOString();
    expect((await get(emulator, withQuery('/v1/expenses', { updated_at_start: after }))).body.items).toEqual([]);
    const before = new Date(Date.parse(newest) - 1).toISOString();
    const served = await allItems(emulator, '/v1/expenses', { updated_at_end: before });
    expect(served.some((row) => row.updated_at === newest)).toBe(false);
  });

  it('applies filters on every page', async () => {
    const newest = cards.map((row) => String(row.posted_at_date)).sort().at(-1)!;
    const first = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '2' }));
    // The cursor came from an unfiltered chain; the filter of the next request still applies.
    const next = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '100', cursor: first.body.next_cursor, posted_at_start: `${newest}T00:00:00Z` }));
    const firstIds = first.body.items.map((row: Row) => row.id);
    const expected = cardIdsFrom(newest).filter((id) => !firstIds.includes(id));
    expect(next.body.items.map((row: Row) => row.id).sort()).toEqual(expected);
  });

  it('filters expenses by list parameters', async () => {
    const served = await allItems(emulator, '/v1/expenses', { 'expense_type[]': ['BILLPAY', 'CLAWBACK'], limit: '10' });
    const expected = expenses.filter((row) => row.expense_type === 'BILLPAY' || row.expense_type === 'CLAWBACK');
    expect(served.map((row) => row.id).sort()).toEqual(expected.map((row) => row.id).sort());
    expect(served.length).toBeGreaterThan(1);
  });

  it('filters card transactions by card owner', async () => {
    const owner = (emulator.control.rows('expenses') as Row[]).find((row) => row.expense_type === 'CARD')!.user_id as string;
    const served = await allItems(emulator, '/v2/transactions/card/primary', { user_ids: owner });
    const expensesOfOwner = new Set(expenses.filter((row) => row.user_id === owner && row.expense_type === 'CARD').map((row) => row.id));
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((row) => row.expense_id !== null).every((row) => expensesOfOwner.has(row.expense_id as string))).toBe(true);
  });

  it('filters departments by name', async () => {
    const department = (emulator.control.rows('departments') as Row[])[0];
    const served = await allItems(emulator, '/v2/departments', { name: String(department.name).toUpperCase() });
    expect(served).toEqual([department]);
  });

  it('filters users by email', async () => {
    const user = (emulator.control.rows('users') as Row[])[3];
    expect(await allItems(emulator, '/v2/users', { email: String(user.email) })).toEqual([user]);
  });
});

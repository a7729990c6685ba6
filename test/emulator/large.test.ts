// Size large: a million card transactions computed on demand.

import { startEmulator, type Emulator } from '../../emulator/index.js';
import { get, withQuery } from './helpers/http.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('emulator size large', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ size: 'large', rateLimit: null });
  }, 60_000);

  afterAll(async () => {
    await emulator.stop();
  });

  afterEach(() => {
    emulator.control.setOrder('newest');
  });

  it('counts a million card transactions', () => {
    expect(emulator.control.count('card_transactions')).toBeGreaterThanOrEqual(1_000_000);
    expect(emulator.control.count('expenses')).toBe(5_000);
  });

  it('refuses rows of card transactions', () => {
    expect(() => emulator.control.rows('card_transactions')).toThrow(/large/);
  });

  it('serves the newest dates first', async () => {
    const page = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '1000' }));
    const dates = page.body.items.map((row: Row) => row.posted_at_date);
    expect(dates[0]).toBe('2026-11-30');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('filters a late start by binary search', async () => {
    const start = Date.now();
    const page = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '1000', posted_at_start: '2026-11-29T00:00:00Z', 'expand[]': 'expense_id' }));
    let cursor = page.body.next_cursor;
    const items: Row[] = [...page.body.items];
    for (let n = 0; cursor && n < 10; n++) {
      const next = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '1000', posted_at_start: '2026-11-29T00:00:00Z', cursor }));
      items.push(...next.body.items);
      cursor = next.body.next_cursor;
    }
    expect(cursor).toBeNull();
    expect(items.length).toBeGreaterThan(1000);
    expect(items.every((row) => row.posted_at_date >= '2026-11-29')).toBe(true);
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  it.each(['oldest', 'shuffled'] as const)('pages in %s order without repeats', async (order) => {
    emulator.control.setOrder(order);
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let n = 0; n < 5; n++) {
      const page = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '1000', cursor }));
      for (const row of page.body.items) {
        expect(seen.has(row.id)).toBe(false);
        seen.add(row.id);
      }
      cursor = page.body.next_cursor;
    }
    expect(seen.size).toBe(5000);
  });

  it('serves added card transactions first', async () => {
    const added = emulator.control.addCardTransactions(2) as Row[];
    const page = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '10' }));
    const ids = page.body.items.map((row: Row) => row.id);
    expect(ids.slice(0, 2).sort()).toEqual(added.map((row) => row.id).sort());
    expect(emulator.control.count('card_transactions')).toBe(1_000_002);
  });
});

// expand[] and load_custom_fields on GET /v1/expenses.

import { startEmulator, type Emulator } from '../../emulator/index.js';
import { allItems, get, withQuery } from './helpers/http.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXPANDABLE = ['location', 'department', 'merchant', 'user', 'budget', 'payment', 'spending_entity', 'policy'];

describe('emulator expense expansion', () => {
  let emulator: Emulator;
  let plain: Row[];
  let expanded: Row[];

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: null });
    plain = (await allItems(emulator, '/v1/expenses', { limit: '100' })) as Row[];
    expanded = (await allItems(emulator, '/v1/expenses', { limit: '100', 'expand[]': [...EXPANDABLE, 'receipts.download_uris'] })) as Row[];
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const byId = (rows: Row[], key = 'id') => new Map(rows.map((row) => [row[key], row]));

  it('leaves unexpanded objects null', () => {
    for (const row of plain) {
      for (const field of [...EXPANDABLE, 'custom_fields']) {
        expect({ id: row.id, field, value: row[field] }).toEqual({ id: row.id, field, value: null });
      }
      for (const receipt of row.receipts ?? []) {
        expect(receipt.download_uris).toBeNull();
      }
    }
  });

  it('fills each expansion from the referenced rows', () => {
    const users = byId(emulator.control.rows('users') as Row[]);
    const departments = byId(emulator.control.rows('departments') as Row[]);
    const locations = byId(emulator.control.rows('locations') as Row[]);
    const budgets = byId(emulator.control.rows('budgets') as Row[], 'budget_id');

    for (const row of expanded) {
      if (row.user_id) {
        const user = users.get(row.user_id)!;
        expect(row.user).toEqual({ id: user.id, first_name: user.first_name, last_name: user.last_name, department_id: user.department_id, location_id: user.location_id });
      }
      if (row.department_id) {
        expect(row.department).toEqual({ id: row.department_id, name: departments.get(row.department_id)!.name });
      }
      if (row.location_id) {
        expect(row.location).toEqual({ id: row.location_id, name: locations.get(row.location_id)!.name });
      }
      if (row.budget_id) {
        expect(row.budget).toEqual({ id: row.budget_id, name: budgets.get(row.budget_id)!.name });
      }
      if (row.spending_entity_id) {
        expect(row.spending_entity.id).toBe(row.spending_entity_id);
      }
      expect(row.merchant === null).toBe(row.merchant_id === null);
    }
    expect(expanded.filter((row) => row.policy !== null).length).toBeGreaterThan(0);
  });

  it('matches card expenses to their card transactions', () => {
    const cards = byId(emulator.control.rows('card_transactions') as Row[], 'expense_id');
    const cardExpenses = expanded.filter((row) => row.expense_type === 'CARD');
    expect(cardExpenses.length).toBeGreaterThan(0);
    for (const row of cardExpenses) {
      const transaction = cards.get(row.id)!;
      expect(transaction).toBeDefined();
      expect(row.merchant).toEqual(transaction.merchant);
      expect(row.original_amount).toEqual(transaction.amount);
      expect(row.payment.paymentInstrument).toEqual({ type: 'CARD', id: transaction.card_id });
    }
  });

  it('adds receipt download links', () => {
    const withReceipts = expanded.filter((row) => (row.receipts ?? []).length > 0);
    expect(withReceipts.length).toBeGreaterThan(0);
    for (const row of withReceipts) {
      for (const receipt of row.receipts) {
        expect(receipt.download_uris).toEqual([expect.stringMatching(/^https:\/\//)]);
      }
    }
  });

  it('accepts the percent-encoded expand key', async () => {
    const response = await fetch(`${emulator.url}/v1/expenses?limit=5&expand%5B%5D=merchant`, { headers: { Authorization: 'Bearer demo-token' } });
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.items.some((row: Row) => row.merchant !== null)).toBe(true);
  });

  it('rejects an unknown expand value', async () => {
    const response = await get(emulator, withQuery('/v1/expenses', { 'expand[]': 'merchant,user' }));
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('expand[]');
  });

  it('loads custom fields only on request', async () => {
    const loaded = (await allItems(emulator, '/v1/expenses', { limit: '100', load_custom_fields: 'true' })) as Row[];
    expect(loaded.every((row) => Array.isArray(row.custom_fields))).toBe(true);
    expect(loaded.some((row) => row.custom_fields.length > 0)).toBe(true);
    const off = await get(emulator, withQuery('/v1/expenses', { load_custom_fields: 'false' }));
    expect(off.body.items.every((row: Row) => row.custom_fields === null)).toBe(true);
  });

  it('rejects a non-boolean load_custom_fields', async () => {
    const response = await get(emulator, withQuery('/v1/expenses', { load_custom_fields: 'yes' }));
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('load_custom_fields');
  });

  it('accepts expand expense_id on card transactions', async () => {
    expect((await get(emulator, withQuery('/v2/transactions/card/primary', { 'expand[]': 'expense_id' }))).status).toBe(200);
    expect((await get(emulator, withQuery('/v2/transactions/card/primary', { 'expand[]': 'merchant' }))).status).toBe(400);
  });
});

// Authentication, scopes, the Brex Cash switch, unknown paths and common headers.

import { startEmulator, type Emulator } from '../../emulator/index.js';
import { get, withQuery } from './helpers/http.js';

/** Each endpoint with the scopes that grant read, read-only first. */
const SCOPED_PATHS: [string, string[]][] = [
  ['/v2/users/me', ['users.readonly', 'users']],
  ['/v2/accounts/cash', ['accounts.cash.readonly']],
  ['/v2/transactions/card/primary', ['transactions.card.readonly']],
  ['/v2/transactions/cash/{id}', ['transactions.cash.readonly']],
  ['/v1/expenses', ['expenses.card.readonly', 'expenses.card']],
  ['/v2/users', ['users.readonly', 'users']],
  ['/v2/departments', ['departments.readonly', 'departments']],
  ['/v2/locations', ['locations.readonly', 'locations']],
  ['/v1/vendors', ['vendors.readonly']],
  ['/v2/budgets', ['budgets.readonly', 'budgets']],
];

describe('emulator auth', () => {
  let emulator: Emulator;
  let cashAccountId: string;

  beforeAll(async () => {
    emulator = await startEmulator({
      tokens: {
        'demo-token': { scopes: 'all' },
        'expired-token': { scopes: 'all', expired: true },
        'no-scopes': { scopes: [] },
      },
    });
    cashAccountId = (emulator.control.rows('cash_accounts')[0] as { id: string }).id;
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const resolve = (path: string) => path.replace('{id}', cashAccountId);

  it('rejects a missing header with an empty 401', async () => {
    const response = await get(emulator, '/v2/users', null);
    expect(response.status).toBe(401);
    expect(response.text).toBe('');
  });

  it('rejects a non-Bearer header with an empty 401', async () => {
    const response = await fetch(`${emulator.url}/v2/users`, { headers: { Authorization: 'Basic ZGVtbzpkZW1v' } });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  });

  it('rejects an unknown token with 401', async () => {
    const response = await get(emulator, '/v2/users', 'made-up');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ type: 'UNAUTHORIZED', message: 'PERMISSION_DENIED: Invalid or Revoked Token' });
  });

  it('rejects an expired token with 403', async () => {
    const response = await get(emulator, '/v2/users', 'expired-token');
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ type: 'FORBIDDEN', message: 'Invalid or Revoked Token' });
  });

  it.each(SCOPED_PATHS)('names the read-only scope on %s', async (path, scopes) => {
    const response = await get(emulator, resolve(path), 'no-scopes');
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ type: 'FORBIDDEN', message: `Missing required scope: ${scopes[0]}`, code: 'INSUFFICIENT_SCOPE' });
  });

  it.each(SCOPED_PATHS.flatMap(([path, scopes]) => scopes.map((scope): [string, string] => [path, scope])))(
    'grants %s with scope %s',
    async (path, scope) => {
      emulator.control.setToken('one-scope', { scopes: [scope] });
      const response = await get(emulator, resolve(path), 'one-scope');
      expect(response.status).toBe(200);
    },
  );

  it('denies a scope of another endpoint', async () => {
    emulator.control.setToken('users-only', { scopes: ['users.readonly'] });
    expect((await get(emulator, '/v2/users', 'users-only')).status).toBe(200);
    expect((await get(emulator, '/v1/expenses', 'users-only')).status).toBe(403);
  });

  it('forgets a removed token', async () => {
    emulator.control.setToken('short-lived', { scopes: 'all' });
    expect((await get(emulator, '/v2/users', 'short-lived')).status).toBe(200);
    emulator.control.removeToken('short-lived');
    expect((await get(emulator, '/v2/users', 'short-lived')).status).toBe(401);
  });

  it('answers 401 on cash endpoints without Brex Cash', async () => {
    emulator.control.setCashEnabled(false);
    try {
      const message = 'Brex Cash is not enabled for this account, or the user is not a cash admin, cash bookkeeper or cash user';
      const accounts = await get(emulator, '/v2/accounts/cash');
      expect(accounts.status).toBe(401);
      expect(accounts.body).toEqual({ type: 'UNAUTHORIZED', message });
      expect((await get(emulator, `/v2/transactions/cash/${cashAccountId}`)).status).toBe(401);
      expect((await get(emulator, '/v2/transactions/card/primary')).status).toBe(200);
    } finally {
      emulator.control.setCashEnabled(true);
    }
    expect((await get(emulator, '/v2/accounts/cash')).status).toBe(200);
  });

  it('answers 404 for an unknown path', async () => {
    const response = await get(emulator, '/v2/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.type).toBe('NOT_FOUND');
    expect(typeof response.body.message).toBe('string');
  });

  it('answers 404 for an unknown cash account', async () => {
    const response = await get(emulator, '/v2/transactions/cash/cashacct_unknown');
    expect(response.status).toBe(404);
    expect(response.body.type).toBe('NOT_FOUND');
  });

  it('answers 405 for a method other than GET', async () => {
    const response = await fetch(`${emulator.url}/v2/users`, { method: 'POST', headers: { Authorization: 'Bearer demo-token' } });
    expect(response.status).toBe(405);
  });

  it('sends a fresh trace id on every response', async () => {
    const responses = [await get(emulator, '/v2/users'), await get(emulator, '/v2/users', null), await get(emulator, '/v2/none')];
    const ids = responses.map((response) => response.headers.get('x-brex-trace-id'));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('labels JSON bodies as application/json', async () => {
    for (const path of ['/v2/users', '/v2/none', withQuery('/v1/expenses', { limit: '0' })]) {
      const response = await get(emulator, path);
      expect(response.headers.get('content-type')).toBe('application/json');
    }
  });

  it('returns the token owner from /v2/users/me', async () => {
    const response = await get(emulator, '/v2/users/me');
    const users = emulator.control.rows('users') as { id: string }[];
    expect(response.status).toBe(200);
    expect(users.map((user) => user.id)).toContain(response.body.id);
    expect(response.body).not.toHaveProperty('items');
  });
});

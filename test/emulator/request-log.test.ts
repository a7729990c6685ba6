// The request log: the fields it records, and the token it never records.

import { startEmulator, type Emulator } from '../../emulator/index.js';
import { get } from './helpers/http.js';

describe('emulator request log', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: { 'secret-token-123': { scopes: 'all' } } });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('records method, path, query, auth and status', async () => {
    emulator.clearRequests();
    const before = Date.now();
    await get(emulator, '/v1/expenses?limit=5&expand[]=merchant&expand%5B%5D=user', 'secret-token-123');
    await get(emulator, '/v2/users', null);

    expect(emulator.requests).toEqual([
      { method: 'GET', path: '/v1/expenses', query: { limit: '5', 'expand[]': ['merchant', 'user'] }, authSent: true, status: 200, at: expect.any(Number) },
      { method: 'GET', path: '/v2/users', query: {}, authSent: false, status: 401, at: expect.any(Number) },
    ]);
    expect(emulator.requests[0].at).toBeGreaterThanOrEqual(before);
    expect(emulator.requests[1].at).toBeGreaterThanOrEqual(emulator.requests[0].at);
  });

  it('never records the token', async () => {
    await get(emulator, '/v2/users', 'secret-token-123');
    await get(emulator, '/v2/users', 'wrong-secret-456');
    const text = JSON.stringify(emulator.requests);
    expect(text).not.toContain('secret-token-123');
    expect(text).not.toContain('wrong-secret-456');
  });

  it('empties on clearRequests', async () => {
    await get(emulator, '/v2/users', 'secret-token-123');
    emulator.clearRequests();
    expect(emulator.requests).toEqual([]);
  });
});

// The per-token rate limit and its Retry-After forms.

import { startEmulator, type Emulator } from '../../emulator/index.js';
import { get } from './helpers/http.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('emulator rate limit', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      rateLimit: { limit: 3, windowMs: 400, retryAfter: 'seconds' },
      tokens: { 'demo-token': { scopes: 'all' }, 'other-token': { scopes: 'all' } },
    });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(async () => {
    // A fresh limiter for each test.
    emulator.control.setRateLimit({ limit: 3, windowMs: 400, retryAfter: 'seconds' });
  });

  it('answers 429 with Retry-After in seconds', async () => {
    for (let n = 0; n < 3; n++) {
      expect((await get(emulator, '/v2/users')).status).toBe(200);
    }
    const limited = await get(emulator, '/v2/users');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ type: 'TOO_MANY_REQUESTS', message: 'Rate limit exceeded' });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-brex-trace-id')).toBeTruthy();
  });

  it('sends Retry-After as an HTTP date', async () => {
    emulator.control.setRateLimit({ limit: 1, windowMs: 5_000, retryAfter: 'http-date' });
    await get(emulator, '/v2/users');
    const before = Date.now();
    const limited = await get(emulator, '/v2/users');
    expect(limited.status).toBe(429);
    const retryAt = Date.parse(limited.headers.get('retry-after') ?? '');
    expect(limited.headers.get('retry-after')).toMatch(/GMT$/);
    expect(retryAt).toBeGreaterThanOrEqual(before);
    expect(retryAt).toBeLessThanOrEqual(before + 7_000);
  });

  it('omits Retry-After when configured', async () => {
    emulator.control.setRateLimit({ limit: 1, windowMs: 5_000, retryAfter: 'none' });
    await get(emulator, '/v2/users');
    const limited = await get(emulator, '/v2/users');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
  });

  it('admits requests again after the window', async () => {
    for (let n = 0; n < 3; n++) {
      await get(emulator, '/v2/users');
    }
    expect((await get(emulator, '/v2/users')).status).toBe(429);
    await sleep(450);
    expect((await get(emulator, '/v2/users')).status).toBe(200);
  });

  it('counts no 429 toward the limit', async () => {
    for (let n = 0; n < 3; n++) {
      await get(emulator, '/v2/users');
    }
    for (let n = 0; n < 5; n++) {
      expect((await get(emulator, '/v2/users')).status).toBe(429);
    }
    await sleep(450);
    for (let n = 0; n < 3; n++) {
      expect((await get(emulator, '/v2/users')).status).toBe(200);
    }
    expect((await get(emulator, '/v2/users')).status).toBe(429);
  });

  it('counts no injected 429 toward the limit', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'rate-limit' }, times: 2 });
    expect((await get(emulator, '/v2/users')).status).toBe(429);
    expect((await get(emulator, '/v2/users')).status).toBe(429);
    for (let n = 0; n < 3; n++) {
      expect((await get(emulator, '/v2/users')).status).toBe(200);
    }
    emulator.control.clearFaults();
  });

  it('limits each token separately', async () => {
    for (let n = 0; n < 3; n++) {
      await get(emulator, '/v2/users');
    }
    expect((await get(emulator, '/v2/users')).status).toBe(429);
    expect((await get(emulator, '/v2/users', 'other-token')).status).toBe(200);
  });

  it('turns off with null', async () => {
    emulator.control.setRateLimit(null);
    for (let n = 0; n < 10; n++) {
      expect((await get(emulator, '/v2/users')).status).toBe(200);
    }
  });
});

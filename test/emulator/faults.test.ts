// Injected faults: every kind, and the nth/times/path matching of rules.

import { request } from 'node:http';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { get, withQuery } from './helpers/http.js';

/** Sends a GET and reports what arrived: status, declared length and received bytes, or the socket error. */
function rawGet(emulator: Emulator, path: string, timeoutMs = 5_000): Promise<{ status?: number; declared?: number; received: number; error?: string; timedOut?: boolean }> {
  return new Promise((resolve) => {
    const outgoing = request(`${emulator.url}${path}`, { headers: { Authorization: 'Bearer demo-token' } }, (response) => {
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      const finish = (error?: string) => resolve({ status: response.statusCode, declared: Number(response.headers['content-length']), received, error });
      response.on('end', () => finish());
      response.on('error', (error) => finish(error.message));
      response.on('aborted', () => finish('aborted'));
    });
    outgoing.setTimeout(timeoutMs, () => {
      resolve({ received: 0, timedOut: true });
      outgoing.destroy();
    });
    outgoing.on('error', (error) => resolve({ received: 0, error: error.message }));
    outgoing.end();
  });
}

describe('emulator faults', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: null });
  });

  afterEach(() => {
    emulator.control.clearFaults();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('answers an injected status with a Brex error body', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'status', status: 503 } });
    const response = await get(emulator, '/v2/users');
    expect(response.status).toBe(503);
    expect(response.body.type).toBe('SERVICE_UNAVAILABLE');
    expect((await get(emulator, '/v2/users')).status).toBe(200);
  });

  it('sends an injected body and headers', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'status', status: 500, body: { type: 'X', message: 'boom' }, headers: { 'X-Test': 'yes' } } });
    const response = await get(emulator, '/v2/users');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ type: 'X', message: 'boom' });
    expect(response.headers.get('x-test')).toBe('yes');
  });

  it('answers an injected rate limit', async () => {
    emulator.control.injectFault({ path: '/v1/expenses', fault: { kind: 'rate-limit', retryAfter: 'seconds', seconds: 7 } });
    const response = await get(emulator, '/v1/expenses');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    emulator.control.injectFault({ path: '/v1/expenses', fault: { kind: 'rate-limit', retryAfter: 'none' } });
    expect((await get(emulator, '/v1/expenses')).headers.get('retry-after')).toBeNull();
  });

  it('delays a response by an injected latency', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'latency', ms: 300 } });
    const started = Date.now();
    const response = await get(emulator, '/v2/users');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('resets the connection', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'reset' } });
    const result = await rawGet(emulator, '/v2/users');
    expect(result.status).toBeUndefined();
    expect(result.error).toBeDefined();
  });

  it('hangs until stopped', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'hang' } });
    const result = await rawGet(emulator, '/v2/users', 500);
    expect(result.timedOut).toBe(true);
  });

  it('sends half of a body', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'truncated' } });
    const result = await rawGet(emulator, '/v2/users');
    expect(result.status).toBe(200);
    expect(result.declared).toBeGreaterThan(0);
    expect(result.received).toBeLessThan(result.declared!);
    expect(result.error).toBeDefined();
  });

  it('sends an HTML body', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'non-json' } });
    const response = await get(emulator, '/v2/users');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.body).toBeUndefined();
  });

  it('sends an empty page whose cursor resumes in place', async () => {
    const first = await get(emulator, withQuery('/v2/users', { limit: '4' }));
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'empty-page-with-cursor' } });
    const empty = await get(emulator, withQuery('/v2/users', { limit: '4', cursor: first.body.next_cursor }));
    expect(empty.body.items).toEqual([]);
    expect(typeof empty.body.next_cursor).toBe('string');

    const resumed = await get(emulator, withQuery('/v2/users', { limit: '4', cursor: empty.body.next_cursor }));
    const direct = await get(emulator, withQuery('/v2/users', { limit: '4', cursor: first.body.next_cursor }));
    expect(resumed.body.items).toEqual(direct.body.items);
  });

  it('sends an empty first page whose cursor starts over', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'empty-page-with-cursor' } });
    const empty = await get(emulator, withQuery('/v2/users', { limit: '4' }));
    const resumed = await get(emulator, withQuery('/v2/users', { limit: '4', cursor: empty.body.next_cursor }));
    const first = await get(emulator, withQuery('/v2/users', { limit: '4' }));
    expect(resumed.body.items).toEqual(first.body.items);
  });

  it('repeats the request cursor', async () => {
    const first = await get(emulator, withQuery('/v2/users', { limit: '4' }));
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'repeat-cursor' } });
    const second = await get(emulator, withQuery('/v2/users', { limit: '4', cursor: first.body.next_cursor }));
    expect(second.body.next_cursor).toBe(first.body.next_cursor);
    expect(second.body.items).toHaveLength(4);
  });

  it('repeats the first page from its cursor', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'repeat-cursor' } });
    const first = await get(emulator, withQuery('/v2/users', { limit: '4' }));
    const again = await get(emulator, withQuery('/v2/users', { limit: '4', cursor: first.body.next_cursor }));
    expect(again.body.items).toEqual(first.body.items);
  });

  it('hits the nth matching request for times requests', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'status', status: 502 }, nth: 2, times: 2 });
    const statuses = [];
    for (let n = 0; n < 5; n++) {
      statuses.push((await get(emulator, '/v2/users')).status);
    }
    expect(statuses).toEqual([200, 502, 502, 200, 200]);
  });

  it('hits every request with times Infinity', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'status', status: 500 }, times: Infinity });
    for (let n = 0; n < 4; n++) {
      expect((await get(emulator, '/v2/users')).status).toBe(500);
    }
  });

  it('matches paths by regular expression', async () => {
    const account = (emulator.control.rows('cash_accounts') as { id: string }[])[0];
    emulator.control.injectFault({ path: /^\/v2\/transactions\/cash\//, fault: { kind: 'status', status: 500 }, times: 2 });
    expect((await get(emulator, '/v2/accounts/cash')).status).toBe(200);
    expect((await get(emulator, `/v2/transactions/cash/${account.id}`)).status).toBe(500);
    expect((await get(emulator, `/v2/transactions/cash/${account.id}`)).status).toBe(500);
    expect((await get(emulator, `/v2/transactions/cash/${account.id}`)).status).toBe(200);
  });

  it('applies faults after auth', async () => {
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'status', status: 500 } });
    expect((await get(emulator, '/v2/users', null)).status).toBe(401);
    expect((await get(emulator, '/v2/users', 'wrong-token')).status).toBe(401);
    expect((await get(emulator, '/v2/users')).status).toBe(500);
  });

  it('logs faulted requests', async () => {
    emulator.clearRequests();
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'status', status: 503 } });
    emulator.control.injectFault({ path: '/v2/departments', fault: { kind: 'reset' } });
    await get(emulator, '/v2/users');
    await rawGet(emulator, '/v2/departments');
    expect(emulator.requests.map((entry) => [entry.path, entry.status])).toEqual([['/v2/users', 503], ['/v2/departments', 0]]);
  });

  it('rejects an invalid rule', () => {
    expect(() => emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'reset' }, nth: 0 })).toThrow(/nth/);
    expect(() => emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'reset' }, times: 0 })).toThrow(/times/);
  });
});

describe('emulator stop', () => {
  it('closes hung requests', async () => {
    const emulator = await startEmulator();
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'hang' } });
    const pending = rawGet(emulator, '/v2/users', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await emulator.stop();
    const result = await pending;
    expect(result.timedOut).toBeUndefined();
    expect(result.error).toBeDefined();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('ends a pending latency at once', async () => {
    const emulator = await startEmulator({ latencyMs: 5_000 });
    const pending = rawGet(emulator, '/v2/users', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await emulator.stop();
    await pending;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

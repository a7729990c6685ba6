// The token never leaves the process: every command, at trace log level, under every fault kind
// (error bodies that echo the token included), and with config files that are not valid JSON.
// No part of the token as long as 8 characters may appear on stdout or stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startEmulator, type Emulator, type FaultRule } from '../../emulator/index.js';
import { runConnector, type ConnectorCommand, type RunResult } from '../helpers/cli.js';
import { baseConfig, configuredCatalog, FAST_RETRY_ENV, RUN_TIMEOUT_MS } from '../resilience/connector.js';
import { cashAccountPath, type Row } from '../resilience/streams.js';

const TOKEN = 'bxt_SECRET_MARKER_5f3a9c1e7d2b';
/** Shortest run of token characters that counts as a leak. The last 8 characters are one such run. */
const LEAK_LENGTH = 8;
const ENV = { ...FAST_RETRY_ENV, LOG_LEVEL: 'trace' };

const ALL_STREAMS = ['card_transactions', 'cash_transactions', 'expenses', 'users', 'departments', 'locations', 'vendors', 'budgets'];
const INCREMENTAL = new Set(['card_transactions', 'cash_transactions', 'expenses']);

/** Returns every run of LEAK_LENGTH token characters found in `text`, in token order. */
function tokenFragmentsIn(text: string): string[] {
  const found: string[] = [];
  for (let start = 0; start + LEAK_LENGTH <= TOKEN.length; start += 1) {
    const fragment = TOKEN.slice(start, start + LEAK_LENGTH);
    if (text.includes(fragment)) found.push(fragment);
  }
  return found;
}

function expectNoLeak(result: RunResult): void {
  expect({ stream: 'stdout', fragments: tokenFragmentsIn(result.stdout) }).toEqual({ stream: 'stdout', fragments: [] });
  expect({ stream: 'stderr', fragments: tokenFragmentsIn(result.stderr) }).toEqual({ stream: 'stderr', fragments: [] });
  expect(result.stdout).not.toContain(TOKEN.slice(-LEAK_LENGTH));
}

/** Error bodies that repeat the credential, as a careless proxy or API might. */
const ECHO_401 = { type: 'UNAUTHORIZED', message: `PERMISSION_DENIED: Invalid or Revoked Token ${TOKEN}` };
const ECHO_403 = { type: 'FORBIDDEN', message: `Invalid or Revoked Token (Authorization: Bearer ${TOKEN})` };
const ECHO_403_SCOPE = { type: 'FORBIDDEN', message: `Missing required scope: departments.readonly for Bearer ${TOKEN}`, code: 'INSUFFICIENT_SCOPE' };
const ECHO_400 = { type: 'BAD_REQUEST', message: `Invalid request from token ${TOKEN}` };

/** Returns one fault rule of every kind for the read's endpoints. Faults other than token errors let the read go on. */
function readFaults(emulator: Emulator): FaultRule[] {
  const cashRows = emulator.control.rows('cash_transactions') as Row[];
  const accountId = String(cashRows[0].account_id);
  return [
    { path: '/v2/users', fault: { kind: 'status', status: 500, body: { type: 'INTERNAL_SERVER_ERROR', message: `failed for Bearer ${TOKEN}` } }, nth: 1 },
    { path: '/v2/departments', fault: { kind: 'status', status: 403, body: ECHO_403_SCOPE }, times: Infinity },
    { path: '/v2/locations', fault: { kind: 'reset' } },
    { path: '/v1/vendors', fault: { kind: 'hang' } },
    { path: '/v2/budgets', fault: { kind: 'non-json' } },
    { path: '/v2/budgets', fault: { kind: 'truncated' }, nth: 2 },
    { path: '/v2/transactions/card/primary', fault: { kind: 'rate-limit', retryAfter: 'http-date', seconds: 1 } },
    { path: '/v2/transactions/card/primary', fault: { kind: 'empty-page-with-cursor' }, nth: 3 },
    { path: '/v2/transactions/card/primary', fault: { kind: 'repeat-cursor' }, nth: 5 },
    { path: '/v1/expenses', fault: { kind: 'status', status: 400, body: ECHO_400 }, nth: 2 },
    { path: cashAccountPath(accountId), fault: { kind: 'status', status: 404, body: { type: 'NOT_FOUND', message: `no account for ${TOKEN}` } } },
    { path: '/v2/accounts/cash', fault: { kind: 'latency', ms: 50 } },
  ];
}

const emulators: Emulator[] = [];
let tempDirectory: string;

beforeAll(() => {
  tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'source-brex-secrets-'));
});

afterAll(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.stop()));
  fs.rmSync(tempDirectory, { recursive: true, force: true });
});

async function startWithToken(): Promise<Emulator> {
  const emulator = await startEmulator({ size: 'small', rateLimit: null, tokens: { [TOKEN]: { scopes: 'all' } } });
  emulators.push(emulator);
  return emulator;
}

async function run(command: ConnectorCommand, emulator: Emulator | undefined, options: { config?: object | string; catalog?: object; pageSize?: number } = {}): Promise<RunResult> {
  return runConnector({
    command,
    config: options.config ?? baseConfig({ user_token: TOKEN, page_size: options.pageSize ?? 20 }),
    catalog: options.catalog,
    baseUrl: emulator?.url,
    env: ENV,
    timeoutMs: RUN_TIMEOUT_MS,
  });
}

async function allStreamsCatalog(): Promise<object> {
  return configuredCatalog(ALL_STREAMS.map((name) => ({ name, syncMode: INCREMENTAL.has(name) ? ('incremental' as const) : ('full_refresh' as const) })));
}

describe('token never printed', () => {
  it('spec', async () => {
    expectNoLeak(await run('spec', undefined));
  });

  it('check that succeeds', async () => {
    const emulator = await startWithToken();
    const result = await run('check', emulator);
    expect(result.messages.find((message) => message.type === 'CONNECTION_STATUS')?.connectionStatus?.status).toBe('SUCCEEDED');
    expectNoLeak(result);
  });

  it('check under 5xx, 429 and resets', async () => {
    const emulator = await startWithToken();
    emulator.control.injectFault({ path: '/v2/users/me', fault: { kind: 'status', status: 502, body: `bad gateway for Bearer ${TOKEN}` } });
    emulator.control.injectFault({ path: '/v2/users', fault: { kind: 'rate-limit', retryAfter: 'none' } });
    emulator.control.injectFault({ path: '/v1/expenses', fault: { kind: 'reset' } });
    emulator.control.injectFault({ path: '/v2/budgets', fault: { kind: 'status', status: 403, body: { type: 'FORBIDDEN', message: `Missing required scope: budgets.readonly ${TOKEN}` } } });
    expectNoLeak(await run('check', emulator));
  });

  it('check rejected with 401 echoing the token', async () => {
    const emulator = await startWithToken();
    emulator.control.injectFault({ path: '/v2/users/me', fault: { kind: 'status', status: 401, body: ECHO_401 }, times: Infinity });
    const result = await run('check', emulator);
    expect(result.messages.find((message) => message.type === 'CONNECTION_STATUS')?.connectionStatus?.status).toBe('FAILED');
    expectNoLeak(result);
  });

  it('check rejected with 403 echoing the token', async () => {
    const emulator = await startWithToken();
    emulator.control.injectFault({ path: '/v2/users/me', fault: { kind: 'status', status: 403, body: ECHO_403 }, times: Infinity });
    expectNoLeak(await run('check', emulator));
  });

  it('discover', async () => {
    expectNoLeak(await run('discover', undefined));
  });

  it('read under every fault kind', async () => {
    const emulator = await startWithToken();
    for (const rule of readFaults(emulator)) emulator.control.injectFault(rule);
    const result = await run('read', emulator, { catalog: await allStreamsCatalog(), pageSize: 5 });
    // Several streams fail on purpose, but the read must still have run them all.
    expect(result.code).toBe(1);
    expect(result.messages.some((message) => message.type === 'RECORD')).toBe(true);
    expectNoLeak(result);
  }, 120_000);

  it('read stopped by 401 echoing the token', async () => {
    const emulator = await startWithToken();
    emulator.control.injectFault({ path: '/v2/transactions/card/primary', fault: { kind: 'status', status: 401, body: ECHO_401 }, nth: 2, times: Infinity });
    const result = await run('read', emulator, { catalog: await allStreamsCatalog(), pageSize: 5 });
    expect(result.code).toBe(1);
    expectNoLeak(result);
  });

  it('read stopped by 403 echoing the token', async () => {
    const emulator = await startWithToken();
    emulator.control.injectFault({ path: '/v1/expenses', fault: { kind: 'status', status: 403, body: ECHO_403 }, times: Infinity });
    const result = await run('read', emulator, { catalog: await allStreamsCatalog(), pageSize: 5 });
    expect(result.code).toBe(1);
    expectNoLeak(result);
  });

  it('read with spaces around the token', async () => {
    const emulator = await startWithToken();
    const config = baseConfig({ user_token: `  ${TOKEN}\n`, page_size: 50 });
    const result = await run('read', emulator, { config, catalog: await configuredCatalog([{ name: 'users', syncMode: 'full_refresh' }]) });
    expect(result.code).toBe(0);
    expectNoLeak(result);
  });

  it('config with another invalid value', async () => {
    const config = baseConfig({ user_token: TOKEN, page_size: 'many', start_date: 'yesterday' });
    for (const command of ['check', 'discover'] as const) expectNoLeak(await run(command, undefined, { config }));
  });
});

describe('token never printed from a config that is not JSON', () => {
  // Node's JSON.parse quotes about ten characters around the error position, so an error right
  // after the token would print its last characters.
  const brokenConfigs: Record<string, string> = {
    'trailing comma in an object': `{"user_token": "${TOKEN}",}`,
    'token without quotes': `{"user_token": ${TOKEN}}`,
    'token in single quotes': `{"user_token": '${TOKEN}'}`,
    'missing comma after the token': `{"user_token": "${TOKEN}" "page_size": 5}`,
    'array with a trailing comma': `["${TOKEN}",]`,
    'object with a trailing bracket': `{"user_token": "${TOKEN}"]`,
  };

  for (const [name, text] of Object.entries(brokenConfigs)) {
    it(name, async () => {
      const configPath = path.join(tempDirectory, `${name.replace(/\W+/g, '-')}.json`);
      fs.writeFileSync(configPath, text);
      const catalog = await configuredCatalog([{ name: 'users', syncMode: 'full_refresh' }]);

      for (const command of ['check', 'discover', 'read'] as const) {
        const result = await run(command, undefined, { config: configPath, catalog: command === 'read' ? catalog : undefined });
        expect({ command, failed: result.stdout.includes('not valid JSON') }).toEqual({ command, failed: true });
        expectNoLeak(result);
      }
    });
  }
});

// Access problems from the emulator's own auth, not injected faults: an unknown or expired token
// stops the read, a missing scope fails only the streams that need it, and an account without
// Brex Cash reads cash_transactions as empty.
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js';
import type { RunResult } from '../helpers/cli.js';
import { logsOf, recordsOf, statesOf, streamStatuses } from '../helpers/protocol.js';
import { baseConfig, configuredCatalog, runRead } from '../resilience/connector.js';
import { duplicateKeys, errorTraces, missingKeys, recordKeys, rowKeys } from '../resilience/records.js';
import { CARD, CASH, EXPENSES, USERS, type Row, type StreamFacts } from '../resilience/streams.js';

const STREAMS = [USERS, CASH, CARD, EXPENSES];

/** Every read-only scope the connector's streams need. */
const ALL_SCOPES = [
  'users.readonly',
  'departments.readonly',
  'locations.readonly',
  'vendors.readonly',
  'budgets.readonly',
  'expenses.card.readonly',
  'transactions.card.readonly',
  'transactions.cash.readonly',
  'accounts.cash.readonly',
];

const SCOPED_TOKEN = 'bxt_scoped_test_token';

const emulators: Emulator[] = [];

afterAll(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.stop()));
});

async function readWith(options: EmulatorOptions, token = 'demo-token'): Promise<{ run: RunResult; emulator: Emulator }> {
  const emulator = await startEmulator({ size: 'small', rateLimit: null, ...options });
  emulators.push(emulator);
  const catalog = await configuredCatalog(STREAMS.map((facts) => ({ name: facts.name, syncMode: facts.cursor ? ('incremental' as const) : ('full_refresh' as const) })));
  const run = await runRead({ baseUrl: emulator.url, config: baseConfig({ user_token: token, page_size: 10 }), catalog });
  return { run, emulator };
}

function withoutScopes(...missing: string[]): EmulatorOptions {
  return { tokens: { [SCOPED_TOKEN]: { scopes: ALL_SCOPES.filter((scope) => !missing.includes(scope)) } } };
}

function expectStoppedByToken(run: RunResult): void {
  expect(run.code).toBe(1);
  expect(recordsOf(run.messages)).toEqual([]);
  const traces = errorTraces(run.messages);
  expect(traces).toHaveLength(1);
  expect(traces[0].failure_type).toBe('config_error');
  expect(traces[0].message).toMatch(/90 days/);
  expect(traces[0].message).toMatch(/Settings > Developer/);
  for (const facts of STREAMS) {
    expect({ stream: facts.name, status: streamStatuses(run.messages, facts.name).at(-1) }).toEqual({ stream: facts.name, status: 'INCOMPLETE' });
  }
}

function expectStreamComplete(run: RunResult, emulator: Emulator, facts: StreamFacts): void {
  const emitted = recordKeys(run.messages, facts);
  expect({ stream: facts.name, status: streamStatuses(run.messages, facts.name).at(-1) }).toEqual({ stream: facts.name, status: 'COMPLETE' });
  expect({ stream: facts.name, missing: missingKeys(rowKeys(emulator.control.rows(facts.table) as Row[], facts), emitted) }).toEqual({ stream: facts.name, missing: [] });
  if (!facts.cursor) expect(duplicateKeys(emitted)).toEqual([]);
}

/** Checks a read where exactly `denied` streams lack `scopes`, and every other stream completes. */
function expectScopesDenied(run: RunResult, emulator: Emulator, denied: StreamFacts[], scopes: string[]): void {
  expect(run.code).toBe(1);
  const traces = errorTraces(run.messages);

  const streamTraces = traces.filter((trace) => trace.stream !== undefined);
  expect(streamTraces.map((trace) => [trace.stream, trace.failure_type]).sort()).toEqual(denied.map((facts) => [facts.name, 'config_error']).sort());
  const summary = traces.filter((trace) => trace.stream === undefined);
  expect(summary).toHaveLength(1);
  expect(summary[0].failure_type).toBe('config_error');
  for (const scope of scopes) expect(summary[0].message).toContain(scope);

  for (const facts of denied) {
    expect({ stream: facts.name, status: streamStatuses(run.messages, facts.name).at(-1) }).toEqual({ stream: facts.name, status: 'INCOMPLETE' });
    expect(recordKeys(run.messages, facts)).toEqual([]);
  }
  for (const facts of STREAMS.filter((candidate) => !denied.includes(candidate))) expectStreamComplete(run, emulator, facts);
}

describe('token rejected by Brex', () => {
  it('unknown token stops the read', async () => {
    const { run } = await readWith({}, 'bxt_unknown_test_token');
    expectStoppedByToken(run);
  });

  it('expired token stops the read', async () => {
    const { run } = await readWith({ tokens: { 'demo-token': { scopes: 'all', expired: true } } });
    expectStoppedByToken(run);
  });
});

describe('missing scopes', () => {
  it('card scope fails only card_transactions', async () => {
    const { run, emulator } = await readWith(withoutScopes('transactions.card.readonly'), SCOPED_TOKEN);
    expectScopesDenied(run, emulator, [CARD], ['transactions.card.readonly']);
  });

  it('cash accounts scope fails only cash_transactions', async () => {
    const { run, emulator } = await readWith(withoutScopes('accounts.cash.readonly'), SCOPED_TOKEN);
    expectScopesDenied(run, emulator, [CASH], ['accounts.cash.readonly']);
  });

  it('cash transactions scope fails only cash_transactions', async () => {
    const { run, emulator } = await readWith(withoutScopes('transactions.cash.readonly'), SCOPED_TOKEN);
    expectScopesDenied(run, emulator, [CASH], ['transactions.cash.readonly']);
  });

  it('two missing scopes are named together', async () => {
    const { run, emulator } = await readWith(withoutScopes('users.readonly', 'expenses.card.readonly'), SCOPED_TOKEN);
    expectScopesDenied(run, emulator, [USERS, EXPENSES], ['users.readonly', 'expenses.card.readonly']);
  });
});

describe('Brex Cash not enabled', () => {
  it('cash_transactions completes empty with a warning', async () => {
    const { run, emulator } = await readWith({ cashEnabled: false });

    expect(errorTraces(run.messages)).toEqual([]);
    expect(run.code).toBe(0);
    expect(streamStatuses(run.messages, CASH.name).at(-1)).toBe('COMPLETE');
    expect(recordKeys(run.messages, CASH)).toEqual([]);
    expect(statesOf(run.messages, CASH.name).length).toBeGreaterThanOrEqual(1);
    expect(logsOf(run.messages).some((log) => log.level === 'WARN' && /Brex Cash is not enabled/.test(log.message))).toBe(true);
    for (const facts of [USERS, CARD, EXPENSES]) expectStreamComplete(run, emulator, facts);
  });
});

// Hostile inputs: broken config, catalog and state files and command lines. Each is either
// rejected or tolerated. A rejection names the value and the fix, as a config_error TRACE and exit 1
// for discover and read, or a FAILED connection status and exit 0 for check. A tolerated input is
// read correctly, with a WARN where the user should look.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startEmulator, type Emulator, type RequestLogEntry } from '../../emulator/index.js';
import { catalogFor, defaultEntrypoint, runConnector, type ConnectorCommand, type RunResult } from '../helpers/cli.js';
import { logsOf, parseProtocolLines, type AirbyteCatalog } from '../helpers/protocol.js';
import { baseConfig, discoveredCatalog, FAST_RETRY_ENV, RUN_TIMEOUT_MS } from '../resilience/connector.js';
import { errorTraces } from '../resilience/records.js';
import { CARD, cashAccountPath, EXPENSES, type Row } from '../resilience/streams.js';

const ENV = { ...FAST_RETRY_ENV, BREX_REQUESTS_PER_MINUTE: 'off' };

let emulator: Emulator;
let discovered: AirbyteCatalog;
let tempDirectory: string;

beforeAll(async () => {
  emulator = await startEmulator({ size: 'small', rateLimit: null });
  discovered = await discoveredCatalog();
  tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'source-brex-inputs-'));
});

afterAll(async () => {
  await emulator?.stop();
  if (tempDirectory) fs.rmSync(tempDirectory, { recursive: true, force: true });
});

/** Writes `text` as it is (not as JSON) to a file in the temp directory and returns its path. */
function writeRaw(name: string, text: string): string {
  const filePath = path.join(tempDirectory, name);
  fs.writeFileSync(filePath, text);
  return filePath;
}

interface Invocation {
  command: ConnectorCommand;
  config?: object | string;
  catalog?: object | string;
  state?: unknown;
  extraArgs?: string[];
}

interface Outcome {
  result: RunResult;
  /** Requests the emulator received during this run. */
  requests: RequestLogEntry[];
}

async function invoke(invocation: Invocation): Promise<Outcome> {
  const since = emulator.requests.length;
  const result = await runConnector({ ...invocation, baseUrl: emulator.url, env: ENV, timeoutMs: RUN_TIMEOUT_MS });
  return { result, requests: emulator.requests.slice(since) };
}

function usersCatalog(): object {
  return catalogFor(discovered, [{ name: 'users', syncMode: 'full_refresh' }]);
}

function cardCatalog(): object {
  return catalogFor(discovered, [{ name: CARD.name, syncMode: 'incremental' }]);
}

/** Runs check, discover and read with the config, and expects each to reject it naming `patterns`. */
async function expectConfigRejected(config: object | string, patterns: RegExp[]): Promise<void> {
  for (const command of ['check', 'discover', 'read'] as const) {
    const { result } = await invoke({ command, config, catalog: command === 'read' ? usersCatalog() : undefined });
    if (command === 'check') expectCheckFailed(result, patterns);
    else expectConfigErrorTrace(result, patterns, command);
  }
}

function expectConfigErrorTrace(result: RunResult, patterns: RegExp[], label = 'read'): void {
  const traces = errorTraces(result.messages);
  expect({ label, code: result.code, traces: traces.length, failure_type: traces[0]?.failure_type }).toEqual({ label, code: 1, traces: 1, failure_type: 'config_error' });
  for (const pattern of patterns) expect({ label, message: traces[0].message }).toEqual({ label, message: expect.stringMatching(pattern) });
  expect(result.messages.filter((message) => message.type === 'RECORD')).toEqual([]);
}

function expectCheckFailed(result: RunResult, patterns: RegExp[]): void {
  const statuses = result.messages.filter((message) => message.type === 'CONNECTION_STATUS');
  expect({ code: result.code, statuses: statuses.length, status: statuses[0]?.connectionStatus?.status }).toEqual({ code: 0, statuses: 1, status: 'FAILED' });
  for (const pattern of patterns) expect({ check: statuses[0].connectionStatus?.message }).toEqual({ check: expect.stringMatching(pattern) });
}

function expectWarning(result: RunResult, pattern: RegExp): void {
  const warnings = logsOf(result.messages).filter((log) => log.level === 'WARN').map((log) => log.message);
  expect({ warnings }).toEqual({ warnings: expect.arrayContaining([expect.stringMatching(pattern)]) });
}

function expectReadComplete(result: RunResult): void {
  expect(errorTraces(result.messages)).toEqual([]);
  expect(result.code).toBe(0);
}

/** Returns the distinct values of a query parameter over the requests to `requestPath`. */
function filterValues(requests: RequestLogEntry[], requestPath: string, parameter: string): Array<string | string[] | undefined> {
  return [...new Set(requests.filter((entry) => entry.path === requestPath).map((entry) => entry.query[parameter]))];
}

function cardState(streamState: unknown): object[] {
  return [{ type: 'STREAM', stream: { stream_descriptor: { name: CARD.name }, stream_state: streamState } }];
}

describe('config file', () => {
  it('missing file', async () => {
    await expectConfigRejected('/nonexistent/source-brex/config.json', [/\/nonexistent\/source-brex\/config\.json/, /does not exist/, /--config/]);
  });

  it('no --config argument', async () => {
    for (const command of ['check', 'discover', 'read'] as const) {
      const { result } = await invoke({ command, catalog: command === 'read' ? usersCatalog() : undefined });
      if (command === 'check') expectCheckFailed(result, [/--config/]);
      else expectConfigErrorTrace(result, [/--config/], command);
    }
  });

  it('not JSON', async () => {
    const file = writeRaw('not-json.json', '{"user_token": "demo-token",');
    await expectConfigRejected(file, [new RegExp(file.replace(/[.]/g, '\\.')), /not valid JSON/]);
  });

  it('empty file', async () => {
    await expectConfigRejected(writeRaw('empty.json', '  \n'), [/empty\.json/, /is empty/]);
  });

  it.each([
    ['an array', '["demo-token"]'],
    ['a string', '"demo-token"'],
    ['null', 'null'],
  ])('not an object: %s', async (label, text) => {
    await expectConfigRejected(writeRaw(`not-object-${label.replace(/\W/g, '')}.json`, text), [/must contain a JSON object/, /user_token/]);
  });

  it.each([
    ['page_size as a string', { page_size: '100' }, [/page_size/, /"100"/, /integer/]],
    ['negative lookback', { lookback_window_days: -1 }, [/lookback_window_days/, /-1/, />= 0/]],
    ['expense_expand not an array', { expense_expand: 'merchant' }, [/expense_expand/, /"merchant"/, /array/]],
    ['expense_expand with an unknown object', { expense_expand: ['merchant', 'bogus'] }, [/expense_expand/, /"bogus"/, /one of .*merchant/]],
    ['user_token as a number', { user_token: 12345 }, [/user_token/, /string/]],
    ['boolean as a string', { expense_load_custom_fields: 'yes' }, [/expense_load_custom_fields/, /"yes"/, /boolean/]],
  ])('wrong type: %s', async (_label, overrides, patterns) => {
    await expectConfigRejected(baseConfig(overrides as Record<string, unknown>), patterns as RegExp[]);
  });

  it('missing user_token', async () => {
    await expectConfigRejected({ page_size: 10 }, [/user_token/, /missing/]);
  });

  it('unknown keys are tolerated with a warning naming them', async () => {
    const config = baseConfig({ pagesize: 50, startdate: '2024-01-01' });
    for (const command of ['check', 'discover', 'read'] as const) {
      const { result } = await invoke({ command, config, catalog: command === 'read' ? usersCatalog() : undefined });
      expectWarning(result, /pagesize/);
      expectWarning(result, /startdate/);
      expect({ command, code: result.code }).toEqual({ command, code: 0 });
    }
  });

  it.each([
    ['an impossible date', '2024-13-45'],
    ['an impossible time', '2024-01-31T25:00:00Z'],
    ['a word', 'yesterday'],
    ['a US date', '01/31/2024'],
  ])('malformed start_date: %s', async (_label, startDate) => {
    const escaped = startDate.replace(/[/.]/g, '\\$&');
    // The fix is the accepted format, which the message must spell out.
    await expectConfigRejected(baseConfig({ start_date: startDate }), [/start_date/, new RegExp(`"${escaped}"`), /YYYY-MM-DD/]);
  });

  it('future start_date', async () => {
    await expectConfigRejected(baseConfig({ start_date: '2999-01-01' }), [/start_date/, /"2999-01-01"/, /future/]);
  });

  it('token with surrounding whitespace is trimmed', async () => {
    const config = baseConfig({ user_token: '  demo-token\n' });
    const check = await invoke({ command: 'check', config });
    expect(check.result.messages.find((message) => message.type === 'CONNECTION_STATUS')?.connectionStatus?.status).toBe('SUCCEEDED');
    expectWarning(check.result, /user_token/);

    const read = await invoke({ command: 'read', config, catalog: usersCatalog() });
    expectReadComplete(read.result);
    expectWarning(read.result, /user_token/);
  });

  it('whitespace inside the token', async () => {
    await expectConfigRejected(baseConfig({ user_token: 'demo token' }), [/user_token/, /whitespace/, /Settings > Developer/]);
  });

  it.each([0, 101, 1.5])('page_size %s out of range', async (pageSize) => {
    await expectConfigRejected(baseConfig({ page_size: pageSize }), [/page_size/, new RegExp(String(pageSize).replace('.', '\\.'))]);
  });
});

describe('command line', () => {
  it('unknown command', async () => {
    const { result } = await invoke({ command: 'frobnicate' as ConnectorCommand, config: baseConfig() });
    expectConfigErrorTrace(result, [/"frobnicate"/, /spec \| check/]);
  });

  it('no command', () => {
    // The helpers always pass a command, so the CLI is started here with no argument at all.
    const child = spawnSync(defaultEntrypoint[0], defaultEntrypoint.slice(1), { encoding: 'utf8', timeout: RUN_TIMEOUT_MS, env: { ...process.env, ...ENV } });
    const result: RunResult = { code: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr, messages: parseProtocolLines(child.stdout) };
    expectConfigErrorTrace(result, [/No command given/, /spec \| check/]);
  });

  it('unknown flags are ignored with a warning', async () => {
    const { result } = await invoke({ command: 'discover', config: baseConfig(), extraArgs: ['--verbose', 'extra'] });
    expect(result.code).toBe(0);
    expectWarning(result, /--verbose/);
  });
});

describe('catalog file', () => {
  async function expectCatalogRejected(catalog: object | string | undefined, patterns: RegExp[]): Promise<void> {
    const { result, requests } = await invoke({ command: 'read', config: baseConfig(), catalog });
    expectConfigErrorTrace(result, patterns);
    expect(requests).toEqual([]);
  }

  function entry(name: string, syncMode: string, extra: object = {}): object {
    const stream = discovered.streams.find((candidate) => candidate.name === name)!;
    return { stream, sync_mode: syncMode, destination_sync_mode: 'append', ...extra };
  }

  it('no --catalog argument', async () => {
    await expectCatalogRejected(undefined, [/--catalog/]);
  });

  it('missing file', async () => {
    await expectCatalogRejected('/nonexistent/source-brex/catalog.json', [/catalog\.json/, /does not exist/, /--catalog/]);
  });

  it('not JSON', async () => {
    await expectCatalogRejected(writeRaw('catalog-not-json.json', '{"streams": ['), [/catalog-not-json\.json/, /not valid JSON/]);
  });

  it('no streams array', async () => {
    await expectCatalogRejected({ stream: [] }, [/"streams" array/]);
  });

  it('empty streams', async () => {
    await expectCatalogRejected({ streams: [] }, [/no streams/, /card_transactions/, /users/]);
  });

  it('unknown stream', async () => {
    const unknown = { stream: { name: 'transactions', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' };
    await expectCatalogRejected({ streams: [unknown] }, [/"transactions"/, /does not exist/, /card_transactions/]);
  });

  it('incremental on a full-refresh stream', async () => {
    await expectCatalogRejected({ streams: [entry('users', 'incremental')] }, [/"users"/, /"incremental"/, /full_refresh/]);
  });

  it('invalid sync mode', async () => {
    await expectCatalogRejected({ streams: [entry(CARD.name, 'INVALID')] }, [/card_transactions/, /"INVALID"/, /full_refresh and incremental/]);
  });

  it('duplicate stream', async () => {
    await expectCatalogRejected({ streams: [entry('users', 'full_refresh'), entry('users', 'full_refresh')] }, [/"users"/, /twice/]);
  });

  it('other cursor_field is ignored with a warning', async () => {
    const catalog = { streams: [entry(CARD.name, 'incremental', { cursor_field: ['initiated_at_date'] })] };
    const { result, requests } = await invoke({ command: 'read', config: baseConfig(), catalog, state: cardState({ posted_at_date: '2026-11-20' }) });

    expectReadComplete(result);
    expectWarning(result, /cursor_field/);
    expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual(['2026-11-19T00:00:00Z']);
    const lastState = result.messages.filter((message) => message.type === 'STATE').at(-1);
    expect(lastState?.state?.stream?.stream_state).toEqual({ posted_at_date: '2026-11-30' });
  });
});

describe('state file', () => {
  async function readCard(state: unknown): Promise<Outcome> {
    const outcome = await invoke({ command: 'read', config: baseConfig(), catalog: cardCatalog(), state });
    expectReadComplete(outcome.result);
    return outcome;
  }

  async function expectStateRejected(state: unknown, patterns: RegExp[], catalog: object = cardCatalog()): Promise<void> {
    const { result, requests } = await invoke({ command: 'read', config: baseConfig(), catalog, state });
    expectConfigErrorTrace(result, patterns);
    expect(requests).toEqual([]);
  }

  describe('tolerated and read correctly', () => {
    it('no state file reads from the start', async () => {
      const { requests } = await readCard(undefined);
      expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual([undefined]);
    });

    it('empty array reads from the start', async () => {
      const { requests } = await readCard([]);
      expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual([undefined]);
    });

    it('stream_state null reads from the start', async () => {
      const { requests } = await readCard(cardState(null));
      expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual([undefined]);
    });

    it('unknown streams are ignored', async () => {
      const state = [
        { type: 'STREAM', stream: { stream_descriptor: { name: 'not_a_stream' }, stream_state: { cursor: 'x' } } },
        ...cardState({ posted_at_date: '2026-11-20' }),
      ];
      const { requests } = await readCard(state);
      expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual(['2026-11-19T00:00:00Z']);
    });

    it('legacy per-stream object', async () => {
      const { requests } = await readCard({ card_transactions: { posted_at_date: '2026-11-20' }, other_stream: { x: 1 } });
      expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual(['2026-11-19T00:00:00Z']);
    });

    it('legacy state message', async () => {
      const { requests } = await readCard([{ type: 'LEGACY', data: { card_transactions: { posted_at_date: '2026-11-20' } } }]);
      expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual(['2026-11-19T00:00:00Z']);
    });

    it('extra fields and whole Airbyte messages', async () => {
      const state = [
        {
          type: 'STATE',
          state: {
            type: 'STREAM',
            id: 7,
            sourceStats: { recordCount: 12 },
            destinationStats: { recordCount: 12 },
            stream: { stream_descriptor: { name: CARD.name, namespace: null }, stream_state: { posted_at_date: '2026-11-20', written_by: 'an older version' } },
          },
        },
      ];
      const { requests } = await readCard(state);
      expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual(['2026-11-19T00:00:00Z']);
    });
  });

  describe('cursor values in other formats are normalized', () => {
    it('card date-time with a negative offset', async () => {
      // 23:30 at UTC-5 is 04:30 UTC the next day, so the watermark day is 2026-11-21.
      const { requests } = await readCard(cardState({ posted_at_date: '2026-11-20T23:30:00-05:00' }));
      expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual(['2026-11-20T00:00:00Z']);
    });

    it('card date-time without a zone is UTC', async () => {
      const { requests } = await readCard(cardState({ posted_at_date: '2026-11-20 10:00:00' }));
      expect(filterValues(requests, CARD.path, 'posted_at_start')).toEqual(['2026-11-19T00:00:00Z']);
    });

    it.each([
      ['a positive offset', '2026-11-20T10:00:00+02:00', Date.parse('2026-11-19T08:00:00Z')],
      ['a date only', '2026-11-20', Date.parse('2026-11-19T00:00:00Z')],
      ['fractional seconds', '2026-11-20T10:00:00.250Z', Date.parse('2026-11-19T10:00:00.250Z')],
    ])('expenses with %s', async (_label, updatedAt, expectedStart) => {
      const catalog = catalogFor(discovered, [{ name: EXPENSES.name, syncMode: 'incremental' }]);
      const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: EXPENSES.name }, stream_state: { updated_at: updatedAt } } }];
      const { result, requests } = await invoke({ command: 'read', config: baseConfig(), catalog, state });
      expectReadComplete(result);

      // Expenses are read in time windows, and the earliest window starts at the watermark minus one day.
      const starts = filterValues(requests, EXPENSES.path, 'updated_at_start').map(String);
      expect(starts.every((start) => start.endsWith('Z'))).toBe(true);
      expect(Math.min(...starts.map((start) => Date.parse(start)))).toBe(expectedStart);
    });

    it('cash account date-time with an offset', async () => {
      const accountId = String((emulator.control.rows('cash_transactions') as Row[])[0].account_id);
      // 01:00 at UTC+3 is 22:00 UTC the day before, so the account's watermark day is 2026-11-19.
      const state = [
        { type: 'STREAM', stream: { stream_descriptor: { name: 'cash_transactions' }, stream_state: { accounts: { [accountId]: { posted_at_date: '2026-11-20T01:00:00+03:00' } } } } },
      ];
      const catalog = catalogFor(discovered, [{ name: 'cash_transactions', syncMode: 'incremental' }]);
      const { result, requests } = await invoke({ command: 'read', config: baseConfig(), catalog, state });
      expectReadComplete(result);
      expect(filterValues(requests, cashAccountPath(accountId), 'posted_at_start')).toEqual(['2026-11-18T00:00:00Z']);
    });
  });

  describe('rejected', () => {
    it('not JSON', async () => {
      const file = writeRaw('state-not-json.json', '[{"type": "STREAM",');
      await expectStateRejected(file, [/state-not-json\.json/, /not valid JSON/]);
    });

    it('a string', async () => {
      await expectStateRejected(writeRaw('state-string.json', '"2026-11-20"'), [/state-string\.json/, /JSON array of Airbyte STATE messages/]);
    });

    it('an entry that is not an object', async () => {
      await expectStateRejected([1], [/Entry 0/, /state\.json/, /not a JSON object/]);
    });

    it('unknown state type', async () => {
      await expectStateRejected([{ type: 'PER_STREAM' }], [/"PER_STREAM"/, /STREAM, GLOBAL or LEGACY/]);
    });

    it('a stream state without a stream name', async () => {
      await expectStateRejected([{ type: 'STREAM', stream: { stream_state: { posted_at_date: '2026-11-20' } } }], [/stream_descriptor\.name/]);
    });

    it('card cursor that is not a date', async () => {
      await expectStateRejected(cardState({ posted_at_date: 'yesterday' }), [/card_transactions/, /"yesterday"/, /YYYY-MM-DD/]);
    });

    it('card stream_state that is not an object', async () => {
      await expectStateRejected(cardState('2026-11-20'), [/card_transactions/, /"2026-11-20"/, /object/]);
    });

    it('expenses cursor that is a number', async () => {
      const catalog = catalogFor(discovered, [{ name: EXPENSES.name, syncMode: 'incremental' }]);
      const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: EXPENSES.name }, stream_state: { updated_at: 1732924800 } } }];
      await expectStateRejected(state, [/expenses/, /1732924800/, /RFC 3339/], catalog);
    });

    it('cash account cursor that is not a date', async () => {
      const catalog = catalogFor(discovered, [{ name: 'cash_transactions', syncMode: 'incremental' }]);
      const state = [{ type: 'STREAM', stream: { stream_descriptor: { name: 'cash_transactions' }, stream_state: { accounts: { cashacct_x: { posted_at_date: 'soon' } } } } }];
      await expectStateRejected(state, [/cash_transactions/, /cashacct_x/, /"soon"/], catalog);
    });
  });
});

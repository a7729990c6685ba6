// Fault matrix: every fault kind the emulator injects, on a middle page (the 2nd request of the
// faulted path) of each kind of stream, once (the read must recover) and on every later request
// (the read must fail cleanly). Each case reads users (full refresh) and the three incremental
// streams together, with the fault on one of them, so a failing stream must not stop the others.
import { startEmulator, type Emulator, type Fault, type RequestLogEntry } from '../../emulator/index.js';
import type { RunResult } from '../helpers/cli.js';
import { streamStatuses } from '../helpers/protocol.js';
import { baseConfig, configuredCatalog, DEMO_TOKEN, runRead } from '../resilience/connector.js';
import { createPool } from '../resilience/pool.js';
import { duplicateKeys, errorTraces, missingKeys, recordKeys, rowKeys } from '../resilience/records.js';
import { checkResumeCheckpoint } from '../resilience/replay.js';
import { checkStates } from '../resilience/state-checks.js';
import { CARD, CASH, cashAccountPath, EXPENSES, USERS, type Row, type StreamFacts } from '../resilience/streams.js';

type FailureType = 'transient_error' | 'system_error' | 'config_error';

/** Outcome of the read when the fault hits. */
type Outcome = { kind: 'recovers' } | { kind: 'stream-fails'; failureType: FailureType } | { kind: 'read-stops' };

interface FaultKind {
  name: string;
  fault: (target: Target) => Fault;
  /** Outcome when only the 2nd request of the path is hit, or a function of the stream when it depends on it. */
  once: Outcome | ((target: Target) => Outcome);
  /** Outcome when every request of the path from the 2nd on is hit. */
  always: Outcome;
  /** Whether the client retries this fault (up to 6 attempts in total). */
  retried: boolean;
  /**
   * Whether the read keeps the connector's pacing (60 ms between requests). Token rejections need
   * it: unpaced, new requests go out in the milliseconds before the rejection is processed, so
   * "only requests already in flight arrive after it" could not be distinguished from a late stop.
   */
  paced?: boolean;
}

interface Target {
  facts: StreamFacts;
  /** The read-only scope Brex names when the token lacks it. */
  scope: string;
  /** The path the fault hits. For cash it is the account with the most transactions. */
  faultPath(emulator: Emulator): string;
}

type Persistence = 'once' | 'always';

interface CaseResult {
  run: RunResult;
  rows: Record<string, Row[]>;
  stateProblems: Record<string, string[]>;
  /** Resume checkpoints proven by following their page cursor, per stream. */
  resumesChecked: Record<string, number>;
  requests: RequestLogEntry[];
  faultPath: string;
}

const FAULT_NTH = 2;
/** Small pages, so card_transactions has 15 pages and writes a checkpoint after the 10th. */
const PAGE_SIZE = 4;
const MAX_ATTEMPTS = 6;
const MAX_CONCURRENT_REQUESTS = 4;
/** Cases run at the same time. Each is one emulator and one mostly idle connector process. */
const CASE_CONCURRENCY = 4;

/** The connector's own pacing (one request every 60 ms at the spec's maximum rate) is lifted so the matrix runs fast. */
const UNPACED = { BREX_REQUESTS_PER_MINUTE: 'off' };

const recovers: Outcome = { kind: 'recovers' };
const readStops: Outcome = { kind: 'read-stops' };
const fails = (failureType: FailureType): Outcome => ({ kind: 'stream-fails', failureType });

const FAULT_KINDS: FaultKind[] = [
  { name: '429 without Retry-After', fault: () => ({ kind: 'rate-limit', retryAfter: 'none' }), once: recovers, always: fails('transient_error'), retried: true },
  { name: '500', fault: () => ({ kind: 'status', status: 500 }), once: recovers, always: fails('transient_error'), retried: true },
  {
    name: '503 with an HTML body',
    fault: () => ({ kind: 'status', status: 503, body: '<html><body>Service Unavailable</body></html>' }),
    once: recovers,
    always: fails('transient_error'),
    retried: true,
  },
  { name: 'connection reset', fault: () => ({ kind: 'reset' }), once: recovers, always: fails('transient_error'), retried: true },
  { name: 'hang', fault: () => ({ kind: 'hang' }), once: recovers, always: fails('transient_error'), retried: true },
  { name: 'truncated body', fault: () => ({ kind: 'truncated' }), once: recovers, always: fails('transient_error'), retried: true },
  { name: 'non-JSON body', fault: () => ({ kind: 'non-json' }), once: recovers, always: fails('transient_error'), retried: true },
  // Endless empty pages, each with a new cursor, end as a pagination loop after 50 in a row.
  { name: 'empty page with a cursor', fault: () => ({ kind: 'empty-page-with-cursor' }), once: recovers, always: fails('system_error'), retried: false },
  {
    name: 'repeated cursor',
    fault: () => ({ kind: 'repeat-cursor' }),
    // Expenses are read in time windows, so their 2nd request is the first page of a window. A
    // repeat there is a new cursor string back to the start: the page is read twice, which an
    // incremental stream tolerates, and only a second repeat shows the loop.
    once: (target) => (target.facts === EXPENSES ? recovers : fails('system_error')),
    always: fails('system_error'),
    retried: false,
  },
  {
    name: '400',
    fault: () => ({ kind: 'status', status: 400, body: { type: 'BAD_REQUEST', message: 'Invalid parameter: limit' } }),
    once: fails('system_error'),
    always: fails('system_error'),
    retried: false,
  },
  { name: '404', fault: () => ({ kind: 'status', status: 404 }), once: fails('system_error'), always: fails('system_error'), retried: false },
  {
    name: '401 invalid token',
    fault: () => ({ kind: 'status', status: 401, body: { type: 'UNAUTHORIZED', message: 'PERMISSION_DENIED: Invalid or Revoked Token' } }),
    once: readStops,
    always: readStops,
    retried: false,
    paced: true,
  },
  {
    name: '403 expired token',
    fault: () => ({ kind: 'status', status: 403, body: { type: 'FORBIDDEN', message: 'Invalid or Revoked Token' } }),
    once: readStops,
    always: readStops,
    retried: false,
    paced: true,
  },
  {
    name: '403 missing scope',
    fault: (target) => ({
      kind: 'status',
      status: 403,
      body: { type: 'FORBIDDEN', message: `Missing required scope: ${target.scope}`, code: 'INSUFFICIENT_SCOPE' },
    }),
    once: fails('config_error'),
    always: fails('config_error'),
    retried: false,
  },
];

const TARGETS: Target[] = [
  { facts: USERS, scope: 'users.readonly', faultPath: () => USERS.path },
  { facts: CASH, scope: 'transactions.cash.readonly', faultPath: largestCashAccountPath },
  { facts: CARD, scope: 'transactions.card.readonly', faultPath: () => CARD.path },
  { facts: EXPENSES, scope: 'expenses.card.readonly', faultPath: () => EXPENSES.path },
];

const READ_STREAMS = [USERS, CASH, CARD, EXPENSES];

function largestCashAccountPath(emulator: Emulator): string {
  const counts = new Map<string, number>();
  for (const row of emulator.control.rows('cash_transactions') as Row[]) {
    counts.set(String(row.account_id), (counts.get(String(row.account_id)) ?? 0) + 1);
  }
  const [accountId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return cashAccountPath(accountId);
}

async function runCase(kind: FaultKind, target: Target, persistence: Persistence): Promise<CaseResult> {
  const emulator = await startEmulator({ size: 'small', rateLimit: null });
  try {
    const faultPath = target.faultPath(emulator);
    emulator.control.injectFault({ path: faultPath, fault: kind.fault(target), nth: FAULT_NTH, times: persistence === 'once' ? 1 : Infinity });

    const catalog = await configuredCatalog(
      READ_STREAMS.map((facts) => ({ name: facts.name, syncMode: facts.cursor ? ('incremental' as const) : ('full_refresh' as const) })),
    );
    const run = await runRead({ baseUrl: emulator.url, config: baseConfig({ page_size: PAGE_SIZE, max_concurrent_requests: MAX_CONCURRENT_REQUESTS }), catalog, env: kind.paced ? {} : UNPACED });

    // The checks below page through the emulator themselves, so the fault must not hit them
    // and their requests must not count as the connector's.
    const requests = [...emulator.requests];
    emulator.control.clearFaults();
    const rows: Record<string, Row[]> = {};
    const stateProblems: Record<string, string[]> = {};
    const resumesChecked: Record<string, number> = {};
    for (const facts of READ_STREAMS) {
      rows[facts.name] = emulator.control.rows(facts.table) as Row[];
      ({ problems: stateProblems[facts.name], resumesChecked: resumesChecked[facts.name] } = await checkAllStates(emulator, facts, run, rows[facts.name]));
    }
    return { run, rows, stateProblems, resumesChecked, requests, faultPath };
  } finally {
    await emulator.stop();
  }
}

async function checkAllStates(emulator: Emulator, facts: StreamFacts, run: RunResult, rows: Row[]): Promise<{ problems: string[]; resumesChecked: number }> {
  const { problems, resumes } = checkStates({ messages: run.messages, facts, rows });
  for (const resume of resumes) {
    problems.push(...(await checkResumeCheckpoint(emulator, DEMO_TOKEN, facts, resume, rows)));
  }
  return { problems, resumesChecked: resumes.length };
}

function outcomeOf(kind: FaultKind, target: Target, persistence: Persistence): Outcome {
  if (persistence === 'always') return kind.always;
  return typeof kind.once === 'function' ? kind.once(target) : kind.once;
}

function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === 'recovers') return 'recovers';
  if (outcome.kind === 'read-stops') return 'stops the read with config_error';
  return `fails the stream with ${outcome.failureType}`;
}

/** Returns how many requests of the faulted path, from the first hit on, the client should send. */
function expectedAttemptsFromFault(kind: FaultKind, target: Target, persistence: Persistence): number | undefined {
  const outcome = outcomeOf(kind, target, persistence);
  if (outcome.kind === 'recovers') return undefined;
  if (kind.retried) return MAX_ATTEMPTS;
  // Endless empty pages are followed until the 50-in-a-row limit, and a repeated cursor on a
  // first page is followed once before it repeats. The exact count is not the point there.
  if (kind.name === 'empty page with a cursor' || kind.name === 'repeated cursor') return undefined;
  return 1;
}

function lastStatus(result: CaseResult, stream: string): string | undefined {
  return streamStatuses(result.run.messages, stream).at(-1);
}

describe('fault matrix', () => {
  const pool = createPool(CASE_CONCURRENCY);
  const results = new Map<string, Promise<CaseResult>>();
  const caseId = (kind: FaultKind, target: Target, persistence: Persistence) => `${target.facts.name}|${kind.name}|${persistence}`;

  beforeAll(() => {
    for (const persistence of ['once', 'always'] as const) {
      for (const target of TARGETS) {
        for (const kind of FAULT_KINDS) {
          const result = pool.run(() => runCase(kind, target, persistence));
          // Each test awaits its own result, and this keeps an early failure from being unhandled.
          result.catch(() => undefined);
          results.set(caseId(kind, target, persistence), result);
        }
      }
    }
  });

  for (const persistence of ['once', 'always'] as const) {
    for (const target of TARGETS) {
      describe(`${target.facts.name}, fault ${persistence}`, () => {
        for (const kind of FAULT_KINDS) {
          const outcome = outcomeOf(kind, target, persistence);

          it(`${kind.name} ${describeOutcome(outcome)}`, async () => {
            const result = await results.get(caseId(kind, target, persistence))!;
            assertExitAndTraces(result, target, outcome);
            assertFaultedStreamRecords(result, target, outcome);
            assertOtherStreams(result, target, outcome);
            assertAttempts(result, kind, target, persistence);
            for (const facts of READ_STREAMS) {
              expect({ stream: facts.name, problems: result.stateProblems[facts.name] }).toEqual({ stream: facts.name, problems: [] });
            }
            const cardReadToEnd = outcome.kind === 'recovers' || (outcome.kind === 'stream-fails' && target.facts !== CARD);
            if (cardReadToEnd) {
              // card_transactions passed its 10th page, so its checkpoint must have been replayed.
              expect(result.resumesChecked[CARD.name]).toBeGreaterThanOrEqual(1);
            }
          }, 180_000);
        }
      });
    }
  }
});

function assertExitAndTraces(result: CaseResult, target: Target, outcome: Outcome): void {
  const stream = target.facts.name;
  const traces = errorTraces(result.run.messages);

  if (outcome.kind === 'recovers') {
    expect(traces).toEqual([]);
    expect(result.run.code).toBe(0);
    expect(streamStatuses(result.run.messages, stream)).toEqual(['STARTED', 'RUNNING', 'COMPLETE']);
    return;
  }

  expect(result.run.code).toBe(1);
  expect(lastStatus(result, stream)).toBe('INCOMPLETE');

  if (outcome.kind === 'read-stops') {
    expect(traces).toHaveLength(1);
    expect(traces[0].failure_type).toBe('config_error');
    expect(traces[0].message).toMatch(/rejected the API token/);
    expect(traces[0].message).toMatch(/Settings > Developer/);
    return;
  }

  const streamTraces = traces.filter((trace) => trace.stream !== undefined);
  expect(streamTraces.map((trace) => ({ stream: trace.stream, failure_type: trace.failure_type }))).toEqual([
    { stream, failure_type: outcome.failureType },
  ]);
  expect(streamTraces[0].message).toContain(stream);

  const readTraces = traces.filter((trace) => trace.stream === undefined);
  if (outcome.failureType === 'config_error') {
    // A missing scope ends the read with one summary naming every scope to grant.
    expect(readTraces).toHaveLength(1);
    expect(readTraces[0].failure_type).toBe('config_error');
    expect(readTraces[0].message).toContain(target.scope);
  } else {
    expect(readTraces).toEqual([]);
  }
}

function assertFaultedStreamRecords(result: CaseResult, target: Target, outcome: Outcome): void {
  const facts = target.facts;
  const emitted = recordKeys(result.run.messages, facts);
  const expected = rowKeys(result.rows[facts.name], facts);

  // Whatever happens, no record is invented and a full refresh never repeats one.
  expect(missingKeys(emitted, expected)).toEqual([]);
  if (!facts.cursor) expect(duplicateKeys(emitted)).toEqual([]);

  if (outcome.kind === 'recovers') {
    expect(missingKeys(expected, emitted)).toEqual([]);
  }
  if (outcome.kind !== 'recovers' && facts === CARD) {
    // The card watermark moves only after the last page, so a failed read leaves none.
    const states = result.run.messages.filter((message) => message.type === 'STATE' && message.state?.stream?.stream_descriptor.name === facts.name);
    for (const state of states) expect(state.state?.stream?.stream_state?.posted_at_date).toBeUndefined();
  }
}

function assertOtherStreams(result: CaseResult, target: Target, outcome: Outcome): void {
  if (outcome.kind === 'read-stops') {
    // A rejected token stops the whole read at once: only requests already in flight may still arrive.
    const afterRejection = requestsAfterRejection(result);
    expect(afterRejection.length).toBeLessThanOrEqual(MAX_CONCURRENT_REQUESTS);
    return;
  }

  for (const facts of READ_STREAMS.filter((candidate) => candidate !== target.facts)) {
    const emitted = recordKeys(result.run.messages, facts);
    expect({ stream: facts.name, status: lastStatus(result, facts.name) }).toEqual({ stream: facts.name, status: 'COMPLETE' });
    expect({ stream: facts.name, missing: missingKeys(rowKeys(result.rows[facts.name], facts), emitted) }).toEqual({ stream: facts.name, missing: [] });
    if (!facts.cursor) expect(duplicateKeys(emitted)).toEqual([]);
  }
}

/** Returns the requests that reached the emulator after the first token rejection. */
function requestsAfterRejection(result: CaseResult): RequestLogEntry[] {
  const rejection = result.requests.findIndex((entry) => entry.status === 401 || entry.status === 403);
  expect(rejection).toBeGreaterThanOrEqual(0);
  return result.requests.slice(rejection + 1);
}

/**
 * Returns the key of a request's page chain: requests of one chain share every query parameter but
 * the cursor (expenses run one chain per time window).
 */
function chainKey(entry: RequestLogEntry): string {
  return JSON.stringify(Object.entries(entry.query).filter(([key]) => key !== 'cursor').sort(([a], [b]) => a.localeCompare(b)));
}

function assertAttempts(result: CaseResult, kind: FaultKind, target: Target, persistence: Persistence): void {
  const onPath = result.requests.filter((entry) => entry.path === result.faultPath);
  expect(onPath.length).toBeGreaterThanOrEqual(FAULT_NTH);
  const hit = onPath[FAULT_NTH - 1];
  const fromFault = onPath.slice(FAULT_NTH - 1);

  const expected = expectedAttemptsFromFault(kind, target, persistence);
  if (expected !== undefined) {
    // Every request from the first hit on is faulted, and each chain it reaches gives up on its own.
    const perChain = new Map<string, number>();
    for (const entry of fromFault) perChain.set(chainKey(entry), (perChain.get(chainKey(entry)) ?? 0) + 1);
    for (const [chain, count] of perChain) {
      expect({ fault: kind.name, chain, requestsFromFault: count }).toEqual({ fault: kind.name, chain, requestsFromFault: expected });
    }
  }
  if (persistence === 'once' && kind.retried) {
    // The retry of the faulted page is the chain's next request, and it is served normally.
    const retry = fromFault.slice(1).find((entry) => chainKey(entry) === chainKey(hit));
    expect(retry?.query.cursor).toEqual(hit.query.cursor);
    expect(retry?.status).toBe(200);
  }
}

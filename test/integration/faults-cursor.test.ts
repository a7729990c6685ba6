// Resume points under stress: a checkpoint whose page cursor has expired falls back to the
// watermark, and a read that failed after a checkpoint continues from it without losing rows.
import { startEmulator, type Emulator, type RequestLogEntry } from '../../emulator/index.js';
import type { RunResult } from '../helpers/cli.js';
import { logsOf, type AirbyteStateMessage } from '../helpers/protocol.js';
import { baseConfig, configuredCatalog, runRead } from '../resilience/connector.js';
import { errorTraces, missingKeys, recordKeys, rowKeys } from '../resilience/records.js';
import { checkStates, committedKeys } from '../resilience/state-checks.js';
import { nextStateFile, streamStateIn, type StateFile } from '../resilience/state-file.js';
import { CARD, CASH, cashAccountPath, type Row } from '../resilience/streams.js';

const DAY_MS = 86_400_000;
/** Two rows a page, so card_transactions (60 rows) and the largest cash account (24) pass 10 pages and checkpoint. */
const PAGE_SIZE = 2;
const CURSOR_TTL_MS = 1500;

const emulators: Emulator[] = [];

afterAll(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.stop()));
});

async function startSmall(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  const emulator = await startEmulator({ size: 'small', rateLimit: null, ...options });
  emulators.push(emulator);
  return emulator;
}

async function readOne(emulator: Emulator, stream: string, state?: StateFile): Promise<RunResult> {
  const catalog = await configuredCatalog([{ name: stream, syncMode: 'incremental' }]);
  return runRead({ baseUrl: emulator.url, config: baseConfig({ page_size: PAGE_SIZE }), catalog, state });
}

/** Returns the first STATE of the stream that carries a resume point (for cash: on `accountId`). */
function firstCheckpoint(run: RunResult, stream: string, accountId?: string): AirbyteStateMessage {
  const checkpoint = run.messages.find((message) => {
    const state = message.state?.stream;
    if (message.type !== 'STATE' || state?.stream_descriptor.name !== stream) return false;
    const streamState = state.stream_state as { resume?: unknown; accounts?: Record<string, { resume?: unknown }> };
    return accountId === undefined ? streamState.resume !== undefined : streamState.accounts?.[accountId]?.resume !== undefined;
  });
  if (!checkpoint?.state) throw new Error(`no STATE with a resume point for ${stream}${accountId ? ` account ${accountId}` : ''}`);
  return checkpoint.state;
}

function largestCashAccount(emulator: Emulator): { id: string; otherIds: string[] } {
  const counts = new Map<string, number>();
  for (const account of emulator.control.rows('cash_accounts') as Row[]) counts.set(String(account.id), 0);
  for (const row of emulator.control.rows('cash_transactions') as Row[]) counts.set(String(row.account_id), counts.get(String(row.account_id))! + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  return { id: ranked[0], otherIds: ranked.slice(1) };
}

function requestsOn(emulator: Emulator, path: string, since: number): RequestLogEntry[] {
  return emulator.requests.slice(since).filter((entry) => entry.path === path);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('expired page cursor on resume', () => {
  it('card_transactions falls back to the watermark', async () => {
    const emulator = await startSmall({ cursorTtlMs: CURSOR_TTL_MS });
    const rows = emulator.control.rows('card_transactions') as Row[];
    // A watermark 35 rows back in the newest-first list, so the read has about 18 pages.
    const watermark = String(rows[34].posted_at_date);
    const inputState: StateFile = [{ type: 'STREAM', stream: { stream_descriptor: { name: CARD.name }, stream_state: { posted_at_date: watermark } } }];

    const first = await readOne(emulator, CARD.name, inputState);
    expect(first.code).toBe(0);
    const checkpoint = firstCheckpoint(first, CARD.name);
    const resume = (checkpoint.stream!.stream_state as { posted_at_date?: string; resume: { page_cursor: string } });
    expect(resume.posted_at_date).toBe(watermark);

    await sleep(CURSOR_TTL_MS + 200);
    const since = emulator.requests.length;
    const second = await readOne(emulator, CARD.name, [checkpoint]);

    expect(errorTraces(second.messages)).toEqual([]);
    expect(second.code).toBe(0);
    const requests = requestsOn(emulator, CARD.path, since);
    expect(requests[0]).toMatchObject({ status: 400, query: { cursor: resume.resume.page_cursor } });
    const filterStart = `${new Date(Date.parse(`${watermark}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10)}T00:00:00Z`;
    expect(requests[1].query.cursor).toBeUndefined();
    expect(requests[1]).toMatchObject({ status: 200, query: { posted_at_start: filterStart } });
    expect(logsOf(second.messages).some((log) => log.level === 'WARN' && /rejected the saved page cursor/.test(log.message))).toBe(true);

    const expected = rows.filter((row) => String(row.posted_at_date) >= filterStart.slice(0, 10));
    expect(missingKeys(rowKeys(expected, CARD), recordKeys(second.messages, CARD))).toEqual([]);
    expect(streamStateIn(nextStateFile(second.messages), CARD.name)).toEqual({ posted_at_date: String(rows[0].posted_at_date) });
  });

  it('cash_transactions falls back to the account watermark', async () => {
    const emulator = await startSmall({ cursorTtlMs: CURSOR_TTL_MS });
    const account = largestCashAccount(emulator);
    const accountPath = cashAccountPath(account.id);

    const first = await readOne(emulator, CASH.name);
    expect(first.code).toBe(0);
    const checkpoint = firstCheckpoint(first, CASH.name, account.id);
    const accountState = (checkpoint.stream!.stream_state as { accounts: Record<string, { posted_at_date?: string; resume: { page_cursor: string } }> }).accounts[account.id];

    await sleep(CURSOR_TTL_MS + 200);
    const since = emulator.requests.length;
    const second = await readOne(emulator, CASH.name, [checkpoint]);

    expect(errorTraces(second.messages)).toEqual([]);
    expect(second.code).toBe(0);
    const requests = requestsOn(emulator, accountPath, since);
    expect(requests[0]).toMatchObject({ status: 400, query: { cursor: accountState.resume.page_cursor } });
    // A first read has no watermark yet, so the account is read again from the beginning.
    expect(accountState.posted_at_date).toBeUndefined();
    expect(requests[1].status).toBe(200);
    expect(requests[1].query.cursor).toBeUndefined();
    expect(requests[1].query.posted_at_start).toBeUndefined();

    const accountRows = (emulator.control.rows('cash_transactions') as Row[]).filter((row) => row.account_id === account.id);
    expect(missingKeys(rowKeys(accountRows, CASH), recordKeys(second.messages, CASH))).toEqual([]);
  });
});

describe('read failed after a checkpoint', () => {
  /** Page 12 is past the checkpoint written after page 10. */
  const FAILING_PAGE = 12;

  async function failThenResume(emulator: Emulator, stream: typeof CARD, faultPath: string): Promise<{ first: RunResult; second: RunResult; state: StateFile; since: number }> {
    emulator.control.injectFault({ path: faultPath, fault: { kind: 'status', status: 500 }, nth: FAILING_PAGE, times: Infinity });
    const first = await readOne(emulator, stream.name);
    emulator.control.clearFaults();

    const state = nextStateFile(first.messages);
    const since = emulator.requests.length;
    const second = await readOne(emulator, stream.name, state);
    return { first, second, state, since };
  }

  function expectNothingLost(first: RunResult, second: RunResult, rows: Row[], facts: typeof CARD, state: StateFile): void {
    const delivered = committedKeys(first.messages, facts);
    const union = new Set([...delivered, ...recordKeys(second.messages, facts)]);
    expect(missingKeys(rowKeys(rows, facts), union)).toEqual([]);

    expect(checkStates({ messages: first.messages, facts, rows }).problems).toEqual([]);
    expect(checkStates({ messages: second.messages, facts, rows, delivered, inputState: streamStateIn(state, facts.name) }).problems).toEqual([]);
  }

  it('card_transactions continues from the saved page cursor', async () => {
    const emulator = await startSmall();
    const { first, second, state, since } = await failThenResume(emulator, CARD, CARD.path);

    expect(first.code).toBe(1);
    expect(errorTraces(first.messages).map((trace) => trace.failure_type)).toEqual(['transient_error']);
    const saved = streamStateIn(state, CARD.name) as { resume?: { page_cursor: string } };
    expect(saved.resume?.page_cursor).toEqual(expect.any(String));

    expect(second.code).toBe(0);
    expect(requestsOn(emulator, CARD.path, since)[0].query.cursor).toBe(saved.resume!.page_cursor);
    expectNothingLost(first, second, emulator.control.rows('card_transactions') as Row[], CARD, state);
  });

  it('cash_transactions continues the failed account and skips the finished ones', async () => {
    const emulator = await startSmall();
    const account = largestCashAccount(emulator);
    const { first, second, state, since } = await failThenResume(emulator, CASH, cashAccountPath(account.id));

    expect(first.code).toBe(1);
    expect(errorTraces(first.messages).map((trace) => trace.failure_type)).toEqual(['transient_error']);
    const saved = streamStateIn(state, CASH.name) as { accounts: Record<string, { resume?: { page_cursor: string } }>; in_progress_pass?: { done_accounts: string[] } };
    expect(saved.accounts[account.id].resume?.page_cursor).toEqual(expect.any(String));
    expect([...(saved.in_progress_pass?.done_accounts ?? [])].sort()).toEqual([...account.otherIds].sort());

    expect(second.code).toBe(0);
    expect(requestsOn(emulator, cashAccountPath(account.id), since)[0].query.cursor).toBe(saved.accounts[account.id].resume!.page_cursor);
    for (const otherId of account.otherIds) {
      expect({ account: otherId, requests: requestsOn(emulator, cashAccountPath(otherId), since).length }).toEqual({ account: otherId, requests: 0 });
    }
    expectNothingLost(first, second, emulator.control.rows('cash_transactions') as Row[], CASH, state);
  });
});

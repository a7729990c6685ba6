// Checks that the STATE messages of one read never claim more than the records before them
// deliver. Each check returns a list of problems, so a test asserts `toEqual([])` and a failure
// shows every broken state at once.
import type { AirbyteMessage } from '../helpers/protocol.js';
import { cursorInstant, instantOf, type Row, type StreamFacts } from './streams.js';

/** A checkpoint's resume point, to be proven by following its page cursor on the emulator. */
export interface ResumeCheckpoint {
  /** Set for cash_transactions: the account whose chain the cursor continues. */
  accountId?: string;
  pageCursor: string;
  filter?: string;
  /** Keys of this chain delivered before the checkpoint: earlier reads and this read so far. */
  deliveredBefore: Set<string>;
  /** 1-based number of the STATE message among the stream's states, for messages. */
  stateNumber: number;
}

export interface StateCheckInput {
  messages: AirbyteMessage[];
  facts: StreamFacts;
  /** Every row the emulator serves for the stream. */
  rows: Row[];
  /** Keys committed by earlier reads (records followed by a STATE of their stream). */
  delivered?: ReadonlySet<string>;
  /** The stream_state this read started from, if any. */
  inputState?: Record<string, unknown>;
}

export interface StateCheckResult {
  problems: string[];
  resumes: ResumeCheckpoint[];
}

type ChainState = Record<string, unknown>;

/** The key used for a chain: the account id for cash, '' for a whole stream. */
const WHOLE_STREAM = '';

/**
 * Walks the messages in order and, at every STATE of the stream, checks that
 * - `sourceStats.recordCount` equals the stream's records since its previous STATE,
 * - no watermark is later than the newest cursor value delivered before it (or the input watermark),
 * - every row older than a watermark was delivered before that STATE,
 * - for cash, every account listed as done in the pass was delivered in full.
 * Resume points are returned for the caller to follow on the emulator.
 */
export function checkStates(input: StateCheckInput): StateCheckResult {
  const { facts } = input;
  const problems: string[] = [];
  const resumes: ResumeCheckpoint[] = [];
  const delivered = new Set(input.delivered ?? []);
  const newestDelivered = new Map<string, number>();
  let recordsSinceState = 0;
  let stateNumber = 0;

  for (const row of input.rows.filter((row) => delivered.has(facts.keyOf(row)))) {
    noteNewest(newestDelivered, facts, row);
  }

  for (const message of input.messages) {
    if (message.type === 'RECORD' && message.record?.stream === facts.name) {
      const record = message.record.data as Row;
      delivered.add(facts.keyOf(record));
      noteNewest(newestDelivered, facts, record);
      recordsSinceState += 1;
      continue;
    }
    if (message.type !== 'STATE' || message.state?.stream?.stream_descriptor.name !== facts.name) continue;

    stateNumber += 1;
    const label = `STATE #${stateNumber} of ${facts.name}`;
    const recordCount = message.state.sourceStats?.recordCount;
    if (recordCount !== recordsSinceState) {
      problems.push(`${label} has sourceStats.recordCount ${String(recordCount)} but ${recordsSinceState} records came since the previous STATE`);
    }
    recordsSinceState = 0;

    const streamState = (message.state.stream.stream_state ?? {}) as Record<string, unknown>;
    if (!facts.cursor) continue;

    for (const [chain, chainState] of chainsOf(facts, streamState)) {
      const where = chain === WHOLE_STREAM ? label : `${label} (cash account ${chain})`;
      const chainRows = input.rows.filter((row) => chain === WHOLE_STREAM || row.account_id === chain);
      problems.push(...checkWatermark(where, facts, chainState, chainRows, delivered, newestDelivered.get(chain), inputWatermark(facts, input.inputState, chain)));

      const resume = chainState.resume as Record<string, unknown> | undefined;
      if (resume !== undefined) {
        resumes.push(resumeOf(facts, chain, resume, chainRows, delivered, stateNumber));
      }
    }

    if (facts.name === 'cash_transactions') {
      problems.push(...checkDoneAccounts(label, facts, streamState, input.rows, delivered));
    }
  }
  return { problems, resumes };
}

function noteNewest(newest: Map<string, number>, facts: StreamFacts, row: Row): void {
  const instant = cursorInstant(facts, row);
  if (instant === undefined) return;
  const chain = facts.name === 'cash_transactions' ? String(row.account_id) : WHOLE_STREAM;
  newest.set(chain, Math.max(newest.get(chain) ?? -Infinity, instant));
}

/** Splits a stream state into its chains: the whole stream, or one entry per cash account. */
function chainsOf(facts: StreamFacts, streamState: Record<string, unknown>): Array<[string, ChainState]> {
  if (facts.name !== 'cash_transactions') return [[WHOLE_STREAM, streamState]];
  const accounts = (streamState.accounts ?? {}) as Record<string, ChainState>;
  return Object.entries(accounts);
}

function inputWatermark(facts: StreamFacts, inputState: Record<string, unknown> | undefined, chain: string): number | undefined {
  if (!inputState || !facts.cursor) return undefined;
  const field = facts.cursor.field;
  const accounts = inputState.accounts as Record<string, ChainState> | undefined;
  const value = chain === WHOLE_STREAM ? inputState[field] : (accounts?.[chain]?.[field] ?? inputState[field]);
  return typeof value === 'string' ? instantOf(value, facts.cursor.kind) : undefined;
}

function checkWatermark(
  where: string,
  facts: StreamFacts,
  chainState: ChainState,
  chainRows: Row[],
  delivered: ReadonlySet<string>,
  newestDelivered: number | undefined,
  inputWatermarkInstant: number | undefined,
): string[] {
  const value = chainState[facts.cursor!.field];
  if (value === undefined) return [];
  if (typeof value !== 'string') return [`${where} has a ${facts.cursor!.field} that is not a string: ${JSON.stringify(value)}`];

  const problems: string[] = [];
  const watermark = instantOf(value, facts.cursor!.kind);
  const allowed = Math.max(newestDelivered ?? -Infinity, inputWatermarkInstant ?? -Infinity);
  if (watermark > allowed) {
    const newest = Number.isFinite(allowed) ? new Date(allowed).toISOString() : 'none';
    problems.push(`${where} has watermark ${value}, later than the newest delivered cursor value (${newest})`);
  }

  const unread = chainRows.filter((row) => (cursorInstant(facts, row) ?? Infinity) < watermark && !delivered.has(facts.keyOf(row)));
  if (unread.length > 0) {
    const sample = unread.slice(0, 3).map((row) => `${facts.keyOf(row)} (${String(row[facts.cursor!.field])})`);
    problems.push(`${where} has watermark ${value} but ${unread.length} older rows were never delivered before it, e.g. ${sample.join(', ')}`);
  }
  return problems;
}

function resumeOf(
  facts: StreamFacts,
  chain: string,
  resume: Record<string, unknown>,
  chainRows: Row[],
  delivered: ReadonlySet<string>,
  stateNumber: number,
): ResumeCheckpoint {
  const filter = resume[facts.cursor!.filterParam];
  const chainKeys = new Set(chainRows.map((row) => facts.keyOf(row)));
  return {
    accountId: chain === WHOLE_STREAM ? undefined : chain,
    pageCursor: String(resume.page_cursor),
    filter: typeof filter === 'string' ? filter : undefined,
    deliveredBefore: new Set([...delivered].filter((key) => chainKeys.has(key))),
    stateNumber,
  };
}

function checkDoneAccounts(label: string, facts: StreamFacts, streamState: Record<string, unknown>, rows: Row[], delivered: ReadonlySet<string>): string[] {
  const pass = streamState.in_progress_pass as { done_accounts?: unknown } | undefined;
  const done = Array.isArray(pass?.done_accounts) ? (pass.done_accounts as string[]) : [];
  const problems: string[] = [];
  for (const accountId of done) {
    const missing = rows.filter((row) => row.account_id === accountId && !delivered.has(facts.keyOf(row)));
    if (missing.length > 0) {
      problems.push(`${label} lists cash account ${accountId} as done but ${missing.length} of its rows were never delivered before it`);
    }
  }
  return problems;
}

/**
 * Returns the keys of records committed by a read: per stream, the records emitted before that stream's
 * last STATE. A destination keeps only records that a later STATE covers.
 */
export function committedKeys(messages: AirbyteMessage[], facts: StreamFacts): Set<string> {
  const committed = new Set<string>();
  let pending: string[] = [];
  for (const message of messages) {
    if (message.type === 'RECORD' && message.record?.stream === facts.name) {
      pending.push(facts.keyOf(message.record.data as Row));
    } else if (message.type === 'STATE' && message.state?.stream?.stream_descriptor.name === facts.name) {
      for (const key of pending) committed.add(key);
      pending = [];
    }
  }
  return committed;
}

/** Returns the stream_state of the last STATE message of a stream, or undefined when it sent none. */
export function lastStreamState(messages: AirbyteMessage[], stream: string): Record<string, unknown> | undefined {
  let last: Record<string, unknown> | undefined;
  for (const message of messages) {
    if (message.type === 'STATE' && message.state?.stream?.stream_descriptor.name === stream) {
      last = (message.state.stream.stream_state ?? {}) as Record<string, unknown>;
    }
  }
  return last;
}

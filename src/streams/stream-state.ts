import { ConfigError } from '../errors.js';
import { isObject } from '../state.js';
import { normalizeCursor } from './cursor.js';
import type { StreamCursor } from './definition.js';

/** Position from which a partially read page chain continues: the next page and its filter. */
export interface ResumePoint {
  pageCursor: string;
  filter?: string;
  /** The largest cursor value among the records already emitted in this chain. */
  maxSeen?: string;
}

/** The state of one page chain: the whole stream, or one cash account. */
export interface CursorState {
  watermark?: string;
  resume?: ResumePoint;
}

/** cash_transactions keeps one watermark per cash account, so an account opened later starts from the start date. */
export interface CashState {
  accounts: Map<string, CursorState>;
  /** A stream-wide watermark used for accounts without an entry (legacy states and future-state tests). */
  floor?: string;
  /** Accounts finished in the pass that a checkpoint interrupted; a resumed read skips them. */
  doneInPass: Set<string>;
}

/** Reads a saved cursor state, normalizing values written in other date formats or time zones. */
export function parseCursorState(raw: unknown, cursor: StreamCursor, stream: string): CursorState {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw invalidState(stream, `is ${JSON.stringify(raw)} instead of an object`);

  const state: CursorState = {};
  const saved = raw[cursor.field];
  if (saved !== undefined && saved !== null) {
    state.watermark = normalizeCursor(saved, cursor.kind);
    if (state.watermark === undefined) {
      throw invalidState(stream, `has ${cursor.field} = ${JSON.stringify(saved)}, which is not a ${cursor.kind === 'date' ? 'date (YYYY-MM-DD)' : 'RFC 3339 date-time'}`);
    }
  }

  const resume = raw.resume;
  if (isObject(resume) && typeof resume.page_cursor === 'string' && resume.page_cursor !== '') {
    const filter = resume[cursor.filterParam];
    state.resume = {
      pageCursor: resume.page_cursor,
      filter: typeof filter === 'string' ? filter : undefined,
      maxSeen: normalizeCursor(resume[`max_${cursor.field}`], cursor.kind),
    };
  }
  return state;
}

export function serializeCursorState(state: CursorState, cursor: StreamCursor): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  if (state.watermark !== undefined) output[cursor.field] = state.watermark;
  if (state.resume) {
    const resume: Record<string, unknown> = { page_cursor: state.resume.pageCursor };
    if (state.resume.filter !== undefined) resume[cursor.filterParam] = state.resume.filter;
    if (state.resume.maxSeen !== undefined) resume[`max_${cursor.field}`] = state.resume.maxSeen;
    output.resume = resume;
  }
  return output;
}

export function parseCashState(raw: unknown, cursor: StreamCursor, stream: string): CashState {
  const state: CashState = { accounts: new Map(), doneInPass: new Set() };
  if (raw === undefined) return state;
  if (!isObject(raw)) throw invalidState(stream, `is ${JSON.stringify(raw)} instead of an object`);

  // A top-level cursor value (legacy single watermark) applies to accounts without their own.
  state.floor = parseCursorState(raw, cursor, stream).watermark;

  if (raw.accounts !== undefined) {
    if (!isObject(raw.accounts)) throw invalidState(stream, 'has "accounts" that is not an object keyed by cash account id');
    for (const [accountId, accountState] of Object.entries(raw.accounts)) {
      state.accounts.set(accountId, parseCursorState(accountState, cursor, `${stream} (cash account ${accountId})`));
    }
  }

  const pass = raw.in_progress_pass;
  if (isObject(pass) && Array.isArray(pass.done_accounts)) {
    for (const id of pass.done_accounts) if (typeof id === 'string') state.doneInPass.add(id);
  }
  return state;
}

export function serializeCashState(state: CashState, cursor: StreamCursor): Record<string, unknown> {
  const accounts: Record<string, unknown> = {};
  for (const [accountId, accountState] of [...state.accounts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    accounts[accountId] = serializeCursorState(accountState, cursor);
  }
  const output: Record<string, unknown> = {};
  if (state.floor !== undefined) output[cursor.field] = state.floor;
  output.accounts = accounts;
  if (state.doneInPass.size > 0) output.in_progress_pass = { done_accounts: [...state.doneInPass].sort() };
  return output;
}

function invalidState(stream: string, problem: string): ConfigError {
  return new ConfigError(
    `The saved state of stream ${stream} ${problem}. Reset the stream in Airbyte (or remove its entry from the state file) to read it from the start date.`,
  );
}

// What the resilience tests need to know about each stream: the emulator table behind it, how a
// record's primary key and cursor are read, and which filter parameter its requests carry.
import type { Table } from '../../emulator/index.js';

export type Row = Record<string, unknown>;

export type CursorKind = 'date' | 'date-time';

export interface StreamFacts {
  name: string;
  table: Table;
  /** API path. cash_transactions has one path per cash account (see `cashAccountPath`). */
  path: string;
  /** Present on incremental streams. */
  cursor?: { field: string; kind: CursorKind; filterParam: string };
  /** Primary key of a record or an emulator row, as one string. */
  keyOf(row: Row): string;
}

const byId = (row: Row): string => String(row.id);

export const CARD: StreamFacts = {
  name: 'card_transactions',
  table: 'card_transactions',
  path: '/v2/transactions/card/primary',
  cursor: { field: 'posted_at_date', kind: 'date', filterParam: 'posted_at_start' },
  keyOf: byId,
};

export const CASH: StreamFacts = {
  name: 'cash_transactions',
  table: 'cash_transactions',
  path: '/v2/transactions/cash/{account_id}',
  cursor: { field: 'posted_at_date', kind: 'date', filterParam: 'posted_at_start' },
  // Brex does not document cash transaction ids as unique across accounts.
  keyOf: (row) => `${String(row.account_id)}/${String(row.id)}`,
};

export const EXPENSES: StreamFacts = {
  name: 'expenses',
  table: 'expenses',
  path: '/v1/expenses',
  cursor: { field: 'updated_at', kind: 'date-time', filterParam: 'updated_at_start' },
  keyOf: byId,
};

export const USERS: StreamFacts = { name: 'users', table: 'users', path: '/v2/users', keyOf: byId };

export const INCREMENTAL_STREAMS: readonly StreamFacts[] = [CARD, CASH, EXPENSES];

export const STREAMS_BY_NAME: Readonly<Record<string, StreamFacts>> = Object.fromEntries(
  [CARD, CASH, EXPENSES, USERS].map((facts) => [facts.name, facts]),
);

/** Returns the per-account path of cash transactions. */
export function cashAccountPath(accountId: string): string {
  return CASH.path.replace('{account_id}', encodeURIComponent(accountId));
}

/** Returns the cursor value of a record or row as epoch milliseconds, or undefined when it has none. */
export function cursorInstant(facts: StreamFacts, row: Row): number | undefined {
  const value = facts.cursor ? row[facts.cursor.field] : undefined;
  return typeof value === 'string' ? instantOf(value, facts.cursor!.kind) : undefined;
}

/** Reads a cursor value the way Brex compares it: dates at midnight UTC, date-times as instants. */
export function instantOf(value: string, kind: CursorKind): number {
  const instant = kind === 'date' ? Date.parse(`${value.slice(0, 10)}T00:00:00Z`) : Date.parse(value);
  if (Number.isNaN(instant)) throw new Error(`cursor value ${JSON.stringify(value)} is not a ${kind}`);
  return instant;
}

/**
 * Returns whether the emulator serves `row` under a `*_start` filter of `filter`: card and cash keep rows
 * whose posted_at_date is on or after the UTC date of the filter, and expenses compare instants.
 */
export function passesFilter(facts: StreamFacts, row: Row, filter: string | undefined): boolean {
  if (filter === undefined || !facts.cursor) return true;
  const instant = cursorInstant(facts, row);
  if (instant === undefined) return true;
  const floor = facts.cursor.kind === 'date' ? instantOf(new Date(Date.parse(filter)).toISOString(), 'date') : Date.parse(filter);
  return instant >= floor;
}

// Reads the emulator's request log: which endpoints were called and with which query.
import type { Emulator } from './emulator.js';

export type RequestLogEntry = Emulator['requests'][number];

/** Brex paths of each stream's list endpoint; cash transactions add the account id. */
export const STREAM_PATHS: Record<string, string | RegExp> = {
  card_transactions: '/v2/transactions/card/primary',
  cash_transactions: /^\/v2\/transactions\/cash\/[^/]+$/,
  expenses: '/v1/expenses',
  users: '/v2/users',
  departments: '/v2/departments',
  locations: '/v2/locations',
  vendors: '/v1/vendors',
  budgets: '/v2/budgets',
};

export const CASH_ACCOUNTS_PATH = '/v2/accounts/cash';

/** Returns the path that lists one cash account's transactions. */
export function cashTransactionsPath(accountId: string): string {
  return `/v2/transactions/cash/${encodeURIComponent(accountId)}`;
}

/** Logged GET requests whose path equals (string) or matches (RegExp) `path`, in arrival order. */
export function requestsTo(emulator: Emulator, path: string | RegExp): RequestLogEntry[] {
  return emulator.requests.filter((entry) => (typeof path === 'string' ? entry.path === path : path.test(entry.path)));
}

/** Returns every value sent for `key`. A repeated key such as `expand[]` gives several. */
export function queryValues(entry: RequestLogEntry, key: string): string[] {
  const value = entry.query[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Returns the one value sent for `key`, or undefined. Throws when the key was repeated. */
export function queryValue(entry: RequestLogEntry, key: string): string | undefined {
  const values = queryValues(entry, key);
  if (values.length > 1) throw new Error(`query key ${key} was sent ${values.length} times on ${entry.path}: ${values.join(', ')}`);
  return values[0];
}

/** Returns whether the request is for a later page, which means it carries a cursor. */
export function isLaterPage(entry: RequestLogEntry): boolean {
  return queryValue(entry, 'cursor') !== undefined;
}

/** Distinct paths in the log, sorted; cash transaction paths are kept per account. */
export function distinctPaths(emulator: Emulator): string[] {
  return [...new Set(emulator.requests.map((entry) => entry.path))].sort();
}

/**
 * Groups requests into page chains by path and the values of `filterParams`. A chain that resends
 * its filters with every page contains exactly one first page, a request without a cursor. A later
 * page that dropped or changed a filter lands in a group without a first page.
 */
export function pageChains(entries: RequestLogEntry[], filterParams: string[]): Map<string, RequestLogEntry[]> {
  const chains = new Map<string, RequestLogEntry[]>();
  for (const entry of entries) {
    const key = [entry.path, ...filterParams.map((param) => `${param}=${String(queryValue(entry, param))}`)].join(' ');
    chains.set(key, [...(chains.get(key) ?? []), entry]);
  }
  return chains;
}

/** Per page chain, how many of its requests are first pages; every count is 1 when filters are resent. */
export function firstPagesPerChain(entries: RequestLogEntry[], filterParams: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, chain] of pageChains(entries, filterParams)) {
    counts[key] = chain.filter((entry) => !isLaterPage(entry)).length;
  }
  return counts;
}

/** A time window an expense page chain asked for, as epoch ms; undefined bounds are open. */
export interface RequestedWindow {
  start?: number;
  end?: number;
}

/** Lists the `*_start`/`*_end` windows of the first pages among `entries`, sorted by start (open start first). */
export function requestedWindows(entries: RequestLogEntry[], startParam: string, endParam: string): RequestedWindow[] {
  const parse = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));
  return entries
    .filter((entry) => !isLaterPage(entry))
    .map((entry) => ({ start: parse(queryValue(entry, startParam)), end: parse(queryValue(entry, endParam)) }))
    .sort((a, b) => (a.start ?? Number.NEGATIVE_INFINITY) - (b.start ?? Number.NEGATIVE_INFINITY));
}

/**
 * Problems with windows that should tile a range starting at `start` (undefined: the beginning):
 * a gap or overlap between neighbours, a closed last window, or another first start.
 */
export function windowTilingProblems(windows: RequestedWindow[], start: number | undefined): string[] {
  const problems: string[] = [];
  if (windows.length === 0) return ['no window was requested'];

  if (windows[0].start !== start) problems.push(`first window starts at ${String(windows[0].start)}, expected ${String(start)}`);
  for (let index = 1; index < windows.length; index += 1) {
    const previousEnd = windows[index - 1].end;
    if (previousEnd === undefined || previousEnd + 1 !== windows[index].start) {
      problems.push(`window ${index - 1} ends at ${String(previousEnd)} but window ${index} starts at ${String(windows[index].start)}`);
    }
  }
  if (windows[windows.length - 1].end !== undefined) problems.push('the last window has an end, so newer rows would be missed');
  return problems;
}

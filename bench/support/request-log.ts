import { readFileSync } from 'node:fs';

import type { RequestLogEntry } from '../../emulator/index.js';

/** The pages of one chain: requests that can only be sent one after another. */
export interface PageChain {
  /** The request path, or `cash accounts + <path>` for the listing followed by one account. */
  name: string;
  pages: number;
}

/** Request counts and page chains of one sync, from the emulator's request log. */
export interface RequestLogAnalysis {
  requests: number;
  /** Responses with status 429. */
  rateLimited: number;
  /** Every chain, longest first. */
  chains: PageChain[];
  firstRequestAt: number;
  lastRequestAt: number;
  /** Arrival times of the requests of the longest chain, in order. */
  longestChainArrivals: number[];
  /** Arrival times of every other request, in order. */
  otherArrivals: number[];
}

const CASH_ACCOUNTS_PATH = '/v2/accounts/cash';
const CASH_TRANSACTIONS_PREFIX = '/v2/transactions/cash/';

export function readRequestLog(file: string): RequestLogEntry[] {
  return JSON.parse(readFileSync(file, 'utf8')) as RequestLogEntry[];
}

/**
 * Splits a request log into page chains. Each path is one chain (a stream, or one cash
 * account), counted in pages served with status 200. The cash account listing must finish before
 * any account is read, so it is added in front of each cash account's chain.
 */
export function analyzeRequestLog(log: RequestLogEntry[]): RequestLogAnalysis {
  if (log.length === 0) throw new Error('the emulator logged no requests');
  const answered = log.filter((entry) => entry.status === 200);
  const byPath = new Map<string, RequestLogEntry[]>();
  for (const entry of answered) byPath.set(entry.path, [...(byPath.get(entry.path) ?? []), entry]);

  const listing = byPath.get(CASH_ACCOUNTS_PATH) ?? [];
  const chains: Array<PageChain & { arrivals: number[]; entries: RequestLogEntry[] }> = [];
  for (const [path, entries] of byPath) {
    if (path === CASH_ACCOUNTS_PATH) continue;
    const dependsOnListing = path.startsWith(CASH_TRANSACTIONS_PREFIX);
    const chainEntries = dependsOnListing ? [...listing, ...entries] : entries;
    chains.push({
      name: dependsOnListing ? `${CASH_ACCOUNTS_PATH} + ${path}` : path,
      pages: chainEntries.length,
      arrivals: chainEntries.map((entry) => entry.at),
      entries: chainEntries,
    });
  }
  chains.sort((a, b) => b.pages - a.pages);
  const longest = new Set(chains[0]?.entries ?? []);

  return {
    requests: log.length,
    rateLimited: log.filter((entry) => entry.status === 429).length,
    chains: chains.map(({ name, pages }) => ({ name, pages })),
    firstRequestAt: Math.min(...log.map((entry) => entry.at)),
    lastRequestAt: Math.max(...log.map((entry) => entry.at)),
    longestChainArrivals: chains[0]?.arrivals ?? [],
    otherArrivals: log.filter((entry) => !longest.has(entry)).map((entry) => entry.at).sort((a, b) => a - b),
  };
}

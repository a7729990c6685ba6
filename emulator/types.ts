// Public types of the Brex API emulator. The connector's tests are written against
// these names, so change them only together with every caller.

export type EmulatorSize = 'small' | 'medium' | 'large';

export type ListOrder = 'newest' | 'oldest' | 'shuffled';

export type Table =
  | 'card_transactions'
  | 'cash_transactions'
  | 'cash_accounts'
  | 'expenses'
  | 'users'
  | 'departments'
  | 'locations'
  | 'vendors'
  | 'budgets';

/** Scopes granted to one bearer token; 'all' grants every scope. */
export interface TokenSpec {
  scopes: string[] | 'all';
  expired?: boolean;
}

/** At most `limit` requests per token within any `windowMs` (a sliding window). */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  retryAfter: 'seconds' | 'http-date' | 'none';
}

export interface EmulatorOptions {
  /** Interface to listen on; default '127.0.0.1'. */
  host?: string;
  /** Port to listen on; default 0, which picks a free port. */
  port?: number;
  /** Seed of the data generator; default 1. */
  seed?: number;
  /** Amount of generated data; default 'small'. */
  size?: EmulatorSize;
  /** Accepted bearer tokens; default { 'demo-token': { scopes: 'all' } }. */
  tokens?: Record<string, TokenSpec>;
  /** 'YYYY-MM-DD' anchor for generated dates; default '2026-11-30'. History spans about two years before it. */
  today?: string;
  /** Default { limit: 1000, windowMs: 60000, retryAfter: 'seconds' }; null turns the limit off. */
  rateLimit?: RateLimitOptions | null;
  /** Age in milliseconds after which a cursor is rejected with 400; default 600000. */
  cursorTtlMs?: number;
  /** Order of list results; default 'newest'. */
  order?: ListOrder;
  /** Delay in milliseconds added before every response; default 0. */
  latencyMs?: number;
  /** Whether Brex Cash is enabled for the account; default true. */
  cashEnabled?: boolean;
}

/** One request as the emulator saw it. The token is never recorded. */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  authSent: boolean;
  /** HTTP status sent, or 0 when no response was sent (a 'reset' or 'hang' fault, or still pending). */
  status: number;
  /** Arrival time, epoch milliseconds. */
  at: number;
}

export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'rate-limit'; retryAfter?: 'seconds' | 'http-date' | 'none'; seconds?: number }
  | { kind: 'latency'; ms: number }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'truncated' }
  | { kind: 'non-json' }
  | { kind: 'empty-page-with-cursor' }
  | { kind: 'repeat-cursor' };

export interface FaultRule {
  /** Matched against the URL path: a string must be equal, a RegExp must match. */
  path: string | RegExp;
  fault: Fault;
  /** 1-based number of the matching request (counted per rule) to hit first; default 1. */
  nth?: number;
  /** Number of consecutive matching requests to hit from `nth` on; default 1; Infinity hits all. */
  times?: number;
}

export interface EmulatorControl {
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  setOrder(order: ListOrder): void;
  setCashEnabled(enabled: boolean): void;
  setLatency(ms: number): void;
  setRateLimit(options: RateLimitOptions | null): void;
  setToken(token: string, spec: TokenSpec): void;
  removeToken(token: string): void;
  addCardTransactions(count: number, options?: { postedAtDate?: string }): object[];
  addCashTransactions(count: number, options?: { accountId?: string; postedAtDate?: string }): object[];
  updateExpenses(count: number, options?: { updatedAt?: string }): object[];
  addCashAccount(options?: { transactions?: number }): object;
  addUsers(count: number): object[];
  removeUsers(count: number): object[];
  rows(table: Table): object[];
  count(table: Table): number;
}

export interface Emulator {
  /** Base URL without a trailing slash, e.g. 'http://127.0.0.1:40123'. */
  url: string;
  port: number;
  control: EmulatorControl;
  /** The live request log, in arrival order. */
  requests: RequestLogEntry[];
  clearRequests(): void;
  /** Closes the server and every open socket, hung ones included. */
  stop(): Promise<void>;
}

// The Brex endpoints the emulator serves, with the scope each one needs, its page-size
// maximum and its filters.

import type { ServerState } from './state.js';
import { brexError, type Reply } from './reply.js';
import { InvalidParameter, listValues, parseBooleanParam, parseDateTimeParam, singleValue, type Query } from './query.js';
import { listPage, type EndpointResult } from './paging.js';
import { epochToDate } from '../dates.js';
import type { CardTransactionRow } from '../data/card-transactions.js';
import type { ExpenseRecord } from '../data/expenses.js';
import { EXPENSE_EXPANSIONS, serveExpense } from '../data/expense-serve.js';
import type { Listing } from '../store/ordering.js';

export interface EndpointContext {
  state: ServerState;
  query: Query;
  path: string;
  /** Decoded path parameters, e.g. the cash account id. */
  params: string[];
  now: number;
}

export interface Endpoint {
  pattern: RegExp;
  /** Scopes that grant read; the first, read-only one is named in a 403. */
  scopes: readonly string[];
  /** Whether the endpoint needs Brex Cash to be enabled. */
  cash: boolean;
  handle(context: EndpointContext): EndpointResult;
}

/** Page-size maximum of most lists (Brex's pagination guide). */
const DEFAULT_MAX_LIMIT = 1000;
/** Page-size maximum of expense lists since February 2026. */
const EXPENSES_MAX_LIMIT = 100;

export const ENDPOINTS: readonly Endpoint[] = [
  {
    pattern: /^\/v2\/users\/me$/,
    scopes: ['users.readonly', 'users'],
    cash: false,
    handle: ({ state }) => {
      const owner = state.dataset.lookups.users.get(state.dataset.ownerUserId);
      return { reply: { kind: 'json', status: 200, body: owner } };
    },
  },
  {
    pattern: /^\/v2\/accounts\/cash$/,
    scopes: ['accounts.cash.readonly'],
    cash: true,
    handle: (context) => plainList(context, context.state.dataset.cashAccounts, DEFAULT_MAX_LIMIT),
  },
  {
    pattern: /^\/v2\/transactions\/card\/primary$/,
    scopes: ['transactions.card.readonly'],
    cash: false,
    handle: listCardTransactions,
  },
  {
    pattern: /^\/v2\/transactions\/cash\/([^/]+)$/,
    scopes: ['transactions.cash.readonly'],
    cash: true,
    handle: listCashTransactions,
  },
  {
    pattern: /^\/v1\/expenses$/,
    scopes: ['expenses.card.readonly', 'expenses.card'],
    cash: false,
    handle: listExpenses,
  },
  {
    pattern: /^\/v2\/users$/,
    scopes: ['users.readonly', 'users'],
    cash: false,
    handle: (context) => {
      const email = singleValue(context.query, 'email');
      const remoteId = singleValue(context.query, 'remote_display_id');
      return plainList(context, context.state.dataset.users, DEFAULT_MAX_LIMIT, (user) =>
        (email === undefined || user.email.toLowerCase() === email.toLowerCase()) &&
        (remoteId === undefined || user.remote_display_id === remoteId));
    },
  },
  {
    pattern: /^\/v2\/departments$/,
    scopes: ['departments.readonly', 'departments'],
    cash: false,
    handle: (context) => plainList(context, context.state.dataset.departments, DEFAULT_MAX_LIMIT, nameFilter(context.query, (row) => row.name)),
  },
  {
    pattern: /^\/v2\/locations$/,
    scopes: ['locations.readonly', 'locations'],
    cash: false,
    handle: (context) => plainList(context, context.state.dataset.locations, DEFAULT_MAX_LIMIT, nameFilter(context.query, (row) => row.name)),
  },
  {
    pattern: /^\/v1\/vendors$/,
    scopes: ['vendors.readonly'],
    cash: false,
    handle: (context) => plainList(context, context.state.dataset.vendors, DEFAULT_MAX_LIMIT, nameFilter(context.query, (row) => row.company_name)),
  },
  {
    pattern: /^\/v2\/budgets$/,
    scopes: ['budgets.readonly', 'budgets'],
    cash: false,
    handle: (context) => plainList(context, context.state.dataset.budgets, DEFAULT_MAX_LIMIT),
  },
];

export function findEndpoint(path: string): { endpoint: Endpoint; params: string[] } | null {
  for (const endpoint of ENDPOINTS) {
    const match = endpoint.pattern.exec(path);
    if (match) {
      try {
        return { endpoint, params: match.slice(1).map((part) => decodeURIComponent(part)) };
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function notFound(message: string): Reply {
  return brexError(404, 'NOT_FOUND', message);
}

function plainList<R>(context: EndpointContext, listing: Listing<R>, maxLimit: number, filter: (row: R) => boolean = () => true): EndpointResult {
  return listPage({ ...pageBase(context), listing, maxLimit, filter, hint: {}, serialize: (row) => row });
}

function pageBase(context: EndpointContext) {
  return { state: context.state, query: context.query, now: context.now, route: context.path };
}

// Brex documents `name` as a filter but not how it matches; a case-insensitive exact
// match is a guess.
function nameFilter<R>(query: Query, nameOf: (row: R) => string | null): (row: R) => boolean {
  const name = singleValue(query, 'name');
  if (name === undefined) {
    return () => true;
  }
  return (row) => (nameOf(row) ?? '').toLowerCase() === name.toLowerCase();
}

/** Keeps rows posted on or after the UTC date of posted_at_start. */
function postedFilter(query: Query): { minPostedDate?: string } {
  const start = parseDateTimeParam(query, 'posted_at_start');
  return start === undefined ? {} : { minPostedDate: epochToDate(start) };
}

function listCardTransactions(context: EndpointContext): EndpointResult {
  const { query, state } = context;
  const hint = postedFilter(query);
  for (const value of listValues(query, 'expand[]')) {
    // expense_id is the only documented value, and it is a plain field already.
    if (value !== 'expense_id') {
      throw new InvalidParameter(`expand[] value '${value}' is not supported; the only value is expense_id`);
    }
  }
  const userIds = new Set(listValues(query, 'user_ids'));
  const owners = state.dataset.cardOwners;

  const filter = (row: CardTransactionRow) =>
    (hint.minPostedDate === undefined || row.posted_at_date >= hint.minPostedDate) &&
    (userIds.size === 0 || (row.card_id !== null && userIds.has(owners.get(row.card_id) ?? '')));
  return listPage({ ...pageBase(context), listing: state.dataset.cardTransactions, maxLimit: DEFAULT_MAX_LIMIT, filter, hint, serialize: (row) => row });
}

function listCashTransactions(context: EndpointContext): EndpointResult {
  const accountId = context.params[0];
  const table = context.state.dataset.cashTransactions.get(accountId);
  if (!table) {
    return { reply: notFound(`Cash account ${accountId} not found`) };
  }
  const hint = postedFilter(context.query);
  const filter = (row: { posted_at_date: string }) => hint.minPostedDate === undefined || row.posted_at_date >= hint.minPostedDate;
  return listPage({ ...pageBase(context), listing: table, maxLimit: DEFAULT_MAX_LIMIT, filter, hint, serialize: (row) => row });
}

const EXPANSIONS: ReadonlySet<string> = new Set(EXPENSE_EXPANSIONS);

function listExpenses(context: EndpointContext): EndpointResult {
  const { query, state } = context;
  const expand = new Set(listValues(query, 'expand[]'));
  for (const value of expand) {
    if (!EXPANSIONS.has(value)) {
      throw new InvalidParameter(`expand[] value '${value}' is not supported; use one of ${EXPENSE_EXPANSIONS.join(', ')}`);
    }
  }
  if (listValues(query, 'parent_expense_id[]').length > 0) {
    throw new InvalidParameter('parent_expense_id[] is not supported by the emulator');
  }
  const loadCustomFields = parseBooleanParam(query, 'load_custom_fields') ?? false;
  const filter = expenseFilter(query);
  const options = { expand, loadCustomFields };
  const lookups = state.dataset.lookups;

  return listPage({
    ...pageBase(context),
    listing: state.dataset.expenses,
    maxLimit: EXPENSES_MAX_LIMIT,
    filter,
    hint: {},
    serialize: (record: ExpenseRecord) => serveExpense(record, options, lookups),
  });
}

/** Builds the expense filter from the request; every bound is inclusive. */
function expenseFilter(query: Query): (record: ExpenseRecord) => boolean {
  const ranges = (['updated_at', 'purchased_at', 'payment_posted_at'] as const).map((field) => ({
    field,
    start: parseDateTimeParam(query, `${field}_start`),
    end: parseDateTimeParam(query, `${field}_end`),
  })).filter((range) => range.start !== undefined || range.end !== undefined);

  const sets = (['expense_type', 'status', 'payment_status', 'user_id', 'budget_id', 'spending_entity_id'] as const).map((field) => ({
    field,
    values: new Set(listValues(query, `${field}[]`)),
  })).filter((entry) => entry.values.size > 0);

  return (record) => {
    const row = record.row;
    for (const range of ranges) {
      const value = row[range.field];
      if (typeof value !== 'string') {
        return false;
      }
      const instant = Date.parse(value);
      if ((range.start !== undefined && instant < range.start) || (range.end !== undefined && instant > range.end)) {
        return false;
      }
    }
    return sets.every((entry) => entry.values.has(row[entry.field] as string));
  };
}

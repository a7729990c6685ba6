import type { StreamDefinition } from './definition.js';

/** Brex's general page-size maximum; expense lists were capped at 100 in February 2026. */
const GENERAL_MAX_PAGE_SIZE = 1000;
const EXPENSES_MAX_PAGE_SIZE = 100;

export const STREAMS: readonly StreamDefinition[] = [
  {
    name: 'card_transactions',
    path: '/v2/transactions/card/primary',
    primaryKey: [['id']],
    cursor: { field: 'posted_at_date', kind: 'date', filterParam: 'posted_at_start' },
    scope: 'transactions.card.readonly',
    maxPageSize: GENERAL_MAX_PAGE_SIZE,
  },
  {
    name: 'cash_transactions',
    path: '/v2/transactions/cash/{account_id}',
    // Brex does not document cash transaction ids as unique across accounts.
    primaryKey: [['account_id'], ['id']],
    cursor: { field: 'posted_at_date', kind: 'date', filterParam: 'posted_at_start' },
    scope: 'transactions.cash.readonly',
    maxPageSize: GENERAL_MAX_PAGE_SIZE,
    fanOut: 'cash_accounts',
  },
  {
    name: 'expenses',
    path: '/v1/expenses',
    primaryKey: [['id']],
    cursor: { field: 'updated_at', kind: 'date-time', filterParam: 'updated_at_start', endFilterParam: 'updated_at_end' },
    scope: 'expenses.card.readonly',
    maxPageSize: EXPENSES_MAX_PAGE_SIZE,
    query: (config) => ({
      'expand[]': config.expenseExpand.length > 0 ? config.expenseExpand : undefined,
      load_custom_fields: config.loadCustomFields ? true : undefined,
    }),
  },
  { name: 'users', path: '/v2/users', primaryKey: [['id']], scope: 'users.readonly', maxPageSize: GENERAL_MAX_PAGE_SIZE },
  {
    name: 'departments',
    path: '/v2/departments',
    primaryKey: [['id']],
    scope: 'departments.readonly',
    maxPageSize: GENERAL_MAX_PAGE_SIZE,
  },
  { name: 'locations', path: '/v2/locations', primaryKey: [['id']], scope: 'locations.readonly', maxPageSize: GENERAL_MAX_PAGE_SIZE },
  { name: 'vendors', path: '/v1/vendors', primaryKey: [['id']], scope: 'vendors.readonly', maxPageSize: GENERAL_MAX_PAGE_SIZE },
  { name: 'budgets', path: '/v2/budgets', primaryKey: [['budget_id']], scope: 'budgets.readonly', maxPageSize: GENERAL_MAX_PAGE_SIZE },
];

/** The parent listing that cash_transactions fans out over, and the scope it needs. */
export const CASH_ACCOUNTS = { path: '/v2/accounts/cash', scope: 'accounts.cash.readonly' } as const;

export function findStream(name: string): StreamDefinition | undefined {
  return STREAMS.find((stream) => stream.name === name);
}

// The control surface tests use to change a running emulator.

import type { EmulatorControl, ListOrder, RateLimitOptions, Table, TokenSpec } from './types.js';
import type { ServerState } from './http/state.js';
import * as changes from './data/changes.js';
import { serveExpense } from './data/expense-serve.js';
import type { Listing } from './store/ordering.js';

export function createControl(state: ServerState): EmulatorControl {
  const dataset = state.dataset;
  const inOrder = <R>(listing: Listing<R>): R[] => [...listing.scan(state.order, state.shuffleSalt, null, {})];

  return {
    injectFault: (rule) => state.faults.add(rule),
    clearFaults: () => state.faults.clear(),
    setOrder: (order: ListOrder) => {
      state.order = order;
    },
    setCashEnabled: (enabled: boolean) => {
      state.cashEnabled = enabled;
    },
    setLatency: (ms: number) => {
      state.latencyMs = ms;
    },
    setRateLimit: (options: RateLimitOptions | null) => state.limiter.configure(options),
    setToken: (token: string, spec: TokenSpec) => {
      state.tokens.set(token, spec);
    },
    removeToken: (token: string) => {
      state.tokens.delete(token);
    },

    addCardTransactions: (count, options) => changes.addCardTransactions(dataset, count, options?.postedAtDate),
    addCashTransactions: (count, options) => changes.addCashTransactions(dataset, count, options?.accountId, options?.postedAtDate),
    updateExpenses: (count, options) => changes.updateExpenses(dataset, count, options?.updatedAt),
    addCashAccount: (options) => changes.addCashAccount(dataset, options?.transactions ?? 0),
    addUsers: (count) => changes.addUsers(dataset, count),
    removeUsers: (count) => changes.removeUsers(dataset, count),

    rows: (table: Table): object[] => {
      switch (table) {
        case 'card_transactions':
          if (dataset.isLarge) {
            throw new Error("rows('card_transactions') is not available for size 'large' (1,000,000 rows); page through the API or use count()");
          }
          return structuredClone(inOrder(dataset.cardTransactions));
        case 'cash_transactions':
          return inOrder(dataset.cashAccounts).flatMap((account) =>
            inOrder(dataset.cashTransactions.get(account.id)!).map((row) => ({ ...structuredClone(row), account_id: account.id })));
        case 'cash_accounts':
          return structuredClone(inOrder(dataset.cashAccounts));
        case 'expenses': {
          const options = { expand: new Set<string>(), loadCustomFields: false };
          return inOrder(dataset.expenses).map((record) => structuredClone(serveExpense(record, options, dataset.lookups)));
        }
        case 'users':
          return structuredClone(inOrder(dataset.users));
        case 'departments':
          return structuredClone(inOrder(dataset.departments));
        case 'locations':
          return structuredClone(inOrder(dataset.locations));
        case 'vendors':
          return structuredClone(inOrder(dataset.vendors));
        case 'budgets':
          return structuredClone(inOrder(dataset.budgets));
      }
    },

    count: (table: Table): number => {
      switch (table) {
        case 'card_transactions':
          return dataset.cardCount;
        case 'cash_transactions':
          return [...dataset.cashTransactions.values()].reduce((sum, cashTable) => sum + cashTable.size, 0);
        case 'cash_accounts':
          return dataset.cashAccounts.size;
        case 'expenses':
          return dataset.expenses.size;
        case 'users':
          return dataset.users.size;
        case 'departments':
          return dataset.departments.size;
        case 'locations':
          return dataset.locations.size;
        case 'vendors':
          return dataset.vendors.size;
        case 'budgets':
          return dataset.budgets.size;
      }
    },
  };
}

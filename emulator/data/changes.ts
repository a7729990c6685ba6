// Changes to the generated account between syncs, so incremental reads meet real new and
// updated rows. Each function returns the rows it created, changed or removed, as served.

import type { Dataset } from './dataset.js';
import { newCashTable } from './dataset.js';
import type { CardTransactionRow } from './card-transactions.js';
import { makeCashAccount, makeCashTransaction, type CashAccountRow, type CashTransactionRow } from './cash.js';
import { makeUser, type UserRow } from './team.js';
import { latestUpdatedAt } from './expenses.js';
import { serveExpense } from './expense-serve.js';
import { epochToDateTime, isCalendarDate, parseDateTime } from '../dates.js';

export function addCardTransactions(dataset: Dataset, count: number, postedAtDate = dataset.today): CardTransactionRow[] {
  requireCount(count);
  requireDate(postedAtDate, 'postedAtDate');
  const rows = Array.from({ length: count }, () => dataset.cardGenerator.item(dataset.nextCardIndex++, postedAtDate));
  dataset.cardTable.add(rows);
  return rows.map((row) => structuredClone(row));
}

/** Adds transactions to `accountId` (default: the primary account), posted on `postedAtDate` (default: today). */
export function addCashTransactions(dataset: Dataset, count: number, accountId?: string, postedAtDate = dataset.today): (CashTransactionRow & { account_id: string })[] {
  requireCount(count);
  requireDate(postedAtDate, 'postedAtDate');
  const account = accountId === undefined ? dataset.cashAccounts.rows.find((row) => row.primary) : dataset.cashAccounts.rows.find((row) => row.id === accountId);
  const table = account ? dataset.cashTransactions.get(account.id) : undefined;
  if (!account || !table) {
    throw new Error(`Unknown cash account '${accountId}'; use an id from rows('cash_accounts')`);
  }
  const rows = Array.from({ length: count }, () => makeCashTransaction(dataset.changeRandom, dataset.ids, undefined, postedAtDate));
  table.add(rows);
  return rows.map((row) => ({ ...structuredClone(row), account_id: account.id }));
}

export function addCashAccount(dataset: Dataset, transactions = 0): CashAccountRow {
  if (!Number.isInteger(transactions) || transactions < 0) {
    throw new Error(`transactions must be an integer >= 0, got ${transactions}`);
  }
  const account = makeCashAccount(dataset.changeRandom, dataset.ids, dataset.cashAccounts.size, false);
  dataset.cashAccounts.add([account]);
  dataset.cashTransactions.set(account.id, newCashTable());
  if (transactions > 0) {
    addCashTransactions(dataset, transactions, account.id);
  }
  return structuredClone(account);
}

/**
 * Edits `count` expenses chosen by the seeded change sequence and sets their updated_at
 * to `updatedAt`, by default one second after the latest updated_at of all expenses.
 */
export function updateExpenses(dataset: Dataset, count: number, updatedAt?: string): object[] {
  requireCount(count);
  const records = dataset.expenses.rows;
  if (count > records.length) {
    throw new Error(`Cannot update ${count} expenses: there are only ${records.length}`);
  }
  let instant = latestUpdatedAt(records) + 1000;
  if (updatedAt !== undefined) {
    const parsed = parseDateTime(updatedAt);
    if (parsed === null) {
      throw new Error(`updatedAt must be an RFC 3339 date-time, got '${updatedAt}'`);
    }
    instant = parsed;
  }

  const chosen = dataset.changeRandom.shuffle(records).slice(0, count);
  for (const record of chosen) {
    const memo = typeof record.row.memo === 'string' ? record.row.memo.replace(/ \(edited \d+\)$/, '') : 'Expense';
    const edits = Number(/\(edited (\d+)\)$/.exec(String(record.row.memo))?.[1] ?? 0) + 1;
    record.row.memo = `${memo} (edited ${edits})`;
    record.row.updated_at = epochToDateTime(instant);
  }
  dataset.expenses.touch();
  const options = { expand: new Set<string>(), loadCustomFields: false };
  return chosen.map((record) => structuredClone(serveExpense(record, options, dataset.lookups)));
}

export function addUsers(dataset: Dataset, count: number): UserRow[] {
  requireCount(count);
  const context = {
    departments: [...dataset.departments.rows],
    locations: [...dataset.locations.rows],
    titleIds: dataset.titleIds,
    existingUsers: [...dataset.users.rows],
    usedEmails: dataset.usedEmails,
  };
  const users = Array.from({ length: count }, () => {
    const user = makeUser(dataset.changeRandom, dataset.ids, context, 'ACTIVE', false);
    context.existingUsers.push(user);
    return user;
  });
  dataset.users.add(users);
  users.forEach((user) => dataset.lookups.users.set(user.id, user));
  return users.map((user) => structuredClone(user));
}

/**
 * Removes the `count` most recently created users; the token owner is never removed.
 * Expenses keep pointing at removed users and still expand them.
 */
export function removeUsers(dataset: Dataset, count: number): UserRow[] {
  requireCount(count);
  const removable = dataset.users.rows.filter((user) => user.id !== dataset.ownerUserId);
  if (count > removable.length) {
    throw new Error(`Cannot remove ${count} users: only ${removable.length} can be removed (the token owner stays)`);
  }
  const doomed = new Set(removable.slice(removable.length - count));
  return dataset.users.remove((user) => doomed.has(user)).map((user) => structuredClone(user));
}

function requireCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`count must be an integer >= 0, got ${count}`);
  }
}

function requireDate(value: string, name: string): void {
  if (!isCalendarDate(value)) {
    throw new Error(`${name} must be a date like 2026-11-30, got '${value}'`);
  }
}

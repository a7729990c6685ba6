// Budgets as served by GET /v2/budgets (Brex's SpendBudget schema).

import { BUDGET_KINDS } from './catalog.js';
import { BUDGET_LIMIT_TYPES, PERIOD_RECURRENCE_TYPES, SPEND_BUDGET_STATUSES } from './enums.js';
import type { IdFactory } from './ids.js';
import type { Random } from '../random.js';
import type { Money } from './card-transactions.js';
import type { DepartmentRow, UserRow } from './team.js';
import { addDays } from '../dates.js';

export interface BudgetRow {
  budget_id: string;
  account_id: string;
  name: string;
  description: string | null;
  parent_budget_id: string | null;
  owner_user_ids: string[];
  period_recurrence_type: string;
  start_date: string | null;
  end_date: string | null;
  amount: Money | null;
  spend_budget_status: string;
  limit_type: string | null;
}

/**
 * Builds a tree of budgets: the first is the company-wide root, the rest hang below it or
 * below an earlier budget. The first budgets take every recurrence type, status and
 * limit type once, so each enum value appears.
 */
export function makeBudgets(
  count: number,
  random: Random,
  ids: IdFactory,
  companyAccountId: string,
  departments: DepartmentRow[],
  users: UserRow[],
  today: string,
): BudgetRow[] {
  const budgets: BudgetRow[] = [];
  const owners = users.filter((user) => user.status === 'ACTIVE');
  const year = today.slice(0, 4);

  for (let index = 0; index < count; index++) {
    const recurrence = PERIOD_RECURRENCE_TYPES[index % PERIOD_RECURRENCE_TYPES.length];
    // Budgets 0 to 3 take the four statuses in order; later ones are mostly active.
    let status: string = index <= 3 ? SPEND_BUDGET_STATUSES[index] : 'ACTIVE';
    if (index > 3 && random.chance(0.2)) {
      status = random.pick(SPEND_BUDGET_STATUSES);
    }
    const name = index === 0 ? `Company FY${year.slice(2)}` : `${departments[index % departments.length].name} ${BUDGET_KINDS[index % BUDGET_KINDS.length]}`;
    const start = recurrence === 'ONE_TIME' || random.chance(0.8) ? addDays(today, -random.int(30, 700)) : null;

    budgets.push({
      budget_id: ids.next('budget_'),
      account_id: companyAccountId,
      name,
      description: index % 3 === 1 ? null : `${name} spend`,
      parent_budget_id: index === 0 ? null : budgets[random.int(0, Math.min(index - 1, 3))].budget_id,
      owner_user_ids: random.shuffle(owners).slice(0, random.int(1, 2)).map((user) => user.id),
      period_recurrence_type: recurrence,
      start_date: start,
      end_date: start && (recurrence === 'ONE_TIME' || status === 'EXPIRED') ? addDays(start, random.int(30, 365)) : null,
      amount: index % 5 === 4 ? null : { amount: random.int(10, 500) * 100_000, currency: random.chance(0.9) ? 'USD' : 'EUR' },
      spend_budget_status: status,
      // limit_type is deprecated in Brex's schema; most budgets leave it null.
      limit_type: index < BUDGET_LIMIT_TYPES.length ? BUDGET_LIMIT_TYPES[index] : random.chance(0.3) ? 'SOFT' : null,
    });
  }
  return budgets;
}

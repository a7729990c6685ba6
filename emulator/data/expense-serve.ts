// Turns a stored expense into the object GET /v1/expenses returns for one request:
// objects named in expand[] are filled from the rows they reference, the others stay
// null, and custom_fields is filled only with load_custom_fields=true.

import { MERCHANTS } from './catalog.js';
import type { ExpenseRecord } from './expenses.js';
import { summarizeUser } from './expenses.js';
import type { BudgetRow } from './budgets.js';
import type { DepartmentRow, LegalEntityRow, LocationRow, PolicyRow, UserRow } from './team.js';

/** Values Brex documents for expand[] on GET /v1/expenses. */
export const EXPENSE_EXPANSIONS = [
  'location', 'department', 'merchant', 'receipts.download_uris', 'user', 'budget', 'payment', 'spending_entity', 'policy',
] as const;

export interface ExpenseServeOptions {
  expand: ReadonlySet<string>;
  loadCustomFields: boolean;
}

/** Rows an expansion reads; users include removed ones, so old expenses still expand. */
export interface ExpenseLookups {
  users: Map<string, UserRow>;
  departments: Map<string, DepartmentRow>;
  locations: Map<string, LocationRow>;
  budgets: Map<string, BudgetRow>;
  legalEntities: Map<string, LegalEntityRow>;
  policies: Map<string, PolicyRow>;
}

export function serveExpense(record: ExpenseRecord, options: ExpenseServeOptions, lookups: ExpenseLookups): Record<string, unknown> {
  const row = record.row;
  const out: Record<string, unknown> = { ...row };
  const expand = options.expand;

  if (expand.has('location')) {
    const location = lookups.locations.get(row.location_id as string);
    out.location = location ? { id: location.id, name: location.name } : null;
  }
  if (expand.has('department')) {
    const department = lookups.departments.get(row.department_id as string);
    out.department = department ? { id: department.id, name: department.name } : null;
  }
  if (expand.has('merchant') && record.merchantIndex !== null) {
    const merchant = MERCHANTS[record.merchantIndex];
    out.merchant = { raw_descriptor: merchant.name.toUpperCase(), mcc: merchant.mcc, country: merchant.country };
  }
  if (expand.has('user')) {
    const user = lookups.users.get(row.user_id as string);
    out.user = user ? summarizeUser(user) : null;
  }
  if (expand.has('budget')) {
    const budget = lookups.budgets.get(row.budget_id as string);
    out.budget = budget ? { id: budget.budget_id, name: budget.name } : null;
  }
  if (expand.has('payment') && record.cardId && record.paymentId) {
    out.payment = { id: record.paymentId, paymentInstrument: { type: 'CARD', id: record.cardId }, statusReason: record.statusReason ?? 'APPROVED' };
  }
  if (expand.has('spending_entity')) {
    const entity = lookups.legalEntities.get(row.spending_entity_id as string);
    out.spending_entity = entity ? { ...entity } : null;
  }
  if (expand.has('policy')) {
    const policy = record.policyId ? lookups.policies.get(record.policyId) : undefined;
    out.policy = policy ? { id: policy.id, name: policy.name } : null;
  }
  if (expand.has('receipts.download_uris') && Array.isArray(row.receipts)) {
    out.receipts = (row.receipts as { id: string }[]).map((receipt) => ({ id: receipt.id, download_uris: [receiptUrl(receipt.id)] }));
  }

  out.custom_fields = options.loadCustomFields ? record.customFields : null;
  out.expense_line_items = record.lineItems ? record.lineItems.map((item) => serveExpense(item, options, lookups)) : null;
  return out;
}

// Brex's download links are pre-signed and expire after 15 minutes; these only look alike
// and point at a reserved example domain that is never contacted.
function receiptUrl(receiptId: string): string {
  return `https://receipts.example.com/${receiptId}.pdf?expires_in=900`;
}

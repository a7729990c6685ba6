// Expenses as stored by the emulator. Each record keeps the served row with every
// expandable object set to null, plus the references needed to expand them on request.

import { CENTS_PER_MINOR_UNIT, MERCHANTS, type Currency } from './catalog.js';
import { EXPENSE_CATEGORIES, EXPENSE_PAYMENT_STATUSES, EXPENSE_STATUSES, PAYMENT_STATUS_REASONS } from './enums.js';
import { FIELD_DEFINITIONS, makeCustomField, type CustomFieldValue } from './custom-fields.js';
import type { CardTransactionGenerator, Money } from './card-transactions.js';
import type { IdFactory } from './ids.js';
import { base36FromHash, hash32, type Random } from '../random.js';
import type { BudgetRow } from './budgets.js';
import type { Card, LegalEntityRow, PolicyRow, UserRow } from './team.js';
import { addDays, dateToEpoch, epochToDateTime, parseDateTime } from '../dates.js';
import { HISTORY_DAYS } from './sizes.js';
import { compareStrings } from '../store/ordering.js';

export type ExpenseRow = Record<string, unknown> & { id: string; updated_at: string; dashboard_url: string };

export interface ExpenseRecord {
  row: ExpenseRow;
  merchantIndex: number | null;
  policyId: string | null;
  cardId: string | null;
  paymentId: string | null;
  statusReason: string | null;
  customFields: CustomFieldValue[];
  lineItems: ExpenseRecord[] | null;
}

/** Rows that expenses may point at. */
export interface ExpenseContext {
  today: string;
  users: UserRow[];
  cards: Card[];
  budgets: BudgetRow[];
  legalEntities: LegalEntityRow[];
  policies: PolicyRow[];
  cardTransactions: CardTransactionGenerator;
}

const HOUR_MS = 3_600_000;

/** Returns the merchant of expense `index`: the first expenses take one merchant per category. */
export function merchantIndexForExpense(order: number[], index: number, seedHash: number): number {
  return index < order.length ? order[index] : (seedHash + index * 7919) % MERCHANTS.length;
}

/** Returns a seeded order of the first merchants, one per expense category. */
export function categoryMerchantOrder(random: Random): number[] {
  return random.shuffle(EXPENSE_CATEGORIES.map((_, index) => index));
}

/**
 * Builds `count` expenses. The first `expenseIds.length` are CARD expenses matched by card
 * transactions; the rest are bill pay, reimbursement, clawback and unset ones.
 */
export function makeExpenses(
  count: number,
  expenseIds: string[],
  merchantOf: (index: number) => number,
  random: Random,
  ids: IdFactory,
  context: ExpenseContext,
): ExpenseRecord[] {
  const cardCount = expenseIds.length;
  const statuses = coverValues(random, count, EXPENSE_STATUSES, () => weighted(random, STATUS_WEIGHTS));
  const paymentStatuses = coverValues(random, count, EXPENSE_PAYMENT_STATUSES, () => weighted(random, PAYMENT_STATUS_WEIGHTS));
  const reasons = coverValues(random, cardCount, PAYMENT_STATUS_REASONS, () => (random.chance(0.85) ? 'APPROVED' : random.pick(PAYMENT_STATUS_REASONS)));
  const fieldOwners = coverValues(random, count, FIELD_DEFINITIONS.map((_, index) => index), () => -1);
  const entityCount = context.legalEntities.length;
  const entities = coverValues(random, count, context.legalEntities.map((_, index) => index), () => (random.chance(0.9) ? random.int(0, entityCount - 1) : -1));

  const records: ExpenseRecord[] = [];
  for (let index = 0; index < count; index++) {
    const draft: ExpenseDraft = {
      id: index < cardCount ? expenseIds[index] : ids.next('expense_'),
      type: index < cardCount ? 'CARD' : nonCardType(index - cardCount, count - cardCount, index < EXPENSE_CATEGORIES.length, random),
      merchantIndex: merchantOf(index),
      status: statuses[index],
      paymentStatus: paymentStatuses[index],
      statusReason: index < cardCount ? reasons[index] : null,
      forcedField: fieldOwners[index],
      entityIndex: entities[index],
      cardTransactionIndex: index < cardCount ? context.cardTransactions.indexOfLink(index) : -1,
    };
    records.push(makeExpense(draft, random, ids, context));
  }

  shareNewestUpdatedAt(records);
  return records;
}

/** Everything decided about one expense before its fields are filled in. */
export interface ExpenseDraft {
  id: string;
  type: string;
  merchantIndex: number;
  status: string;
  paymentStatus: string;
  statusReason: string | null;
  /** Index of a custom field definition this expense must carry, or -1. */
  forcedField: number;
  /** Index of the spending legal entity, or -1 for none. */
  entityIndex: number;
  /** Index of the matching card transaction, or -1 for non-card expenses. */
  cardTransactionIndex: number;
}

export function makeExpense(draft: ExpenseDraft, random: Random, ids: IdFactory, context: ExpenseContext): ExpenseRecord {
  const todayEnd = dateToEpoch(context.today) + 86_399_000;
  const cap = (epoch: number) => Math.min(epoch, todayEnd);
  const noMerchant = draft.type === 'CLAWBACK' || draft.type === 'UNSET';
  const merchant = noMerchant ? null : MERCHANTS[draft.merchantIndex];

  const purchase = purchaseOf(draft, random, context, merchant?.currency ?? 'USD', merchant?.typicalAmount ?? 25_000);
  const user = purchase.userId ? context.users.find((candidate) => candidate.id === purchase.userId) ?? null : null;
  const purchasedAt = cap(purchase.purchasedAt);
  const submittedAt = draft.status === 'DRAFT' ? null : cap(purchasedAt + random.int(1, 72) * HOUR_MS);
  const approved = ['APPROVED', 'SETTLED', 'SPLIT'].includes(draft.status);
  const approvedAt = approved && submittedAt !== null ? cap(submittedAt + random.int(1, 48) * HOUR_MS) : null;
  const completedAt = draft.status === 'SETTLED' && approvedAt !== null ? cap(approvedAt + random.int(24, 240) * HOUR_MS) : null;
  const paymentPostedAt = purchase.postedAt ?? (draft.paymentStatus === 'CLEARED' ? cap(purchasedAt + random.int(24, 96) * HOUR_MS) : null);
  const exportedAt = completedAt !== null && random.chance(0.5) ? cap(completedAt + random.int(1, 48) * HOUR_MS) : null;
  const latest = Math.max(purchasedAt, submittedAt ?? 0, approvedAt ?? 0, completedAt ?? 0, paymentPostedAt ?? 0, exportedAt ?? 0);
  const updatedAt = cap(latest + random.int(0, 72) * HOUR_MS + random.int(0, 3599) * 1000);

  const budget = random.chance(0.8) ? random.pick(context.budgets) : null;
  const entity = draft.entityIndex >= 0 ? context.legalEntities[draft.entityIndex] : null;
  const billing = toUsd(purchase.amount);
  const travel = merchant !== null && ['LODGING', 'AIRLINE_EXPENSES', 'CAR_RENTAL'].includes(merchant.category);

  const row: ExpenseRow = {
    id: draft.id,
    memo: random.chance(0.8) ? memoFor(merchant?.category ?? null, random) : null,
    location_id: user?.location_id ?? null,
    location: null,
    address: merchant && random.chance(0.25) ? addressFor(merchant.country, random) : null,
    department_id: user?.department_id ?? null,
    department: null,
    updated_at: epochToDateTime(updatedAt),
    payment_posted_at: paymentPostedAt === null ? null : epochToDateTime(paymentPostedAt),
    category: draft.type === 'UNSET' || merchant === null ? null : merchant.category,
    merchant_id: merchant ? merchantId(draft.merchantIndex) : null,
    merchant: null,
    receipts: makeReceipts(draft.type, random, ids),
    budget_id: budget?.budget_id ?? null,
    budget: null,
    expense_type: draft.type,
    original_amount: purchase.amount,
    billing_amount: billing,
    budget_amount: budget ? billing : null,
    purchased_amount: purchase.amount,
    usd_equivalent_amount: random.chance(0.9) ? billing : null,
    purchased_at: epochToDateTime(purchasedAt),
    status: draft.status,
    payment_status: draft.paymentStatus,
    user_id: user?.id ?? null,
    user: null,
    payment: null,
    custom_fields: null,
    trip_id: travel && random.chance(0.5) ? ids.next('trip_') : null,
    booking_id: travel && random.chance(0.5) ? ids.next('booking_') : null,
    spending_entity_id: entity?.id ?? null,
    spending_entity: null,
    billing_entity_id: entity?.id ?? null,
    exported_at: exportedAt === null ? null : epochToDateTime(exportedAt),
    integration_spending_entity_id: entity && random.chance(0.2) ? `qbo_${random.base36(10)}` : null,
    integration_billing_entity_id: entity && random.chance(0.2) ? `qbo_${random.base36(10)}` : null,
    review: makeReview(draft.status, approvedAt, user, context.users, random),
    repayment: draft.type === 'CLAWBACK' ? { repayment_initiated_by: summarizeUser(context.users[0]), repayment_initiation_date: epochToDateTime(updatedAt) } : null,
    approved_at: approvedAt === null ? null : epochToDateTime(approvedAt),
    submitted_at: submittedAt === null ? null : epochToDateTime(submittedAt),
    completion_date: completedAt === null ? null : epochToDateTime(completedAt),
    policy: null,
    expense_line_items: null,
    dashboard_url: `https://dashboard.brex.com/expenses/${draft.id}`,
  };

  const record: ExpenseRecord = {
    row,
    merchantIndex: merchant ? draft.merchantIndex : null,
    policyId: random.chance(0.85) ? random.pick(context.policies).id : null,
    cardId: purchase.cardId,
    paymentId: purchase.cardId ? ids.next('payment_') : null,
    statusReason: draft.statusReason,
    customFields: makeFields(draft.forcedField, random, epochToDateTime(purchasedAt).slice(0, 10)),
    lineItems: null,
  };
  if (draft.status === 'SPLIT') {
    record.lineItems = makeLineItems(record, random, ids);
  }
  return record;
}

interface Purchase {
  amount: Money;
  purchasedAt: number;
  postedAt: number | null;
  userId: string | null;
  cardId: string | null;
}

// A CARD expense copies date, amount and card from its card transaction; others are invented.
function purchaseOf(draft: ExpenseDraft, random: Random, context: ExpenseContext, currency: Currency, typical: number): Purchase {
  if (draft.cardTransactionIndex >= 0) {
    const transaction = context.cardTransactions.item(draft.cardTransactionIndex);
    const card = context.cards.find((candidate) => candidate.id === transaction.card_id);
    return {
      amount: transaction.amount,
      purchasedAt: dateToEpoch(transaction.initiated_at_date) + random.int(8 * 3600, 20 * 3600) * 1000,
      postedAt: dateToEpoch(transaction.posted_at_date) + random.int(0, 6 * 3600) * 1000,
      userId: card?.ownerUserId ?? null,
      cardId: transaction.card_id,
    };
  }

  const day = addDays(context.today, -random.int(1, HISTORY_DAYS));
  const magnitude = Math.max(1, Math.round(typical * (0.3 + random.next() * 1.7)));
  const active = context.users.filter((user) => user.status === 'ACTIVE');
  return {
    amount: { amount: draft.type === 'CLAWBACK' ? -magnitude : magnitude, currency },
    purchasedAt: dateToEpoch(day) + random.int(8 * 3600, 20 * 3600) * 1000,
    postedAt: null,
    userId: draft.type === 'UNSET' && random.chance(0.5) ? null : random.pick(active).id,
    cardId: null,
  };
}

/** Converts an amount to US cents at the catalogue's fixed rates; a null currency means USD. */
export function toUsd(amount: Money): Money {
  const currency = (amount.currency ?? 'USD') as Currency;
  return { amount: Math.round(amount.amount * CENTS_PER_MINOR_UNIT[currency]), currency: 'USD' };
}

export function merchantId(merchantIndex: number): string {
  return `mrch_c${(merchantIndex + 1).toString(36).padStart(4, '0')}${base36FromHash(hash32(merchantIndex, 0x6d), 20)}`;
}

export function summarizeUser(user: UserRow): Record<string, unknown> {
  return { id: user.id, first_name: user.first_name, last_name: user.last_name, department_id: user.department_id, location_id: user.location_id };
}

/**
 * Picks the type of a non-card expense. The last two get the rare types, so every type
 * appears. Clawbacks and unset expenses have no merchant and no category, so
 * `needsMerchant` keeps them away from the expenses that cover the categories.
 */
function nonCardType(position: number, total: number, needsMerchant: boolean, random: Random): string {
  if (position === total - 1) return 'UNSET';
  if (position === total - 2) return 'CLAWBACK';
  if (position === 0) return 'BILLPAY';
  if (position === 1) return 'REIMBURSEMENT';
  const roll = random.int(0, needsMerchant ? 93 : 99);
  if (roll < 48) return 'REIMBURSEMENT';
  if (roll < 94) return 'BILLPAY';
  return roll < 97 ? 'CLAWBACK' : 'UNSET';
}

const STATUS_WEIGHTS: [string, number][] = [
  ['APPROVED', 40], ['SETTLED', 30], ['SUBMITTED', 12], ['DRAFT', 6], ['OUT_OF_POLICY', 4], ['VOID', 3], ['CANCELED', 3], ['SPLIT', 2],
];

const PAYMENT_STATUS_WEIGHTS: [string, number][] = [
  ['CLEARED', 60], ['PROCESSING', 10], ['NOT_STARTED', 10], ['SCHEDULED', 5], ['AWAITING_PAYMENT', 5], ['REFUNDED', 3],
  ['DECLINED', 2], ['CANCELED', 2], ['REFUNDING', 1], ['CASH_ADVANCE', 1], ['CREDITED', 1],
];

function weighted(random: Random, weights: [string, number][]): string {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll < 0) {
      return value;
    }
  }
  return weights[0][0];
}

/**
 * Returns `count` values in which every one of `required` appears at least once (when
 * `count` allows), at seeded positions; the other positions come from `fallback`.
 */
export function coverValues<T>(random: Random, count: number, required: readonly T[], fallback: () => T): T[] {
  const values = Array.from({ length: count }, fallback);
  const positions = random.shuffle(Array.from({ length: count }, (_, index) => index));
  required.forEach((value, index) => {
    if (index < count) {
      values[positions[index]] = value;
    }
  });
  return values;
}

function makeFields(forced: number, random: Random, aroundDate: string): CustomFieldValue[] {
  const chosen = new Set<number>();
  if (forced >= 0) {
    chosen.add(forced);
  }
  const extra = random.int(0, 2);
  for (let n = 0; n < extra; n++) {
    chosen.add(random.int(0, FIELD_DEFINITIONS.length - 1));
  }
  return [...chosen].sort((a, b) => a - b).map((index) => makeCustomField(random, index, aroundDate));
}

function makeReceipts(type: string, random: Random, ids: IdFactory): { id: string; download_uris: string[] | null }[] | null {
  if (type === 'CLAWBACK' || random.chance(0.1)) {
    return null;
  }
  const count = random.chance(0.8) ? 1 : random.int(0, 2);
  return Array.from({ length: count }, () => ({ id: ids.next('receipt_'), download_uris: null }));
}

function makeReview(status: string, approvedAt: number | null, user: UserRow | null, users: UserRow[], random: Random): Record<string, unknown> | null {
  if (status === 'DRAFT' || random.chance(0.3)) {
    return null;
  }
  const manager = users.find((candidate) => candidate.id === user?.manager_id) ?? users[0];
  const resolved = approvedAt !== null;
  let complianceStatus: string | null = status === 'OUT_OF_POLICY' ? 'NON_COMPLIANT' : 'COMPLIANT';
  if (random.chance(0.1)) {
    complianceStatus = null;
  }
  return {
    compliance_status: complianceStatus,
    approval_steps: [
      {
        pending_reviewers: resolved ? null : [summarizeUser(manager)],
        reviewer: resolved ? summarizeUser(manager) : null,
        copilot_reviewer: null,
        status: resolved ? 'APPROVED' : 'PENDING',
        resolved_at: resolved ? epochToDateTime(approvedAt) : null,
      },
    ],
  };
}

// A split expense carries two itemized children that divide its amounts.
function makeLineItems(parent: ExpenseRecord, random: Random, ids: IdFactory): ExpenseRecord[] {
  const original = parent.row.original_amount as Money;
  const firstShare = Math.round(original.amount * (0.3 + random.next() * 0.4));
  return [firstShare, original.amount - firstShare].map((share) => {
    const id = ids.next('expense_');
    const amount: Money = { amount: share, currency: original.currency };
    return {
      ...parent,
      row: {
        ...parent.row,
        id,
        memo: `Itemized part of ${parent.row.id}`,
        status: 'APPROVED',
        original_amount: amount,
        purchased_amount: amount,
        billing_amount: toUsd(amount),
        usd_equivalent_amount: toUsd(amount),
        budget_amount: parent.row.budget_id ? toUsd(amount) : null,
        receipts: null,
        review: null,
        expense_line_items: null,
        dashboard_url: `https://dashboard.brex.com/expenses/${id}`,
      },
      paymentId: parent.cardId ? ids.next('payment_') : null,
      customFields: [],
      lineItems: null,
    };
  });
}

/** Gives the three most recently updated expenses the same updated_at second (a boundary case for incremental reads). */
function shareNewestUpdatedAt(records: ExpenseRecord[]): void {
  const sorted = records.slice().sort((a, b) => compareStrings(b.row.updated_at, a.row.updated_at));
  const shared = sorted[0]?.row.updated_at;
  for (const record of sorted.slice(0, 3)) {
    record.row.updated_at = shared;
  }
  // A second group in the middle of the history shares one second too.
  const middle = Math.floor(sorted.length / 2);
  for (const record of sorted.slice(middle, middle + 3)) {
    record.row.updated_at = sorted[middle].row.updated_at;
  }
}

const MEMOS: Record<string, string[]> = {
  RESTAURANTS: ['Team lunch', 'Client dinner', 'Working breakfast'],
  LODGING: ['Hotel for customer visit', 'Conference hotel'],
  AIRLINE_EXPENSES: ['Flight to customer onsite', 'Return flight'],
  SERVERS: ['Monthly hosting', 'Extra capacity for launch'],
};

function memoFor(category: string | null, random: Random): string {
  const options = (category && MEMOS[category]) || ['Business expense', 'Team supplies', 'Approved purchase', 'Quarterly renewal'];
  return random.pick(options);
}

const PLACES: Record<string, { country: string; city: string; state: string | null; timezone: string; latitude: number; longitude: number }> = {
  USA: { country: 'US', city: 'San Francisco', state: 'CA', timezone: 'America/Los_Angeles', latitude: 37.7749, longitude: -122.4194 },
  CAN: { country: 'CA', city: 'Toronto', state: 'ON', timezone: 'America/Toronto', latitude: 43.6532, longitude: -79.3832 },
  GBR: { country: 'GB', city: 'London', state: null, timezone: 'Europe/London', latitude: 51.5072, longitude: -0.1276 },
  JPN: { country: 'JP', city: 'Tokyo', state: null, timezone: 'Asia/Tokyo', latitude: 35.6762, longitude: 139.6503 },
  AUT: { country: 'AT', city: 'Wien', state: null, timezone: 'Europe/Vienna', latitude: 48.2082, longitude: 16.3738 },
  DEU: { country: 'DE', city: 'München', state: 'BY', timezone: 'Europe/Berlin', latitude: 48.1351, longitude: 11.582 },
  FRA: { country: 'FR', city: 'Paris', state: null, timezone: 'Europe/Paris', latitude: 48.8566, longitude: 2.3522 },
  POL: { country: 'PL', city: 'Łódź', state: null, timezone: 'Europe/Warsaw', latitude: 51.7592, longitude: 19.456 },
  IRL: { country: 'IE', city: 'Dublin', state: null, timezone: 'Europe/Dublin', latitude: 53.3498, longitude: -6.2603 },
};

function addressFor(countryAlpha3: string, random: Random): Record<string, unknown> {
  const place = PLACES[countryAlpha3] ?? PLACES.USA;
  return {
    line1: `${random.int(1, 400)} Example Street`,
    line2: random.chance(0.7) ? null : `Unit ${random.int(1, 50)}`,
    city: place.city,
    state: place.state,
    postal_code: String(random.int(10000, 99999)),
    country: place.country,
    timezone: place.timezone,
    coordinates: random.chance(0.8) ? { latitude: place.latitude, longitude: place.longitude } : null,
  };
}

/** Returns the latest updated_at of all records, as epoch milliseconds. */
export function latestUpdatedAt(records: readonly ExpenseRecord[]): number {
  let latest = 0;
  for (const record of records) {
    latest = Math.max(latest, parseDateTime(record.row.updated_at) ?? 0);
  }
  return latest;
}

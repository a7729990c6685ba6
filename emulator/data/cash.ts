// Cash accounts and their transactions.

import { CASH_TRANSACTION_TYPES } from './enums.js';
import { VENDOR_NAMES } from './catalog.js';
import type { IdFactory } from './ids.js';
import type { Random } from '../random.js';
import type { Money } from './card-transactions.js';
import { addDays } from '../dates.js';
import { HISTORY_DAYS } from './sizes.js';

export interface CashAccountRow {
  id: string;
  name: string;
  status: string | null;
  current_balance: Money;
  available_balance: Money;
  account_number: string;
  routing_number: string;
  primary: boolean;
}

export interface CashTransactionRow {
  id: string;
  description: string;
  amount: Money | null;
  initiated_at_date: string;
  posted_at_date: string;
  type: string | null;
  transfer_id: string | null;
}

/** A cash transaction together with the account it belongs to (the row itself does not name it). */
export interface CashTransactionRecord {
  accountId: string;
  row: CashTransactionRow;
}

const ACCOUNT_NAMES = ['Operating Account', 'Reserve Account', 'Payroll Account', 'Treasury Account', 'Vendor Payments Account'];

// Types that move money through a transfer, so they carry a transfer_id.
const TRANSFER_TYPES = new Set(['PAYMENT', 'BOOK_TRANSFER', 'INTRA_CUSTOMER_ACCOUNT_BOOK_TRANSFER', 'FBO_TRANSFER', 'STABLECOIN']);
// Types that bring money in. Brex does not document the sign convention; inflows positive is a guess.
const INFLOW_TYPES = new Set(['DIVIDEND', 'INTEREST', 'REWARDS_REDEMPTION', 'RECEIVABLES_OFFERS_ADVANCE', 'ADJUSTMENT']);

export function makeCashAccount(random: Random, ids: IdFactory, ordinal: number, primary: boolean): CashAccountRow {
  const current = random.int(50_000_00, 5_000_000_00);
  return {
    id: ids.next('cashacct_'),
    name: ACCOUNT_NAMES[ordinal % ACCOUNT_NAMES.length] + (ordinal >= ACCOUNT_NAMES.length ? ` ${ordinal + 1}` : ''),
    // One account in three has no status; the field is nullable in Brex's schema.
    status: ordinal % 3 === 1 ? null : 'ACTIVE',
    current_balance: { amount: current, currency: 'USD' },
    available_balance: { amount: current - random.int(0, 25_000_00), currency: ordinal % 2 === 0 ? 'USD' : null },
    account_number: `0000${String(random.int(10_000_000, 99_999_999))}`,
    routing_number: '000000000',
    primary,
  };
}

/** Creates one transaction of `type` (null: a random common type) posted on `postedDate`. */
export function makeCashTransaction(random: Random, ids: IdFactory, type: string | null | undefined, postedDate: string): CashTransactionRow {
  const chosen = type === undefined ? pickCommonType(random) : type;
  const magnitude = random.int(1_000, 2_500_000);
  const inflow = chosen !== null && INFLOW_TYPES.has(chosen);
  const amountIsNull = type === undefined && random.chance(0.03);

  return {
    id: ids.next('cashtxn_'),
    description: describe(chosen, random),
    amount: amountIsNull ? null : { amount: inflow ? magnitude : -magnitude, currency: random.chance(0.1) ? null : 'USD' },
    initiated_at_date: addDays(postedDate, -random.int(0, 2)),
    posted_at_date: postedDate,
    type: chosen,
    transfer_id: chosen !== null && TRANSFER_TYPES.has(chosen) ? ids.next('transfer_') : null,
  };
}

/**
 * Generates the transactions of every account but the last, which stays empty. The primary
 * account gets about 60% of them, every CashTransactionType at least once, and three on `today`.
 */
export function makeCashTransactions(
  random: Random,
  ids: IdFactory,
  accounts: CashAccountRow[],
  total: number,
  today: string,
): CashTransactionRecord[] {
  const funded = accounts.slice(0, -1);
  const records: CashTransactionRecord[] = [];
  const primaryShare = Math.max(CASH_TRANSACTION_TYPES.length + 4, Math.round(total * 0.6));

  for (const [ordinal, account] of funded.entries()) {
    const remaining = total - primaryShare;
    const count = ordinal === 0 ? primaryShare : Math.floor(remaining / (funded.length - 1));
    const forced: (string | null)[] = ordinal === 0 ? [...CASH_TRANSACTION_TYPES, null] : [];

    for (let n = 0; n < count; n++) {
      const onToday = ordinal === 0 && n >= count - 3;
      const posted = onToday ? today : addDays(today, -random.int(1, HISTORY_DAYS));
      const type = n < forced.length ? forced[n] : undefined;
      records.push({ accountId: account.id, row: makeCashTransaction(random, ids, type, posted) });
    }
  }
  return records;
}

function pickCommonType(random: Random): string | null {
  const roll = random.int(0, 99);
  if (roll < 45) return 'PAYMENT';
  if (roll < 55) return 'CARD_COLLECTION';
  if (roll < 63) return 'INTEREST';
  if (roll < 70) return 'FEE';
  if (roll < 78) return 'BOOK_TRANSFER';
  if (roll < 84) return 'INTRA_CUSTOMER_ACCOUNT_BOOK_TRANSFER';
  if (roll < 88) return 'DIVIDEND';
  if (roll < 92) return 'ADJUSTMENT';
  if (roll < 95) return 'REWARDS_REDEMPTION';
  if (roll < 98) return 'TRANSACTION_FEES_COLLECTION';
  return null;
}

function describe(type: string | null, random: Random): string {
  switch (type) {
    case 'PAYMENT':
      return `ACH to ${random.pick(VENDOR_NAMES)}`;
    case 'CARD_COLLECTION':
      return 'Brex card statement payment';
    case 'INTEREST':
      return 'Monthly interest';
    case 'DIVIDEND':
      return 'Treasury fund dividend';
    case 'FEE':
      return 'Wire fee';
    case null:
      return 'Unclassified transaction';
    default:
      return type.toLowerCase().replace(/_/g, ' ');
  }
}

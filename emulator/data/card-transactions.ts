// Card transactions as a pure function of (seed, index). Sizes small and medium store
// every item; size large computes items on request, so memory stays flat however many
// transactions there are. Posted dates never decrease with the index, and ids sort in
// index order, so (posted_at_date, id) order equals index order and a posted_at_start
// filter can binary-search the index.

import { MERCHANTS, type MerchantProfile } from './catalog.js';
import { base36FromHash, hash32 } from '../random.js';
import { addDays } from '../dates.js';
import { HISTORY_DAYS } from './sizes.js';
import type { Card } from './team.js';

export interface Money {
  amount: number;
  currency: string | null;
}

export interface CardTransactionRow {
  id: string;
  card_id: string | null;
  description: string;
  amount: Money;
  initiated_at_date: string;
  posted_at_date: string;
  type: string | null;
  merchant: { raw_descriptor: string; mcc: string; country: string } | null;
  card_metadata: Record<string, string> | null;
  expense_id: string | null;
  card_transaction_operation_reference_id: string | null;
}

/** Links between card transactions and the expenses of type CARD they match. */
export interface CardExpenseLinks {
  /** Ids of the CARD expenses, one per link, in link order. */
  expenseIds: string[];
  /** Index into MERCHANTS of the merchant of link `j`. */
  merchantIndexOf(link: number): number;
}

// Types with no card and no merchant behind them.
const CARDLESS_TYPES = new Set(['REWARDS_CREDIT', 'COLLECTION']);
// Brex sends no operation reference id for these types.
const NO_REFERENCE_TYPES = new Set(['REWARDS_CREDIT', 'COLLECTION', 'BNPL_FEE']);
// Rare values placed on specific transactions so that every type appears in every size.
const FORCED_TYPES: (string | null)[] = ['REWARDS_CREDIT', 'COLLECTION', 'BNPL_FEE', 'CHARGEBACK', 'REFUND', null];

export class CardTransactionGenerator {
  readonly count: number;
  private readonly firstDate: string;
  private readonly dayDates: string[];
  private readonly forcedTypes = new Map<number, string | null>();

  constructor(
    private readonly seed: number,
    count: number,
    private readonly newestDayCount: number,
    today: string,
    private readonly cards: Card[],
    private readonly links: CardExpenseLinks,
  ) {
    this.count = count;
    this.firstDate = addDays(today, -HISTORY_DAYS);
    // Four extra days in front, because an initiated date may precede the posted date.
    this.dayDates = Array.from({ length: HISTORY_DAYS + 5 }, (_, day) => addDays(this.firstDate, day - 4));
    this.placeForcedTypes();
  }

  /** Returns the posted date of generated item `index`. */
  dateOf(index: number): string {
    return this.dayDates[this.dayOf(index) + 4];
  }

  /** Returns the id of item `index`; ids sort in index order. */
  idOf(index: number): string {
    const head = index.toString(36).padStart(7, '0');
    return `cardtxn_c${head}${base36FromHash(hash32(this.seed, index, 11), 8)}${base36FromHash(hash32(this.seed, index, 12), 9)}`;
  }

  /** Returns the link number of the CARD expense matched by item `index`, or -1. */
  linkOf(index: number): number {
    const linkCount = this.links.expenseIds.length;
    if (index >= this.count || linkCount === 0) {
      return -1;
    }
    const link = Math.ceil((index * linkCount) / this.count);
    return link < linkCount && this.indexOfLink(link) === index ? link : -1;
  }

  /** Returns the index of the card transaction matched by CARD expense `link`. */
  indexOfLink(link: number): number {
    return Math.floor((link * this.count) / this.links.expenseIds.length);
  }

  /** Builds item `index`; `postedDate` overrides the generated date (for added transactions). */
  item(index: number, postedDate?: string): CardTransactionRow {
    const h = hash32(this.seed, index, 1);
    const link = this.linkOf(index);
    const type = this.typeOf(index, link, h);
    const cardless = type !== null && CARDLESS_TYPES.has(type);
    const merchantIndex = link >= 0 ? this.links.merchantIndexOf(link) : hash32(this.seed, index, 2) % MERCHANTS.length;
    const merchant = cardless ? null : MERCHANTS[merchantIndex];

    const posted = postedDate ?? this.dateOf(index);
    const lagDays = h % 4;
    const initiated = postedDate === undefined ? this.dayDates[this.dayOf(index) + 4 - lagDays] : addDays(posted, -lagDays);

    return {
      id: this.idOf(index),
      card_id: cardless ? null : this.cards[hash32(this.seed, index, 3) % this.cards.length].id,
      description: describe(type, merchant),
      amount: this.amountOf(index, type, merchant),
      initiated_at_date: initiated,
      posted_at_date: posted,
      type,
      merchant: merchant ? { raw_descriptor: merchant.name.toUpperCase(), mcc: merchant.mcc, country: merchant.country } : null,
      card_metadata: h % 10 === 0 ? { cost_code: `OPS-${10 + (h % 90)}` } : null,
      expense_id: link >= 0 ? this.links.expenseIds[link] : null,
      card_transaction_operation_reference_id: this.referenceOf(index, type),
    };
  }

  private dayOf(index: number): number {
    const spread = this.count - this.newestDayCount;
    if (index >= spread || spread <= 0) {
      return HISTORY_DAYS;
    }
    return Math.floor((index * HISTORY_DAYS) / spread);
  }

  private typeOf(index: number, link: number, h: number): string | null {
    if (link >= 0) {
      return h % 12 === 0 ? 'REFUND' : 'PURCHASE';
    }
    const forced = this.forcedTypes.get(index);
    if (forced !== undefined) {
      return forced;
    }
    const roll = hash32(this.seed, index, 4) % 100;
    if (roll < 82) return 'PURCHASE';
    if (roll < 89) return 'REFUND';
    if (roll < 91) return 'CHARGEBACK';
    if (roll < 95) return 'REWARDS_CREDIT';
    if (roll < 97) return 'COLLECTION';
    if (roll < 99) return 'BNPL_FEE';
    return null;
  }

  // Puts the rare types on the newest transactions that match no expense, so they show
  // up on the first page of the default order.
  private placeForcedTypes(): void {
    let next = 0;
    for (let index = this.count - 1; index >= 0 && next < FORCED_TYPES.length; index--) {
      if (this.linkOf(index) < 0) {
        this.forcedTypes.set(index, FORCED_TYPES[next]);
        next += 1;
      }
    }
  }

  // Purchases and fees are positive, money back to the company negative. Brex does not
  // document the sign convention; this one is a guess.
  private amountOf(index: number, type: string | null, merchant: MerchantProfile | null): Money {
    const h = hash32(this.seed, index, 5);
    if (!merchant) {
      const amount = 500 + (h % 50_000);
      return { amount: type === 'REWARDS_CREDIT' ? -amount : amount, currency: 'USD' };
    }

    const factor = 0.3 + (h % 1700) / 1000;
    const magnitude = Math.max(1, Math.round(merchant.typicalAmount * factor));
    const negative = type === 'REFUND' || type === 'CHARGEBACK';
    // A null currency means USD; about one USD amount in twenty is sent that way.
    const currency = merchant.currency === 'USD' && h % 20 === 7 ? null : merchant.currency;
    return { amount: negative ? -magnitude : magnitude, currency };
  }

  private referenceOf(index: number, type: string | null): string | null {
    if (type !== null && NO_REFERENCE_TYPES.has(type)) {
      return null;
    }
    const h = hash32(this.seed, index, 6);
    return h % 10 === 0 ? null : `opref_c${base36FromHash(h, 12)}`;
  }
}

function describe(type: string | null, merchant: MerchantProfile | null): string {
  if (merchant) {
    return merchant.name.toUpperCase();
  }
  return type === 'REWARDS_CREDIT' ? 'Brex Rewards credit' : 'Card balance collection';
}

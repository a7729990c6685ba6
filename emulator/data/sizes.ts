import type { EmulatorSize } from '../types.js';

/** Row counts of one data size. */
export interface SizeProfile {
  cardTransactions: number;
  /** Card transactions at the start of the list that share the newest posted date. */
  newestDayCardTransactions: number;
  cashAccounts: number;
  cashTransactions: number;
  expenses: number;
  /** Expenses of type CARD; each one is matched by exactly one card transaction. */
  cardExpenses: number;
  users: number;
  departments: number;
  locations: number;
  vendors: number;
  budgets: number;
  cards: number;
  legalEntities: number;
}

const SMALL: SizeProfile = {
  cardTransactions: 60,
  newestDayCardTransactions: 4,
  cashAccounts: 3,
  cashTransactions: 40,
  // 50 expenses cover the 48 categories; 32 card expenses cover the 31 payment status reasons.
  expenses: 50,
  cardExpenses: 32,
  users: 15,
  departments: 5,
  locations: 4,
  vendors: 8,
  budgets: 6,
  cards: 12,
  legalEntities: 5,
};

const MEDIUM: SizeProfile = {
  cardTransactions: 10_000,
  newestDayCardTransactions: 12,
  cashAccounts: 5,
  cashTransactions: 2_500,
  expenses: 5_000,
  cardExpenses: 3_000,
  users: 400,
  departments: 20,
  locations: 12,
  vendors: 120,
  budgets: 40,
  cards: 300,
  legalEntities: 5,
};

// Large differs from medium only in card transactions, which are computed on demand.
const LARGE: SizeProfile = { ...MEDIUM, cardTransactions: 1_000_000 };

export function sizeProfile(size: EmulatorSize): SizeProfile {
  switch (size) {
    case 'small':
      return SMALL;
    case 'medium':
      return MEDIUM;
    case 'large':
      return LARGE;
  }
}

/** Days of history before `today` that generated dates spread over (about two years). */
export const HISTORY_DAYS = 730;

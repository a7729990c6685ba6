// The whole generated Brex account for one (seed, size, today): every table, plus the
// lookups that expansions and filters need.

import type { EmulatorSize, ListOrder } from '../types.js';
import { Random, hash32 } from '../random.js';
import { IdFactory } from './ids.js';
import { sizeProfile, type SizeProfile } from './sizes.js';
import {
  makeCards, makeDepartments, makeLegalEntities, makeLocations, makePolicies, makeTitleIds, makeUsers,
  type Card, type DepartmentRow, type LegalEntityRow, type LocationRow, type PolicyRow, type UserContext, type UserRow,
} from './team.js';
import { makeBudgets, type BudgetRow } from './budgets.js';
import { makeVendors, type VendorRow } from './vendors.js';
import { CardTransactionGenerator, type CardTransactionRow } from './card-transactions.js';
import { categoryMerchantOrder, makeExpenses, merchantIndexForExpense, type ExpenseContext, type ExpenseRecord } from './expenses.js';
import type { ExpenseLookups } from './expense-serve.js';
import { makeCashAccount, makeCashTransactions, type CashAccountRow, type CashTransactionRow } from './cash.js';
import { MemoryTable } from '../store/memory-table.js';
import { GeneratedCardListing } from '../store/generated-listing.js';
import { mergeScans, type Listing, type ScanHint, type SortKey } from '../store/ordering.js';

export class Dataset {
  readonly profile: SizeProfile;
  readonly companyAccountId: string;
  readonly ids: IdFactory;
  /** Randomness for later changes; a fixed sequence of control calls gives fixed results. */
  readonly changeRandom: Random;

  readonly departments = new MemoryTable<DepartmentRow>((row) => row.id);
  readonly locations = new MemoryTable<LocationRow>((row) => row.id);
  readonly users = new MemoryTable<UserRow>((row) => row.id);
  readonly budgets = new MemoryTable<BudgetRow>((row) => row.budget_id);
  readonly vendors = new MemoryTable<VendorRow>((row) => row.id);
  readonly cashAccounts = new MemoryTable<CashAccountRow>((row) => row.id);
  readonly cashTransactions = new Map<string, MemoryTable<CashTransactionRow>>();
  readonly expenses = new MemoryTable<ExpenseRecord>((record) => record.row.id, (record) => record.row.updated_at);
  /** Every card transaction for small and medium; only the added ones for large. */
  readonly cardTable = new MemoryTable<CardTransactionRow>((row) => row.id, (row) => row.posted_at_date);
  readonly cardTransactions: Listing<CardTransactionRow>;
  readonly cardGenerator: CardTransactionGenerator;
  /** Index the next added card transaction gets. */
  nextCardIndex: number;

  readonly ownerUserId: string;
  readonly cards: Card[];
  readonly cardOwners = new Map<string, string>();
  readonly expenseContext: ExpenseContext;
  readonly lookups: ExpenseLookups;
  readonly titleIds: string[];
  readonly usedEmails = new Set<string>();

  constructor(
    readonly seed: number,
    readonly size: EmulatorSize,
    readonly today: string,
  ) {
    this.profile = sizeProfile(size);
    const root = new Random(seed);
    this.ids = new IdFactory(root.fork('ids'));
    this.changeRandom = root.fork('changes');
    this.companyAccountId = this.ids.next('cuacc_');

    const teamRandom = root.fork('team');
    const departments = makeDepartments(this.profile.departments, teamRandom, this.ids);
    const locations = makeLocations(this.profile.locations, this.ids);
    this.titleIds = makeTitleIds(this.ids);
    const context: UserContext = { departments, locations, titleIds: this.titleIds, existingUsers: [], usedEmails: this.usedEmails };
    const users = makeUsers(this.profile.users, teamRandom, this.ids, context);
    this.ownerUserId = users[0].id;
    this.cards = makeCards(this.profile.cards, users, this.ids);
    this.cards.forEach((card) => this.cardOwners.set(card.id, card.ownerUserId));
    const legalEntities = makeLegalEntities(this.profile.legalEntities, teamRandom, this.ids, today);
    const policies = makePolicies(this.ids);
    const budgets = makeBudgets(this.profile.budgets, root.fork('budgets'), this.ids, this.companyAccountId, departments, users, today);

    this.departments.add(departments);
    this.locations.add(locations);
    this.users.add(users);
    this.budgets.add(budgets);
    this.vendors.add(makeVendors(this.profile.vendors, root.fork('vendors'), this.ids));

    this.lookups = {
      users: new Map(users.map((user) => [user.id, user])),
      departments: new Map(departments.map((row) => [row.id, row])),
      locations: new Map(locations.map((row) => [row.id, row])),
      budgets: new Map(budgets.map((row) => [row.budget_id, row])),
      legalEntities: new Map<string, LegalEntityRow>(legalEntities.map((row) => [row.id, row])),
      policies: new Map<string, PolicyRow>(policies.map((row) => [row.id, row])),
    };

    // Card transactions and CARD expenses point at each other, so the expense ids and
    // merchants are fixed first and both sides are derived from them.
    const expenseRandom = root.fork('expenses');
    const merchantOrder = categoryMerchantOrder(expenseRandom);
    const seedHash = hash32(seed, 0x3e);
    const merchantOf = (index: number) => merchantIndexForExpense(merchantOrder, index, seedHash);
    const expenseIds = Array.from({ length: this.profile.cardExpenses }, () => this.ids.next('expense_'));
    this.cardGenerator = new CardTransactionGenerator(
      seed, this.profile.cardTransactions, this.profile.newestDayCardTransactions, today, this.cards, { expenseIds, merchantIndexOf: merchantOf },
    );
    this.nextCardIndex = this.profile.cardTransactions;
    this.cardTransactions = this.makeCardListing();

    this.expenseContext = { today, users, cards: this.cards, budgets, legalEntities, policies, cardTransactions: this.cardGenerator };
    this.expenses.add(makeExpenses(this.profile.expenses, expenseIds, merchantOf, expenseRandom, this.ids, this.expenseContext));

    const cashRandom = root.fork('cash');
    const accounts = Array.from({ length: this.profile.cashAccounts }, (_, ordinal) => makeCashAccount(cashRandom, this.ids, ordinal, ordinal === 0));
    this.cashAccounts.add(accounts);
    for (const account of accounts) {
      this.cashTransactions.set(account.id, newCashTable());
    }
    for (const record of makeCashTransactions(cashRandom, this.ids, accounts, this.profile.cashTransactions, today)) {
      this.cashTransactions.get(record.accountId)?.add([record.row]);
    }
  }

  get isLarge(): boolean {
    return this.size === 'large';
  }

  /** Number of card transactions, generated and added. */
  get cardCount(): number {
    return this.isLarge ? this.cardGenerator.count + this.cardTable.size : this.cardTable.size;
  }

  private makeCardListing(): Listing<CardTransactionRow> {
    if (!this.isLarge) {
      const rows = Array.from({ length: this.cardGenerator.count }, (_, index) => this.cardGenerator.item(index));
      this.cardTable.add(rows);
      return this.cardTable;
    }

    const generated = new GeneratedCardListing(this.cardGenerator);
    const added = this.cardTable;
    const generatedCount = this.cardGenerator.count;
    const isGenerated = (row: CardTransactionRow) => parseInt(row.id.slice(9, 16), 36) < generatedCount;
    return {
      keyOf: (row, order: ListOrder, salt: number): SortKey => (isGenerated(row) ? generated.keyOf(row, order, salt) : added.keyOf(row, order, salt)),
      scan(order: ListOrder, salt: number, after: SortKey | null, hint: ScanHint) {
        const keyOf = (row: CardTransactionRow) => this.keyOf(row, order, salt);
        return mergeScans([generated.scan(order, salt, after, hint), added.scan(order, salt, after, hint)], keyOf, order);
      },
    };
  }
}

export function newCashTable(): MemoryTable<CashTransactionRow> {
  return new MemoryTable<CashTransactionRow>((row) => row.id, (row) => row.posted_at_date);
}

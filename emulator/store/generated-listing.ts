// Card transactions of size large: items [0, count) computed on demand by the generator.
//
// In 'newest' and 'oldest' order the key of item i is [posted_at_date, id], which grows
// with i, so a scan starts by binary search. In 'shuffled' order the items are shuffled
// in blocks of BLOCK_SIZE consecutive items: whole blocks are put in a seeded order and
// each block keeps its items in index order. That keeps shuffled scans cheap, at the cost
// of a coarser shuffle than the in-memory tables get.

import type { ListOrder } from '../types.js';
import type { CardTransactionGenerator, CardTransactionRow } from '../data/card-transactions.js';
import { compareKeys, compareStrings, hex8, type Listing, type ScanHint, type SortKey } from './ordering.js';
import { hash32, mix32 } from '../random.js';

const BLOCK_SIZE = 1000;

export class GeneratedCardListing implements Listing<CardTransactionRow> {
  private blockOrders = new Map<number, number[]>();

  constructor(private readonly generator: CardTransactionGenerator) {}

  keyOf(row: CardTransactionRow, order: ListOrder, salt: number): SortKey {
    if (order === 'shuffled') {
      return [this.blockPrimary(Math.floor(indexOfId(row.id) / BLOCK_SIZE), salt), row.id];
    }
    return [row.posted_at_date, row.id];
  }

  *scan(order: ListOrder, salt: number, after: SortKey | null, hint: ScanHint): Generator<CardTransactionRow> {
    const count = this.generator.count;
    const low = hint.minPostedDate ? this.firstIndexOnOrAfter(hint.minPostedDate) : 0;

    if (order === 'newest') {
      const start = after ? this.firstIndexNotBefore(after) - 1 : count - 1;
      for (let index = start; index >= low; index--) {
        yield this.generator.item(index);
      }
      return;
    }
    if (order === 'oldest') {
      const start = Math.max(low, after ? this.firstIndexAfter(after) : 0);
      for (let index = start; index < count; index++) {
        yield this.generator.item(index);
      }
      return;
    }
    yield* this.scanShuffled(salt, after, low);
  }

  private *scanShuffled(salt: number, after: SortKey | null, low: number): Generator<CardTransactionRow> {
    const count = this.generator.count;
    for (const block of this.blockOrder(salt)) {
      const blockStart = block * BLOCK_SIZE;
      const blockEnd = Math.min(count, blockStart + BLOCK_SIZE);
      let start = Math.max(blockStart, low);
      if (after) {
        const primary = this.blockPrimary(block, salt);
        if (primary < after[0]) {
          continue;
        }
        if (primary === after[0]) {
          start = Math.max(start, this.firstIndexWithIdAfter(blockStart, blockEnd, after[1]));
        }
      }
      for (let index = start; index < blockEnd; index++) {
        yield this.generator.item(index);
      }
    }
  }

  private blockPrimary(block: number, salt: number): string {
    return hex8(mix32(salt ^ hash32(block, 0xb10c)));
  }

  private blockOrder(salt: number): number[] {
    let blocks = this.blockOrders.get(salt);
    if (!blocks) {
      const blockCount = Math.ceil(this.generator.count / BLOCK_SIZE);
      const keyed = Array.from({ length: blockCount }, (_, block) => ({ block, primary: this.blockPrimary(block, salt) }));
      keyed.sort((a, b) => compareStrings(a.primary, b.primary) || a.block - b.block);
      blocks = keyed.map((entry) => entry.block);
      this.blockOrders.set(salt, blocks);
    }
    return blocks;
  }

  private keyAt(index: number): SortKey {
    return [this.generator.dateOf(index), this.generator.idOf(index)];
  }

  /** First index whose key is >= `key` in ascending order. */
  private firstIndexNotBefore(key: SortKey): number {
    return this.search(0, this.generator.count, (index) => compareKeys(this.keyAt(index), key, 'oldest') >= 0);
  }

  /** First index whose key is > `key` in ascending order. */
  private firstIndexAfter(key: SortKey): number {
    return this.search(0, this.generator.count, (index) => compareKeys(this.keyAt(index), key, 'oldest') > 0);
  }

  private firstIndexOnOrAfter(date: string): number {
    return this.search(0, this.generator.count, (index) => this.generator.dateOf(index) >= date);
  }

  private firstIndexWithIdAfter(start: number, end: number, id: string): number {
    return this.search(start, end, (index) => this.generator.idOf(index) > id);
  }

  /** Returns the first index in [low, high) for which the monotonic `test` holds, or `high`. */
  private search(low: number, high: number, test: (index: number) => boolean): number {
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (test(middle)) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }
}

/** Recovers the index from a generated id ('cardtxn_c' followed by 7 base-36 digits of the index). */
function indexOfId(id: string): number {
  return parseInt(id.slice(9, 16), 36);
}

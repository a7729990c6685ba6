// A table held in memory. Sorted views are cached per order and rebuilt after a change.

import type { ListOrder } from '../types.js';
import { compareKeys, shufflePrimary, type Listing, type ScanHint, type SortKey } from './ordering.js';

export class MemoryTable<R> implements Listing<R> {
  private rowList: R[] = [];
  private readonly sequence = new WeakMap<object, number>();
  private nextSequence = 0;
  private version = 0;
  private cache = new Map<string, { version: number; rows: R[] }>();

  /**
   * `idOf` gives the id that breaks ties; `dateOf` gives the date the date orders use. A
   * table without `dateOf` sorts by insertion, so 'newest' lists the latest added first.
   */
  constructor(
    private readonly idOf: (row: R) => string,
    private readonly dateOf?: (row: R) => string,
  ) {}

  get rows(): readonly R[] {
    return this.rowList;
  }

  get size(): number {
    return this.rowList.length;
  }

  add(rows: R[]): void {
    for (const row of rows) {
      this.sequence.set(row as object, this.nextSequence++);
      this.rowList.push(row);
    }
    this.touch();
  }

  /** Removes the rows for which `predicate` is true and returns them. */
  remove(predicate: (row: R) => boolean): R[] {
    const removed = this.rowList.filter(predicate);
    this.rowList = this.rowList.filter((row) => !predicate(row));
    this.touch();
    return removed;
  }

  /** Marks the table changed after rows were edited in place (for example a new updated_at). */
  touch(): void {
    this.version += 1;
  }

  keyOf(row: R, order: ListOrder, salt: number): SortKey {
    const id = this.idOf(row);
    if (order === 'shuffled') {
      return [shufflePrimary(salt, id), id];
    }
    const primary = this.dateOf ? this.dateOf(row) : String(this.sequence.get(row as object) ?? 0).padStart(12, '0');
    return [primary, id];
  }

  /** Returns every row in list order. */
  sorted(order: ListOrder, salt: number): R[] {
    const cacheKey = `${order}:${salt}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.version === this.version) {
      return cached.rows;
    }
    const keyed = this.rowList.map((row) => ({ row, key: this.keyOf(row, order, salt) }));
    keyed.sort((a, b) => compareKeys(a.key, b.key, order));
    const rows = keyed.map((entry) => entry.row);
    this.cache.set(cacheKey, { version: this.version, rows });
    return rows;
  }

  *scan(order: ListOrder, salt: number, after: SortKey | null, _hint: ScanHint): Generator<R> {
    const rows = this.sorted(order, salt);
    let start = 0;
    if (after) {
      // Binary search for the first row whose key comes strictly after `after`.
      let low = 0;
      let high = rows.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compareKeys(this.keyOf(rows[middle], order, salt), after, order) <= 0) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      start = low;
    }
    for (let index = start; index < rows.length; index++) {
      yield rows[index];
    }
  }
}

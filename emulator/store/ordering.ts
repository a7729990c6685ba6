// Sort keys and list orders. Every row has a key [primary, id] in each order. Pages and
// cursors work on keys (keyset pagination), so rows added or removed between two pages
// neither repeat nor skip the rows around them.

import type { ListOrder } from '../types.js';
import { hashString, mix32 } from '../random.js';

/** [primary, id]: the table's date (or insertion number) in date orders, a seeded hash in 'shuffled'. */
export type SortKey = readonly [string, string];

/** Bounds that let a scan skip rows early; a source that cannot use them ignores them. */
export interface ScanHint {
  /** Lower bound on posted_at_date, 'YYYY-MM-DD'. */
  minPostedDate?: string;
}

/** A table whose rows can be read in order, starting strictly after a key. */
export interface Listing<R> {
  scan(order: ListOrder, salt: number, after: SortKey | null, hint: ScanHint): Iterable<R>;
  keyOf(row: R, order: ListOrder, salt: number): SortKey;
}

/** Compares two keys in list order: 'newest' is descending, the other orders ascending. */
export function compareKeys(a: SortKey, b: SortKey, order: ListOrder): number {
  const natural = compareStrings(a[0], b[0]) || compareStrings(a[1], b[1]);
  return order === 'newest' ? -natural : natural;
}

/** Compares by UTF-16 code units, the order of ids and ISO dates (unlike localeCompare). */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** Returns the shuffle position of `id` under `salt` as 8 hex digits (so it sorts as a string). */
export function shufflePrimary(salt: number, id: string): string {
  return hex8(mix32(salt ^ hashString(id)));
}

export function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** Merges scans that are each already in list order into one scan in list order. */
export function* mergeScans<R>(scans: Iterable<R>[], keyOf: (row: R) => SortKey, order: ListOrder): Generator<R> {
  const iterators = scans.map((scan) => scan[Symbol.iterator]());
  const heads = iterators.map((iterator) => iterator.next());

  for (;;) {
    let best = -1;
    for (let n = 0; n < heads.length; n++) {
      if (heads[n].done) {
        continue;
      }
      if (best < 0 || compareKeys(keyOf(heads[n].value as R), keyOf(heads[best].value as R), order) < 0) {
        best = n;
      }
    }
    if (best < 0) {
      return;
    }
    yield heads[best].value as R;
    heads[best] = iterators[best].next();
  }
}

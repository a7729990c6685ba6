// Primary keys and comparisons between emitted records and the emulator's rows.
import type { AirbyteMessage } from '../../helpers/protocol.js';
import { recordsOf } from '../../helpers/protocol.js';
import type { Emulator } from './emulator.js';

export type Row = Record<string, unknown>;

/** Primary key fields of each stream, as the connector documents them. */
export const PRIMARY_KEYS: Record<string, string[]> = {
  card_transactions: ['id'],
  cash_transactions: ['account_id', 'id'],
  expenses: ['id'],
  users: ['id'],
  departments: ['id'],
  locations: ['id'],
  vendors: ['id'],
  budgets: ['budget_id'],
};

/** Returns the primary key of a record or row of `stream` as one string, e.g. `cashacct_1/cashtxn_9`. */
export function keyOf(stream: string, row: Row): string {
  const fields = PRIMARY_KEYS[stream];
  if (!fields) throw new Error(`no primary key known for stream ${stream}`);
  return fields.map((field) => String(row[field])).join('/');
}

/** Returns every row of the emulator table behind `stream`, because each stream is named after its table. */
export function tableRows(emulator: Emulator, stream: string): Row[] {
  return emulator.control.rows(stream as Parameters<Emulator['control']['rows']>[0]) as Row[];
}

/** Record payloads of one stream. */
export function recordData(messages: AirbyteMessage[], stream: string): Row[] {
  return recordsOf(messages, stream).map((record) => record.data as Row);
}

/** Keys that occur more than once among the records, each with its count. */
export function duplicateKeys(stream: string, records: Row[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) {
    const key = keyOf(stream, record);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].filter(([, count]) => count > 1));
}

/** Sorted distinct primary keys of the records or rows. */
export function sortedKeys(stream: string, rows: Row[]): string[] {
  return [...new Set(rows.map((row) => keyOf(stream, row)))].sort();
}

/** Rows keyed by primary key; a later row with the same key replaces an earlier one. */
export function byKey(stream: string, rows: Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [keyOf(stream, row), row]));
}

/**
 * Asserts that the records are exactly `expected` by primary key: every expected row once, no
 * other row, no duplicate. With `compareContent`, each record must also equal its row.
 */
export function expectRecordsMatchRows(stream: string, records: Row[], expected: Row[], compareContent = true): void {
  expect(duplicateKeys(stream, records)).toEqual({});
  expect(sortedKeys(stream, records)).toEqual(sortedKeys(stream, expected));

  if (compareContent) {
    const expectedByKey = byKey(stream, expected);
    for (const record of records) {
      expect(record).toEqual(expectedByKey.get(keyOf(stream, record)));
    }
  }
}

// Compares the records of a read with the emulator's rows by primary key.
import { recordsOf, tracesOf, type AirbyteMessage } from '../helpers/protocol.js';
import type { Row, StreamFacts } from './streams.js';

/** Returns the primary keys of the stream's records, in output order, duplicates kept. */
export function recordKeys(messages: AirbyteMessage[], facts: StreamFacts): string[] {
  return recordsOf(messages, facts.name).map((record) => facts.keyOf(record.data as Row));
}

export function rowKeys(rows: Row[], facts: StreamFacts): string[] {
  return rows.map((row) => facts.keyOf(row));
}

/** Returns the keys of `expected` that `actual` lacks, sorted. */
export function missingKeys(expected: Iterable<string>, actual: Iterable<string>): string[] {
  const present = new Set(actual);
  return [...new Set(expected)].filter((key) => !present.has(key)).sort();
}

/** Returns the keys that occur more than once, sorted. */
export function duplicateKeys(keys: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) repeated.add(key);
    seen.add(key);
  }
  return [...repeated].sort();
}

/** Returns the ERROR traces of a run, in output order. */
export function errorTraces(messages: AirbyteMessage[]): Array<{ message: string; failure_type?: string; stream?: string; internal_message?: string }> {
  return tracesOf(messages, 'ERROR').map((trace) => {
    const error = trace.error as { message: string; failure_type?: string; internal_message?: string; stream_descriptor?: { name: string } };
    return { message: error.message, failure_type: error.failure_type, stream: error.stream_descriptor?.name, internal_message: error.internal_message };
  });
}

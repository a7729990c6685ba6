// Checks of the records of a read: presence per stream, schema, primary keys and the
// expected records file, as CAT's TestBasicRead applies them.
import { show, stableStringify } from './problems.js';
import { compileRecordValidator, formatValidationErrors } from './schema-validation.js';
import { isSchemaObject } from './schema-walk.js';
import { recordsOf, type AirbyteMessage, type AirbyteRecordMessage, type AirbyteStream } from '../helpers/protocol.js';

/** One line of expected_records.jsonl. */
export interface ExpectedRecord {
  stream: string;
  data: Record<string, unknown>;
  emitted_at?: number;
}

export function valueAtPath(data: unknown, fieldPath: string[]): unknown {
  let current: unknown = data;
  for (const field of fieldPath) {
    if (!isSchemaObject(current)) {
      return undefined;
    }
    current = current[field];
  }
  return current;
}

/** Returns the primary key of a record as a comparable string, from the stream's source-defined key. */
export function primaryKeyOf(stream: AirbyteStream, data: unknown): string {
  return stableStringify((stream.source_defined_primary_key ?? []).map((keyPath) => valueAtPath(data, keyPath)));
}

export function hasPrimaryKey(stream: AirbyteStream): boolean {
  return (stream.source_defined_primary_key ?? []).length > 0;
}

export function anyRecordProblems(messages: AirbyteMessage[]): string[] {
  return recordsOf(messages).length > 0 ? [] : ['expected at least one RECORD message, got none'];
}

/** Checks that every stream except the empty ones has at least one record. */
export function missingRecordProblems(messages: AirbyteMessage[], streamNames: string[], emptyStreams: string[]): string[] {
  const problems: string[] = [];
  for (const name of streamNames) {
    if (!emptyStreams.includes(name) && recordsOf(messages, name).length === 0) {
      problems.push(`stream ${name}: expected at least one record (it is not listed in empty_streams), got none`);
    }
  }
  return problems;
}

/** Records name configured streams only; the platform fails a sync on any other. */
export function unconfiguredStreamProblems(messages: AirbyteMessage[], streamNames: string[]): string[] {
  const unknownNames = new Set<string>();
  for (const record of recordsOf(messages)) {
    if (!streamNames.includes(record.stream)) {
      unknownNames.add(record.stream);
    }
  }
  return [...unknownNames].map((name) => `expected records of configured streams only (${streamNames.join(', ')}), got records of stream ${name}`);
}

// Epoch milliseconds of 2001-09-09: any later time in seconds stays below it.
const minimumEpochMs = 1e12;

/** Checks that emitted_at is an integer in epoch milliseconds, not seconds. */
export function emittedAtProblems(messages: AirbyteMessage[]): string[] {
  const wrong = recordsOf(messages).filter((record) => !Number.isInteger(record.emitted_at) || record.emitted_at < minimumEpochMs);
  if (wrong.length === 0) {
    return [];
  }
  return [`expected emitted_at as integer epoch milliseconds, got ${show(wrong.slice(0, 3).map((record) => record.emitted_at))} on ${wrong.length} records`];
}

/** Checks that no record has empty data, which the platform drops without a trace. */
export function emptyDataProblems(messages: AirbyteMessage[]): string[] {
  const empty = recordsOf(messages).filter((record) => Object.keys(record.data).length === 0);
  if (empty.length === 0) {
    return [];
  }
  return [`expected non-empty record data, got {} on ${empty.length} records of streams ${show([...new Set(empty.map((record) => record.stream))])}`];
}

/** Records validate against their stream's json_schema (draft-07, date and date-time formats checked). */
export function recordSchemaProblems(messages: AirbyteMessage[], streams: AirbyteStream[]): string[] {
  const problems: string[] = [];
  for (const stream of streams) {
    const validate = compileRecordValidator(stream.json_schema);
    for (const record of recordsOf(messages, stream.name)) {
      if (!validate(record.data)) {
        problems.push(`stream ${stream.name} record ${primaryKeyOf(stream, record.data)}: expected it to match json_schema, got ${formatValidationErrors(validate.errors)}`);
      }
    }
  }
  return problems;
}

/** Checks that every record has at least one top-level field that its schema declares. */
export function undeclaredRecordProblems(messages: AirbyteMessage[], streams: AirbyteStream[]): string[] {
  const problems: string[] = [];
  for (const stream of streams) {
    const properties = isSchemaObject(stream.json_schema.properties) ? Object.keys(stream.json_schema.properties) : [];
    for (const record of recordsOf(messages, stream.name)) {
      const fields = Object.keys(record.data);
      if (!fields.some((field) => properties.includes(field))) {
        problems.push(`stream ${stream.name}: expected a record sharing a field with json_schema (${properties.join(', ')}), got fields ${show(fields)}`);
      }
    }
  }
  return problems;
}

/** Primary key values are not objects or arrays, and not all null. */
export function primaryKeyValueProblems(messages: AirbyteMessage[], streams: AirbyteStream[]): string[] {
  const problems: string[] = [];
  for (const stream of streams.filter(hasPrimaryKey)) {
    const keyPaths = stream.source_defined_primary_key ?? [];
    for (const record of recordsOf(messages, stream.name)) {
      const values = keyPaths.map((keyPath) => valueAtPath(record.data, keyPath));
      if (values.some((value) => value !== null && typeof value === 'object')) {
        problems.push(`stream ${stream.name}: expected scalar primary key values for ${show(keyPaths)}, got ${show(values)}`);
      }
      if (values.every((value) => value === null || value === undefined)) {
        problems.push(`stream ${stream.name}: expected a non-null primary key ${show(keyPaths)}, got all null in ${show(record.data)}`);
      }
    }
  }
  return problems;
}

function expectedOfStream(expected: ExpectedRecord[], stream: string): ExpectedRecord[] {
  return expected.filter((record) => record.stream === stream);
}

function missingKeyProblems(stream: AirbyteStream, expected: ExpectedRecord[], actual: AirbyteRecordMessage[]): string[] {
  const actualKeys = new Set(actual.map((record) => primaryKeyOf(stream, record.data)));
  const missing = expected.map((record) => primaryKeyOf(stream, record.data)).filter((key) => !actualKeys.has(key));
  if (missing.length === 0) {
    return [];
  }
  return [`stream ${stream.name}: expected every primary key of expected_records.jsonl in the output, got ${missing.length} missing: ${show(missing)}`];
}

function orderProblems(stream: AirbyteStream, expected: ExpectedRecord[], actual: AirbyteRecordMessage[]): string[] {
  const expectedKeys = expected.map((record) => primaryKeyOf(stream, record.data));
  const actualKeys = actual.slice(0, expectedKeys.length).map((record) => primaryKeyOf(stream, record.data));
  if (stableStringify(expectedKeys) === stableStringify(actualKeys)) {
    return [];
  }
  return [`stream ${stream.name}: expected the first ${expectedKeys.length} primary keys in the order of expected_records.jsonl ${show(expectedKeys)}, got ${show(actualKeys)}`];
}

// Without a primary key CAT fails only when the output has fewer records than expected.
function countProblems(stream: AirbyteStream, expected: ExpectedRecord[], actual: AirbyteRecordMessage[]): string[] {
  if (actual.length >= expected.length) {
    return [];
  }
  return [`stream ${stream.name}: expected at least ${expected.length} records as in expected_records.jsonl, got ${actual.length}`];
}

/** Checks that the expected records are present: by primary key (in order with exactOrder), else by count. */
export function expectedRecordProblems(messages: AirbyteMessage[], streams: AirbyteStream[], expected: ExpectedRecord[], exactOrder: boolean): string[] {
  const problems: string[] = [];
  const streamNames = streams.map((stream) => stream.name);

  for (const name of new Set(expected.map((record) => record.stream))) {
    if (!streamNames.includes(name)) {
      problems.push(`expected_records.jsonl: expected records of configured streams only (${streamNames.join(', ')}), got stream ${name}`);
    }
  }

  for (const stream of streams) {
    const expectedRecords = expectedOfStream(expected, stream.name);
    const actualRecords = recordsOf(messages, stream.name);
    if (expectedRecords.length === 0) {
      continue;
    }
    if (!hasPrimaryKey(stream)) {
      problems.push(...countProblems(stream, expectedRecords, actualRecords));
      continue;
    }
    problems.push(...missingKeyProblems(stream, expectedRecords, actualRecords));
    if (exactOrder) {
      problems.push(...orderProblems(stream, expectedRecords, actualRecords));
    }
  }
  return problems;
}

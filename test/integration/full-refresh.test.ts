// Full refresh of all eight streams: every row exactly once, unchanged, with clean bookkeeping.
import type { RunResult } from '../helpers/cli.js';
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { statesOf } from '../helpers/protocol.js';
import { ALL_STREAMS, catalogOfAllStreams, catalogWith } from './support/catalog.js';
import { discoverFrom, readFrom, testConfig } from './support/connector.js';
import { useEmulators, type Emulator } from './support/emulator.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { expectRecordsMatchRows, recordData, tableRows, type Row } from './support/rows.js';
import { lastStreamState } from './support/states.js';

// Streams read as one chain of pages; cash_transactions also writes a STATE after each account.
const SINGLE_CHAIN_STREAMS = ALL_STREAMS.filter((stream) => stream !== 'cash_transactions');

describe('full refresh of every stream', () => {
  const emulators = useEmulators();
  let emulator: Emulator;
  let schemas: RecordSchemas;
  let result: RunResult;

  beforeAll(async () => {
    emulator = await emulators.start();
    const discovered: AirbyteCatalog = await discoverFrom(emulator);
    schemas = recordSchemasOf(discovered);

    // No expansion, so expense records are comparable with the emulator's unexpanded rows.
    const config = testConfig({ expense_expand: [] });
    result = await readFrom(emulator, { config, catalog: catalogOfAllStreams(discovered, 'full_refresh') });
  });

  it('completes every stream with valid records and states', () => {
    expectCompleteRead(result, ALL_STREAMS, schemas);
  });

  it.each(ALL_STREAMS)('emits every %s row exactly once, unchanged', (stream) => {
    const rows = tableRows(emulator, stream);

    expect(rows.length).toBeGreaterThan(0);
    expectRecordsMatchRows(stream, recordData(result.messages, stream), rows);
  });

  it.each(SINGLE_CHAIN_STREAMS)('ends %s with one STATE counting all its records', (stream) => {
    const states = statesOf(result.messages, stream);

    expect(states).toHaveLength(1);
    expect(states[0].sourceStats?.recordCount).toBe(tableRows(emulator, stream).length);
  });

  it('counts every cash transaction in the cash STATEs', () => {
    const states = statesOf(result.messages, 'cash_transactions');
    const counted = states.reduce((sum, state) => sum + (state.sourceStats?.recordCount ?? 0), 0);

    expect(states.length).toBeGreaterThan(0);
    expect(counted).toBe(tableRows(emulator, 'cash_transactions').length);
  });

  it.each(['users', 'departments', 'locations', 'vendors', 'budgets'])('writes an empty final state for %s', (stream) => {
    expect(lastStreamState(result.messages, stream)).toEqual({});
  });

  it('requests only the stream endpoints', () => {
    const paths = new Set(emulator.requests.map((entry) => entry.path.replace(/^\/v2\/transactions\/cash\/.+$/, '/v2/transactions/cash/{id}')));

    expect([...paths].sort()).toEqual(
      [
        '/v1/expenses',
        '/v1/vendors',
        '/v2/accounts/cash',
        '/v2/budgets',
        '/v2/departments',
        '/v2/locations',
        '/v2/transactions/card/primary',
        '/v2/transactions/cash/{id}',
        '/v2/users',
      ].sort(),
    );
    const unexpected = emulator.requests.filter((entry) => entry.method !== 'GET' || !entry.authSent || entry.status !== 200);
    expect(unexpected).toEqual([]);
  });
});

/** Expanded expense objects and the id field each one must match. */
const EXPANDED_REFERENCES = [
  ['user', 'user_id'],
  ['budget', 'budget_id'],
  ['department', 'department_id'],
  ['location', 'location_id'],
];

function withoutFields(row: Row, fields: string[]): Row {
  const copy = { ...row };
  for (const field of fields) delete copy[field];
  return copy;
}

describe('full refresh with expanded expenses', () => {
  const emulators = useEmulators();

  it('fills the expanded objects from the referenced rows', async () => {
    const emulator = await emulators.start();
    const discovered = await discoverFrom(emulator);
    const schemas = recordSchemasOf(discovered);
    const expand = ['merchant', 'user', 'budget', 'department', 'location'];
    const config = testConfig({ expense_expand: expand, expense_load_custom_fields: true });

    const result = await readFrom(emulator, { config, catalog: catalogWith(discovered, { expenses: 'full_refresh' }) });
    expectCompleteRead(result, ['expenses'], schemas);

    // Apart from the expanded fields, each record equals the emulator's unexpanded row.
    const rows = tableRows(emulator, 'expenses');
    const records = recordData(result.messages, 'expenses');
    const expandedFields = [...expand, 'custom_fields', 'expense_line_items'];
    expectRecordsMatchRows('expenses', records.map((record) => withoutFields(record, expandedFields)), rows.map((row) => withoutFields(row, expandedFields)));

    for (const record of records) {
      expect(Array.isArray(record.custom_fields)).toBe(true);
      for (const [object, idField] of EXPANDED_REFERENCES) {
        if (record[idField] !== null) {
          expect({ id: record.id, [object]: (record[object] as { id?: unknown } | null)?.id }).toEqual({ id: record.id, [object]: record[idField] });
        }
      }
      if (record.merchant_id !== null) {
        expect(record.merchant).not.toBeNull();
      }
    }
  });
});

// discover: the catalog of eight streams with their keys, cursors and sync modes.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

import type { AirbyteCatalog, AirbyteStream } from '../helpers/protocol.js';
import { ALL_STREAMS } from './support/catalog.js';
import { discoverFrom } from './support/connector.js';
import { useEmulators } from './support/emulator.js';

interface ExpectedStream {
  name: string;
  primaryKey: string[][];
  cursorField?: string;
}

const EXPECTED: ExpectedStream[] = [
  { name: 'card_transactions', primaryKey: [['id']], cursorField: 'posted_at_date' },
  { name: 'cash_transactions', primaryKey: [['account_id'], ['id']], cursorField: 'posted_at_date' },
  { name: 'expenses', primaryKey: [['id']], cursorField: 'updated_at' },
  { name: 'users', primaryKey: [['id']] },
  { name: 'departments', primaryKey: [['id']] },
  { name: 'locations', primaryKey: [['id']] },
  { name: 'vendors', primaryKey: [['id']] },
  { name: 'budgets', primaryKey: [['budget_id']] },
];

function streamNamed(catalog: AirbyteCatalog, name: string): AirbyteStream {
  const stream = catalog.streams.find((candidate) => candidate.name === name);
  if (!stream) throw new Error(`discover returned no stream ${name}`);
  return stream;
}

describe('discover', () => {
  const emulators = useEmulators();
  let catalog: AirbyteCatalog;

  beforeAll(async () => {
    const emulator = await emulators.start();
    catalog = await discoverFrom(emulator);
  });

  it('lists the eight streams once each', () => {
    const names = catalog.streams.map((stream) => stream.name);

    expect([...names].sort()).toEqual([...ALL_STREAMS].sort());
    expect(names).toHaveLength(8);
  });

  it.each(EXPECTED)('declares the keys and sync modes of $name', (expected) => {
    const stream = streamNamed(catalog, expected.name);

    expect(stream.source_defined_primary_key).toEqual(expected.primaryKey);
    if (expected.cursorField) {
      expect(stream.supported_sync_modes).toEqual(['full_refresh', 'incremental']);
      expect(stream.source_defined_cursor).toBe(true);
      expect(stream.default_cursor_field).toEqual([expected.cursorField]);
      expect(stream.is_resumable).toBe(true);
    } else {
      expect(stream.supported_sync_modes).toEqual(['full_refresh']);
      expect(stream.source_defined_cursor).toBeFalsy();
      expect(stream.default_cursor_field).toBeUndefined();
    }
  });

  it.each(EXPECTED)('gives $name a compilable schema', (expected) => {
    const schema = streamNamed(catalog, expected.name).json_schema as { type?: unknown; properties?: Record<string, unknown> };
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);

    expect(() => ajv.compile(schema)).not.toThrow();
    expect(schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object'))).toBe(true);

    const declared = Object.keys(schema.properties ?? {});
    for (const [field] of expected.primaryKey) {
      expect(declared).toContain(field);
    }
    if (expected.cursorField) {
      expect(declared).toContain(expected.cursorField);
    }
  });

  it('sends no request to Brex', async () => {
    const emulator = await emulators.start();
    await discoverFrom(emulator);

    expect(emulator.requests).toEqual([]);
  });
});

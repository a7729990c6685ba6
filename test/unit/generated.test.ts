// Checks that the generated type files match their schemas, and that scripts/generate.ts
// --check fails on a stale file and passes on a fresh one.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

import type {
  AirbyteCatalog,
  AirbyteMessage,
  AirbyteStateMessage,
  AirbyteStreamStatus,
  ConfiguredAirbyteCatalog,
  SyncMode,
} from '../../src/protocol/airbyte-protocol.generated.js';
import type { CardTransactionRecord, CashTransactionRecord, ConnectorConfig, ExpenseRecord } from '../../src/streams/records.generated.js';
import { GENERATE_COMMAND, recordTypeName, renderGeneratedFiles } from '../../scripts/generate.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const repoRoot = findRepositoryRoot(path.dirname(fileURLToPath(import.meta.url)));
const generateScript = path.join(repoRoot, 'dist', 'scripts', 'generate.js');

const PROTOCOL_OUTPUT = 'src/protocol/airbyte-protocol.generated.ts';
const RECORDS_OUTPUT = 'src/streams/records.generated.ts';

/** Inputs and outputs of the generator, copied into a scratch repository for the tests that change files. */
const GENERATOR_FILES = ['package.json', 'schemas', 'vendor/airbyte-protocol', PROTOCOL_OUTPUT, RECORDS_OUTPUT];

const PROTOCOL_NAMES = [
  'AirbyteMessage',
  'AirbyteRecordMessage',
  'AirbyteStateMessage',
  'AirbyteStateType',
  'AirbyteStreamState',
  'AirbyteStateStats',
  'AirbyteTraceMessage',
  'AirbyteErrorTraceMessage',
  'AirbyteStreamStatusTraceMessage',
  'AirbyteStreamStatus',
  'AirbyteLogMessage',
  'AirbyteConnectionStatus',
  'AirbyteCatalog',
  'AirbyteStream',
  'ConfiguredAirbyteCatalog',
  'ConfiguredAirbyteStream',
  'ConnectorSpecification',
  'StreamDescriptor',
  'SyncMode',
  'DestinationSyncMode',
];

const RECORD_NAMES = [
  'CardTransactionRecord',
  'CashTransactionRecord',
  'ExpenseRecord',
  'UserRecord',
  'DepartmentRecord',
  'LocationRecord',
  'VendorRecord',
  'BudgetRecord',
  'ConnectorConfig',
];

const CHECK_TIMEOUT_MS = 60_000;

function findRepositoryRoot(start: string): string {
  let directory = start;
  for (;;) {
    if (existsSync(path.join(directory, 'package.json'))) return directory;

    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no package.json found above ${start}`);
    directory = parent;
  }
}

function newAjv(): Ajv {
  // strict: false, because the schemas carry keywords that are not JSON Schema (existingJavaType, airbyte_secret, ...).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

function runGenerate(args: string[]): SpawnSyncReturns<string> {
  const result = spawnSync(process.execPath, [generateScript, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: CHECK_TIMEOUT_MS,
  });
  if (result.error) throw result.error;
  return result;
}

/** Copies the generator's inputs and outputs into a new temporary directory and returns its path. */
function makeScratchRepository(): string {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'source-brex-generate-'));
  for (const entry of GENERATOR_FILES) {
    const target = path.join(scratch, entry);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(repoRoot, entry), target, { recursive: true });
  }
  return scratch;
}

function readRepositoryFile(relativePath: string): string {
  return readFileSync(path.join(repoRoot, relativePath), 'utf8');
}

describe('generated type files', () => {
  it('are up to date (generate --check exits 0)', () => {
    const result = runGenerate(['--check']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('start with a do-not-edit header naming source and command', () => {
    const protocol = readRepositoryFile(PROTOCOL_OUTPUT);
    expect(protocol.startsWith('/* eslint-disable */\n/**\n * GENERATED FILE: do not edit it by hand.')).toBe(true);
    expect(protocol).toContain('vendor/airbyte-protocol/airbyte_protocol.yaml');
    expect(protocol).toContain(GENERATE_COMMAND);

    const records = readRepositoryFile(RECORDS_OUTPUT);
    expect(records.startsWith('/* eslint-disable */\n/**\n * GENERATED FILE: do not edit it by hand.')).toBe(true);
    expect(records).toContain('schemas/expenses.json');
    expect(records).toContain('schemas/spec.json');
    expect(records).toContain(GENERATE_COMMAND);
  });

  it('export the protocol types under their protocol names', () => {
    const protocol = readRepositoryFile(PROTOCOL_OUTPUT);
    const missing = PROTOCOL_NAMES.filter((name) => !new RegExp(`^export (interface|type) ${name}\\b`, 'm').test(protocol));
    expect(missing).toEqual([]);
  });

  it('declare each protocol type once', () => {
    const protocol = readRepositoryFile(PROTOCOL_OUTPUT);
    const numbered = protocol.match(/^export (interface|type) [A-Za-z]+[0-9]+\b/gm) ?? [];
    expect(numbered).toEqual([]);
  });

  it('export one record type per stream and the config type', () => {
    const records = readRepositoryFile(RECORDS_OUTPUT);
    const exported = (records.match(/^export (interface|type) [A-Za-z0-9]+/gm) ?? []).map((line) => line.split(' ')[2]);
    expect(exported.sort()).toEqual([...RECORD_NAMES].sort());
  });

  it('come out byte-identical from two runs', async () => {
    const first = await renderGeneratedFiles(repoRoot);
    const second = await renderGeneratedFiles(repoRoot);
    expect(second).toEqual(first);
  });
});

describe('generate --check', () => {
  let scratch: string | undefined;

  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  it('passes on an unchanged copy', () => {
    scratch = makeScratchRepository();
    const result = runGenerate(['--check', '--root', scratch]);
    expect(result.status).toBe(0);
  });

  it('fails on an edited generated file and names the fix', () => {
    scratch = makeScratchRepository();
    const target = path.join(scratch, RECORDS_OUTPUT);
    writeFileSync(target, readFileSync(target, 'utf8') + '\nexport type HandEdited = string;\n');

    const result = runGenerate(['--check', '--root', scratch]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${RECORDS_OUTPUT} is out of date`);
    expect(result.stderr).toContain(GENERATE_COMMAND);
    expect(result.stderr).not.toContain(PROTOCOL_OUTPUT);
  });

  it('fails when a schema changed but the types did not', () => {
    scratch = makeScratchRepository();
    const schemaFile = path.join(scratch, 'schemas', 'departments.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as { properties: Record<string, unknown> };
    schema.properties.cost_center = { type: ['string', 'null'], description: 'Cost center code.' };
    writeFileSync(schemaFile, JSON.stringify(schema, null, 2) + '\n');

    const result = runGenerate(['--check', '--root', scratch]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${RECORDS_OUTPUT} is out of date`);
  });

  it('fails when a generated file is missing', () => {
    scratch = makeScratchRepository();
    rmSync(path.join(scratch, PROTOCOL_OUTPUT));

    const result = runGenerate(['--check', '--root', scratch]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${PROTOCOL_OUTPUT} is missing`);
  });

  it('rejects an unknown argument with usage text', () => {
    const result = runGenerate(['--chek']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: node dist/scripts/generate.js');
  });
});

describe('generate', () => {
  let scratch: string | undefined;

  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  it('rewrites a stale file to the committed content', () => {
    scratch = makeScratchRepository();
    writeFileSync(path.join(scratch, PROTOCOL_OUTPUT), '// stale\n');

    const result = runGenerate(['--root', scratch]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`wrote ${PROTOCOL_OUTPUT}`);
    expect(result.stdout).toContain(`${RECORDS_OUTPUT} is up to date`);
    expect(readFileSync(path.join(scratch, PROTOCOL_OUTPUT), 'utf8')).toBe(readRepositoryFile(PROTOCOL_OUTPUT));
  });
});

describe('recordTypeName', () => {
  it.each([
    ['card_transactions', 'CardTransactionRecord'],
    ['cash_transactions', 'CashTransactionRecord'],
    ['expenses', 'ExpenseRecord'],
    ['budgets', 'BudgetRecord'],
    ['spend_limit', 'SpendLimitRecord'],
  ])('names %s %s', (stream, expected) => {
    expect(recordTypeName(stream)).toBe(expected);
  });
});

describe('generated types against the protocol schema', () => {
  // The values below are typed with the generated types, so `tsc` checks their TypeScript shape.
  // Ajv then validates the same values against the vendored protocol schema.
  const protocolSchema = parseYaml(readRepositoryFile('vendor/airbyte-protocol/airbyte_protocol.yaml')) as Record<string, unknown>;
  delete protocolSchema.$id;
  const validate = newAjv().compile(protocolSchema);

  const record: CardTransactionRecord = {
    id: 'cardtxn_1',
    posted_at_date: '2026-03-04',
    amount: { amount: 1875, currency: 'USD' },
    type: 'PURCHASE',
  };
  const cashRecord: CashTransactionRecord = { account_id: 'cashacct_1', id: 'cashtxn_1', posted_at_date: '2026-03-05' };
  const expense: ExpenseRecord = { id: 'expense_1', updated_at: '2026-03-06T17:42:10Z', custom_fields: null };
  const config: ConnectorConfig = { user_token: 'bxt_EXAMPLE', expense_expand: ['merchant'], page_size: 100 };
  const syncModes: SyncMode[] = ['full_refresh', 'incremental'];
  const status: AirbyteStreamStatus = 'COMPLETE';

  const catalog: AirbyteCatalog = {
    streams: [
      {
        name: 'card_transactions',
        json_schema: { type: 'object' },
        supported_sync_modes: syncModes,
        source_defined_cursor: true,
        default_cursor_field: ['posted_at_date'],
        source_defined_primary_key: [['id']],
        is_resumable: true,
      },
    ],
  };
  const configuredCatalog: ConfiguredAirbyteCatalog = {
    streams: [{ stream: catalog.streams[0], sync_mode: 'incremental', destination_sync_mode: 'append_dedup', cursor_field: ['posted_at_date'] }],
  };
  const state: AirbyteStateMessage = {
    type: 'STREAM',
    stream: { stream_descriptor: { name: 'card_transactions' }, stream_state: { posted_at_date: '2026-03-04' } },
    sourceStats: { recordCount: 2 },
  };

  const messages: [string, AirbyteMessage][] = [
    ['record', { type: 'RECORD', record: { stream: 'card_transactions', data: { ...record }, emitted_at: 1_770_000_000_000 } }],
    ['cash record', { type: 'RECORD', record: { stream: 'cash_transactions', data: { ...cashRecord }, emitted_at: 1_770_000_000_000 } }],
    ['expense record', { type: 'RECORD', record: { stream: 'expenses', data: { ...expense }, emitted_at: 1_770_000_000_000 } }],
    ['state', { type: 'STATE', state }],
    ['catalog', { type: 'CATALOG', catalog }],
    ['spec', { type: 'SPEC', spec: { connectionSpecification: { type: 'object' } } }],
    ['connection status', { type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message: 'The token was rejected.' } }],
    ['stream status', { type: 'TRACE', trace: { type: 'STREAM_STATUS', emitted_at: 1, stream_status: { stream_descriptor: { name: 'users' }, status } } }],
    ['error trace', { type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { message: 'failed', failure_type: 'config_error' } } }],
    ['log', { type: 'LOG', log: { level: 'INFO', message: 'started' } }],
  ];

  it.each(messages)('accepts a %s message', (_name, message) => {
    expect(validate({ airbyte_message: message }) ? [] : validate.errors).toEqual([]);
  });

  it('accepts the configured catalog', () => {
    expect(validate({ configured_airbyte_catalog: configuredCatalog }) ? [] : validate.errors).toEqual([]);
  });

  it('accepts a typed config in the spec', () => {
    const spec = JSON.parse(readRepositoryFile('schemas/spec.json')) as { connectionSpecification: Record<string, unknown> };
    const validateConfig = newAjv().compile(spec.connectionSpecification);
    expect(validateConfig(config) ? [] : validateConfig.errors).toEqual([]);
  });
});

// Checks schemas/spec.json and the stream schemas in schemas/ against JSON Schema draft-07, the
// rules the Airbyte platform and its connector acceptance tests (CAT) apply, Brex's OpenAPI, and
// example Brex objects.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

import { CASH_ACCOUNTS, STREAMS } from '../../src/streams/definitions.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type JsonObject = { [key: string]: unknown };

const repoRoot = findRepositoryRoot(path.dirname(fileURLToPath(import.meta.url)));
const schemasDir = path.join(repoRoot, 'schemas');
const openApiDir = path.join(repoRoot, 'vendor', 'brex-openapi');

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** Primary key and cursor of each stream: the only fields a record is guaranteed to carry. */
const STREAM_KEYS: Record<string, { primaryKey: string[][]; cursor?: { field: string; format: 'date' | 'date-time' } }> = {
  card_transactions: { primaryKey: [['id']], cursor: { field: 'posted_at_date', format: 'date' } },
  cash_transactions: { primaryKey: [['account_id'], ['id']], cursor: { field: 'posted_at_date', format: 'date' } },
  expenses: { primaryKey: [['id']], cursor: { field: 'updated_at', format: 'date-time' } },
  users: { primaryKey: [['id']] },
  departments: { primaryKey: [['id']] },
  locations: { primaryKey: [['id']] },
  vendors: { primaryKey: [['id']] },
  budgets: { primaryKey: [['budget_id']] },
};

const STREAM_NAMES = Object.keys(STREAM_KEYS).sort();

/** Objects that are free-form string maps in Brex, so they declare no properties. */
const MAP_PATHS: Record<string, string[]> = {
  card_transactions: ['/properties/card_metadata'],
  users: ['/properties/metadata'],
};

/**
 * Values whose JSON type depends on a sibling field (custom field data can be a string, number,
 * boolean, object or array). Airbyte accepts neither a longer type list nor anyOf, so they are untyped.
 */
const UNTYPED_PATHS: Record<string, string[]> = {
  expenses: ['/properties/custom_fields/items/properties/value/properties/data'],
};

/** Keywords the Airbyte platform or CAT reject in stream schemas, plus `enum`, which would reject new Brex values. */
const FORBIDDEN_STREAM_KEYWORDS = [
  '$ref',
  'anyOf',
  'allOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'patternProperties',
  'prefixItems',
  'dependentSchemas',
  'dependentRequired',
  'enum',
];

/** Keywords CAT's test_forbidden_complex_types and test_defined_refs_exist_in_json_spec_file reject in a spec. */
const FORBIDDEN_SPEC_KEYWORDS = [
  '$ref',
  'not',
  'anyOf',
  'allOf',
  'patternProperties',
  'prefixItems',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'dependentRequired',
];

/** Property names CAT's test_secret_is_properly_marked requires to carry airbyte_secret. */
const CAT_SECRET_NAMES = [
  'client_token',
  'access_token',
  'api_token',
  'token',
  'secret',
  'client_secret',
  'password',
  'key',
  'service_account_info',
  'service_account',
  'tenant_id',
  'certificate',
  'jwt',
  'credentials',
  'app_id',
  'appid',
  'refresh_token',
];

/** Where each stream's items come from in Brex's OpenAPI: file under vendor/brex-openapi and GET path. */
const OPENAPI_SOURCES: Record<string, { file: string; path: string }> = {
  card_transactions: { file: 'transactions.yaml', path: '/v2/transactions/card/primary' },
  cash_transactions: { file: 'transactions.yaml', path: '/v2/transactions/cash/{id}' },
  expenses: { file: 'expenses.yaml', path: '/v1/expenses' },
  users: { file: 'team.yaml', path: '/v2/users' },
  departments: { file: 'team.yaml', path: '/v2/departments' },
  locations: { file: 'team.yaml', path: '/v2/locations' },
  vendors: { file: 'payments.yaml', path: '/v1/vendors' },
  budgets: { file: 'budgets.yaml', path: '/v2/budgets' },
};

/**
 * Subtrees declared on purpose with fewer properties than the OpenAPI has: expense line items are
 * recursive expenses (only their main fields are declared), and custom field data is untyped.
 */
const PARTIAL_OPENAPI_SUBTREES: Record<string, string[]> = {
  expenses: ['expense_line_items[]', 'custom_fields[].value.data'],
};

// Example Brex objects, invented in the shape of Brex's current OpenAPI (one per stream).
// cash_transactions carries account_id, which the connector adds to every cash transaction.
const EXAMPLE_RECORDS: Record<string, JsonObject> = {
  card_transactions: {
    id: 'cardtxn_EXAMPLE0000000000000001',
    card_id: 'card_EXAMPLE0000000000000001',
    description: 'NORTHWIND COFFEE ROASTERS',
    amount: { amount: 1875, currency: 'USD' },
    initiated_at_date: '2026-03-02',
    posted_at_date: '2026-03-04',
    type: 'PURCHASE',
    merchant: { raw_descriptor: 'NORTHWIND COFFEE ROASTERS', mcc: '5814', country: 'USA' },
    card_metadata: { cost_code: 'OPS-12' },
    expense_id: 'expense_cmexample000000000000001',
    card_transaction_operation_reference_id: 'opref_EXAMPLE0001',
  },
  cash_transactions: {
    account_id: 'cashacct_EXAMPLE0000000000000001',
    id: 'cashtxn_EXAMPLE0000000000000001',
    description: 'ACH to Example Supplies LLC',
    amount: { amount: -250000, currency: 'USD' },
    initiated_at_date: '2026-03-03',
    posted_at_date: '2026-03-05',
    type: 'PAYMENT',
    transfer_id: 'transfer_EXAMPLE0000000000000001',
  },
  expenses: {
    id: 'expense_cmexample000000000000001',
    memo: 'Team offsite coffee',
    location_id: 'loc_EXAMPLE0001',
    location: null,
    address: null,
    department_id: 'dept_EXAMPLE0001',
    department: null,
    updated_at: '2026-03-06T17:42:10Z',
    payment_posted_at: '2026-03-04T00:00:00Z',
    category: 'RESTAURANTS',
    merchant_id: 'merchant_EXAMPLE0001',
    merchant: { raw_descriptor: 'NORTHWIND COFFEE ROASTERS', mcc: '5814', country: 'USA' },
    receipts: [{ id: 'receipt_EXAMPLE0001', download_uris: null }],
    budget_id: 'budget_EXAMPLE0001',
    budget: null,
    expense_type: 'CARD',
    original_amount: { amount: 1875, currency: 'USD' },
    billing_amount: { amount: 1875, currency: 'USD' },
    budget_amount: null,
    purchased_amount: { amount: 1875, currency: 'USD' },
    usd_equivalent_amount: { amount: 1875, currency: 'USD' },
    purchased_at: '2026-03-02T15:10:00Z',
    status: 'APPROVED',
    payment_status: 'CLEARED',
    user_id: 'cuuser_EXAMPLE0001',
    user: {
      id: 'cuuser_EXAMPLE0001',
      first_name: 'Avery',
      last_name: 'Example',
      department_id: 'dept_EXAMPLE0001',
      location_id: 'loc_EXAMPLE0001',
    },
    payment: null,
    custom_fields: null,
    trip_id: null,
    booking_id: null,
    spending_entity_id: 'le_EXAMPLE0001',
    spending_entity: null,
    billing_entity_id: 'le_EXAMPLE0001',
    exported_at: null,
    integration_spending_entity_id: null,
    integration_billing_entity_id: null,
    review: null,
    repayment: null,
    approved_at: '2026-03-05T09:00:00Z',
    submitted_at: '2026-03-04T12:30:00Z',
    completion_date: null,
    policy: null,
    expense_line_items: null,
    dashboard_url: 'https://dashboard.brex.com/EXAMPLE/expense_cmexample000000000000001',
  },
  users: {
    id: 'cuuser_EXAMPLE0001',
    first_name: 'Avery',
    last_name: 'Example',
    email: 'avery.example@example.com',
    status: 'ACTIVE',
    manager_id: 'cuuser_EXAMPLE0002',
    department_id: 'dept_EXAMPLE0001',
    location_id: 'loc_EXAMPLE0001',
    title_id: null,
    metadata: { employee_number: 'E-1001' },
    remote_display_id: 'avery.example',
  },
  departments: { id: 'dept_EXAMPLE0001', name: 'Engineering', description: 'Product and platform engineering' },
  locations: { id: 'loc_EXAMPLE0001', name: 'Remote - US', description: null },
  vendors: {
    id: 'vendor_EXAMPLE0001',
    company_name: 'Example Supplies LLC',
    email: 'ap@example.com',
    phone: '+1-555-0100',
    payment_accounts: [
      {
        details: {
          type: 'ACH',
          payment_instrument_id: 'pi_EXAMPLE0001',
          routing_number: '000000000',
          account_number: '0000001234',
          account_type: 'CHECKING',
          account_class: 'BUSINESS',
        },
      },
    ],
  },
  budgets: {
    budget_id: 'budget_EXAMPLE0001',
    account_id: 'cuacc_EXAMPLE0001',
    name: 'Engineering FY26',
    description: 'Cloud, tooling and team events',
    parent_budget_id: null,
    owner_user_ids: ['cuuser_EXAMPLE0002'],
    period_recurrence_type: 'QUARTERLY',
    start_date: '2026-01-01',
    end_date: null,
    amount: { amount: 5000000, currency: 'USD' },
    spend_budget_status: 'ACTIVE',
    limit_type: null,
  },
};

// An expense with every expandable object, custom fields of several data types and a line item,
// so that the nested parts of the expense schema are exercised too.
const EXPANDED_EXPENSE: JsonObject = {
  ...EXAMPLE_RECORDS.expenses,
  location: { id: 'loc_EXAMPLE0001', name: 'Remote - US' },
  department: { id: 'dept_EXAMPLE0001', name: 'Engineering' },
  budget: { id: 'budget_EXAMPLE0001', name: 'Engineering FY26' },
  policy: { id: 'policy_EXAMPLE0001', name: 'Standard' },
  address: {
    line1: '1 Example Way',
    line2: null,
    city: 'Springfield',
    state: 'CA',
    postal_code: '90000',
    country: 'US',
    timezone: 'America/Los_Angeles',
    coordinates: { latitude: 37.77, longitude: -122.42 },
  },
  receipts: [{ id: 'receipt_EXAMPLE0001', download_uris: ['https://files.example.com/receipt_EXAMPLE0001'] }],
  payment: { id: 'payment_EXAMPLE0001', paymentInstrument: { type: 'CARD', id: 'card_EXAMPLE0001' }, statusReason: 'APPROVED' },
  custom_fields: [
    { key: 'project', value: { value_type: 'SINGLE_VALUE', data_type: 'STRING', data: 'Apollo' } },
    { key: 'units', value: { value_type: 'SINGLE_VALUE', data_type: 'DECIMAL', data: 2.5 } },
    { key: 'billable', value: { value_type: 'SINGLE_VALUE', data_type: 'BOOLEAN', data: true } },
    { key: 'fee', value: { value_type: 'SINGLE_VALUE', data_type: 'MONEY', data: { amount: 500, currency: 'USD' } } },
    { key: 'tags', value: { value_type: 'LIST', data_type: 'OPTION_STRING', data: [{ option_id: 'o1', option_label: 'Travel' }] } },
    { key: 'empty', value: { value_type: 'SINGLE_VALUE', data_type: 'DATE', data: null } },
  ],
  spending_entity: {
    id: 'le_EXAMPLE0001',
    display_name: 'Example Inc.',
    billing_address: { line1: '1 Example Way', line2: null, city: 'Springfield', state: 'CA', country: 'US', postal_code: '90000', phone_number: null },
    created_at: '2024-01-01T00:00:00Z',
    status: 'VERIFIED',
    is_default: true,
  },
  review: {
    compliance_status: 'COMPLIANT',
    approval_steps: [
      {
        pending_reviewers: [],
        reviewer: { id: 'cuuser_EXAMPLE0002', first_name: 'Blake', last_name: 'Example', department_id: null, location_id: null },
        copilot_reviewer: null,
        status: 'APPROVED',
        resolved_at: '2026-03-05T09:00:00Z',
      },
    ],
  },
  repayment: { repayment_initiated_by: null, repayment_initiation_date: null },
  expense_line_items: [
    {
      id: 'expense_cmexample000000000000002',
      memo: 'Coffee beans',
      updated_at: '2026-03-06T17:42:10Z',
      original_amount: { amount: 1000, currency: 'USD' },
      expense_line_items: null,
      custom_fields: null,
    },
  ],
};

function findRepositoryRoot(start: string): string {
  let directory = start;
  for (;;) {
    if (existsSync(path.join(directory, 'package.json'))) return directory;

    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no package.json found above ${start}`);
    directory = parent;
  }
}

function readJson(file: string): JsonObject {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

function readStreamSchema(stream: string): JsonObject {
  return readJson(path.join(schemasDir, `${stream}.json`));
}

function readConnectionSpecification(): JsonObject {
  return readJson(path.join(schemasDir, 'spec.json')).connectionSpecification as JsonObject;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function newAjv(): Ajv {
  // strict: false, because Airbyte's keywords (airbyte_type, airbyte_secret, order, ...) are not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** Returns ajv's errors for `value` against `schema`, as readable lines (empty when valid). */
function validationErrors(schema: JsonObject, value: unknown): string[] {
  const validate = newAjv().compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

/** Returns the draft-07 metaschema errors of `schema` (empty when valid). */
function metaschemaErrors(schema: JsonObject): string[] {
  const ajv = newAjv();
  if (ajv.validateSchema(schema) === true) return [];
  return (ajv.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

interface SchemaNode {
  /** JSON pointer of the node inside its schema file, '' for the root. */
  pointer: string;
  schema: JsonObject;
  /** True for the value of a property or an array item: a place that contains record data. */
  isValue: boolean;
  /** True for the root's direct properties. */
  isTopLevelProperty: boolean;
}

/** Returns the root and every schema nested under properties, items or an additionalProperties schema. */
function collectNodes(root: JsonObject): SchemaNode[] {
  const nodes: SchemaNode[] = [];

  const visit = (schema: JsonObject, pointer: string, isValue: boolean, isTopLevelProperty: boolean): void => {
    nodes.push({ pointer, schema, isValue, isTopLevelProperty });

    if (isObject(schema.properties)) {
      for (const [name, child] of Object.entries(schema.properties)) {
        if (isObject(child)) visit(child, `${pointer}/properties/${name}`, true, pointer === '');
      }
    }
    if (isObject(schema.items)) visit(schema.items, `${pointer}/items`, true, false);
    if (isObject(schema.additionalProperties)) visit(schema.additionalProperties, `${pointer}/additionalProperties`, true, false);
  };

  visit(root, '', false, false);
  return nodes;
}

/** Returns every key used anywhere in `value`, with the JSON pointer of the object holding it. */
function collectKeys(value: unknown, pointer = ''): { key: string; pointer: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => collectKeys(item, `${pointer}/${index}`));
  if (!isObject(value)) return [];

  return Object.entries(value).flatMap(([key, child]) => [{ key, pointer }, ...collectKeys(child, `${pointer}/${key}`)]);
}

/** Returns the types a schema's `type` keyword allows, or [] when it has none. */
function typesOf(schema: JsonObject): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((type): type is string => typeof type === 'string');
  return [];
}

/** Returns the CAT type-form violation of `schema`, if any: a single type, or [type, "null"] with null second. */
function typeFormViolation(schema: JsonObject, pointer: string): string | undefined {
  if (schema.type === undefined || typeof schema.type === 'string') return undefined;

  const type = schema.type;
  const valid = Array.isArray(type) && type.length === 2 && typeof type[0] === 'string' && type[0] !== 'null' && type[1] === 'null';
  return valid ? undefined : `${pointer || '/'}: type ${JSON.stringify(type)} is neither one type nor [type, "null"]`;
}

/** Returns every breach of the Airbyte and project rules for stream schemas. */
function streamSchemaViolations(stream: string, schema: JsonObject): string[] {
  const violations: string[] = [];
  const maps = MAP_PATHS[stream] ?? [];
  const untyped = UNTYPED_PATHS[stream] ?? [];
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);

  for (const { key, pointer } of collectKeys(schema)) {
    // A key inside a properties map is a field name, not a keyword.
    if (pointer.endsWith('/properties')) continue;
    if (FORBIDDEN_STREAM_KEYWORDS.includes(key)) violations.push(`${pointer || '/'}: forbidden keyword ${key}`);
    if (key === 'required' && pointer !== '') violations.push(`${pointer}: nested required (only the primary key and cursor may be required)`);
  }

  for (const node of collectNodes(schema)) {
    const where = node.pointer || '/';
    const types = typesOf(node.schema);
    const typeForm = typeFormViolation(node.schema, node.pointer);
    if (typeForm) violations.push(typeForm);

    if (types.length === 0) {
      if (!untyped.includes(node.pointer)) violations.push(`${where}: no type`);
      if (typeof node.schema.description !== 'string') violations.push(`${where}: untyped value without a description`);
      continue;
    }

    if (node.isValue) {
      const name = node.pointer.split('/').pop() ?? '';
      const mustBeNullable = !(node.isTopLevelProperty && required.has(name));
      if (mustBeNullable && !types.includes('null')) violations.push(`${where}: not nullable`);
      if (!mustBeNullable && types.includes('null')) violations.push(`${where}: primary key or cursor is nullable`);
    }

    if (node.isTopLevelProperty && (typeof node.schema.description !== 'string' || node.schema.description.trim() === '')) {
      violations.push(`${where}: top-level property without a description`);
    }

    if ('additionalProperties' in node.schema && node.schema.additionalProperties !== true) {
      violations.push(`${where}: additionalProperties is not true`);
    }

    if (types.includes('object')) {
      if (node.schema.additionalProperties !== true) violations.push(`${where}: object without additionalProperties: true`);
      const hasProperties = isObject(node.schema.properties) && Object.keys(node.schema.properties).length > 0;
      if (!hasProperties && !maps.includes(node.pointer)) violations.push(`${where}: object without properties`);
    }

    if (types.includes('array') && !isObject(node.schema.items)) violations.push(`${where}: array items is not one schema`);

    if (node.schema.format !== undefined) {
      if (!types.includes('string')) violations.push(`${where}: format on a non-string`);
      if (node.schema.format !== 'date' && node.schema.format !== 'date-time') violations.push(`${where}: format ${String(node.schema.format)}`);
      if (node.schema.format === 'date-time' && node.schema.airbyte_type !== 'timestamp_with_timezone') {
        violations.push(`${where}: date-time without airbyte_type timestamp_with_timezone`);
      }
    }
  }

  return violations;
}

/** Returns the schema at a primary key or cursor path, such as ['account_id']. */
function schemaAtPath(schema: JsonObject, fieldPath: string[]): JsonObject | undefined {
  let current: JsonObject | undefined = schema;
  for (const field of fieldPath) {
    const properties: unknown = current?.properties;
    current = isObject(properties) && isObject(properties[field]) ? (properties[field] as JsonObject) : undefined;
  }
  return current;
}

/** Returns the property paths ("merchant.mcc", "receipts[].id") that a stream schema declares. */
function declaredPaths(schema: JsonObject, prefix = ''): string[] {
  const paths: string[] = [];

  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      const childPath = prefix ? `${prefix}.${name}` : name;
      paths.push(childPath);
      if (isObject(child)) paths.push(...declaredPaths(child, childPath));
    }
  }
  if (isObject(schema.items)) paths.push(...declaredPaths(schema.items, `${prefix}[]`));

  return paths;
}

/** Reads a Brex OpenAPI file and resolves local $refs on demand. */
class OpenApiDocument {
  private readonly document: JsonObject;

  constructor(file: string) {
    this.document = parseYaml(readFileSync(file, 'utf8')) as JsonObject;
  }

  /** Returns the item schema of the list response of GET `apiPath` ({items: [...], next_cursor}). */
  listItemSchema(apiPath: string): JsonObject {
    const paths = this.document.paths as JsonObject;
    const operation = (paths[apiPath] as JsonObject).get as JsonObject;
    const response = ((operation.responses as JsonObject)['200'] as JsonObject).content as JsonObject;
    const page = this.resolve((response['application/json'] as JsonObject).schema as JsonObject);
    return (this.resolve(page.properties as JsonObject).items as JsonObject).items as JsonObject;
  }

  /** Returns `schema` itself, or the schema its $ref points to. */
  resolve(schema: JsonObject): JsonObject {
    if (typeof schema.$ref !== 'string') return schema;

    let target: unknown = this.document;
    for (const segment of schema.$ref.replace(/^#\//, '').split('/')) target = (target as JsonObject)[segment];
    return target as JsonObject;
  }

  /**
   * Returns the property paths of `schema`, following allOf and oneOf (a union has the properties of
   * all its options), properties and array items. A $ref already being expanded is not followed again.
   */
  propertyPaths(schema: JsonObject, prefix = '', expanding: string[] = []): string[] {
    const reference = typeof schema.$ref === 'string' ? schema.$ref : undefined;
    if (reference && expanding.includes(reference)) return [];

    const resolved = this.resolve(schema);
    const stack = reference ? [...expanding, reference] : expanding;
    const paths: string[] = [];

    for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
      const options = resolved[keyword];
      if (Array.isArray(options)) {
        for (const option of options) if (isObject(option)) paths.push(...this.propertyPaths(option, prefix, stack));
      }
    }

    if (isObject(resolved.properties)) {
      for (const [name, child] of Object.entries(resolved.properties)) {
        const childPath = prefix ? `${prefix}.${name}` : name;
        paths.push(childPath);
        if (isObject(child)) paths.push(...this.propertyPaths(child, childPath, stack));
      }
    }
    if (isObject(resolved.items)) paths.push(...this.propertyPaths(resolved.items, `${prefix}[]`, stack));

    return [...new Set(paths)];
  }
}

/** Returns the names of the top-level properties of an OpenAPI item schema. */
function topLevelNames(paths: string[]): string[] {
  return paths.filter((entry) => !entry.includes('.') && !entry.includes('[]'));
}

describe('stream schema files', () => {
  it('match the stream list', () => {
    const files = readdirSync(schemasDir)
      .filter((name) => name.endsWith('.json') && name !== 'spec.json')
      .map((name) => path.basename(name, '.json'))
      .sort();

    expect(files).toEqual(STREAM_NAMES);
  });

  it('match the stream definitions', () => {
    const defined = STREAMS.map((stream) => stream.name).sort();
    expect(defined).toEqual(STREAM_NAMES);

    for (const stream of STREAMS) {
      expect({ stream: stream.name, primaryKey: stream.primaryKey }).toEqual({
        stream: stream.name,
        primaryKey: STREAM_KEYS[stream.name].primaryKey,
      });
      expect({ stream: stream.name, cursor: stream.cursor?.field }).toEqual({
        stream: stream.name,
        cursor: STREAM_KEYS[stream.name].cursor?.field,
      });
    }
  });
});

describe.each(STREAM_NAMES)('stream schema %s', (stream) => {
  const schema = readStreamSchema(stream);
  const keys = STREAM_KEYS[stream];

  it('passes the draft-07 metaschema', () => {
    expect(schema.$schema).toBe(DRAFT_07);
    expect(metaschemaErrors(schema)).toEqual([]);
  });

  it('compiles in ajv', () => {
    expect(() => newAjv().compile(schema)).not.toThrow();
  });

  it('has an open object at the top level', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(true);
    expect(isObject(schema.properties)).toBe(true);
  });

  it('obeys the Airbyte schema rules', () => {
    expect(streamSchemaViolations(stream, schema)).toEqual([]);
  });

  it('requires exactly the primary key and cursor', () => {
    const expected = [...keys.primaryKey.map((keyPath) => keyPath[0]), ...(keys.cursor ? [keys.cursor.field] : [])];
    expect([...(schema.required as string[])].sort()).toEqual([...new Set(expected)].sort());
  });

  it('declares primary key fields as scalars', () => {
    for (const keyPath of keys.primaryKey) {
      const field = schemaAtPath(schema, keyPath);
      expect({ keyPath, declared: field !== undefined }).toEqual({ keyPath, declared: true });

      const types = typesOf(field ?? {});
      expect({ keyPath, types }).toEqual({ keyPath, types: ['string'] });
    }
  });

  if (keys.cursor) {
    const cursor = keys.cursor;

    it('declares the cursor as a non-null string', () => {
      const field = schemaAtPath(schema, [cursor.field]);
      expect(field).toBeDefined();
      expect(field?.type).toBe('string');
      expect(field?.format).toBe(cursor.format);
    });
  }

  it('accepts the example Brex object', () => {
    expect(validationErrors(schema, EXAMPLE_RECORDS[stream])).toEqual([]);
  });

  it('accepts fields it does not declare', () => {
    const record = { ...EXAMPLE_RECORDS[stream], field_added_by_brex_later: { nested: [1, 'two'] } };
    expect(validationErrors(schema, record)).toEqual([]);
  });

  it('accepts a record with only the required fields', () => {
    const record = Object.fromEntries((schema.required as string[]).map((field) => [field, EXAMPLE_RECORDS[stream][field]]));
    expect(validationErrors(schema, record)).toEqual([]);
  });

  it('rejects a record without a required field', () => {
    for (const field of schema.required as string[]) {
      const record: JsonObject = { ...EXAMPLE_RECORDS[stream] };
      delete record[field];
      expect({ field, errors: validationErrors(schema, record).length > 0 }).toEqual({ field, errors: true });
    }
  });

  it('accepts null in every optional top-level field', () => {
    const required = new Set(schema.required as string[]);
    const record: JsonObject = { ...EXAMPLE_RECORDS[stream] };
    for (const field of Object.keys(schema.properties as JsonObject)) if (!required.has(field)) record[field] = null;

    expect(validationErrors(schema, record)).toEqual([]);
  });
});

describe('stream schema values', () => {
  it('accept an enum value Brex adds later', () => {
    const record = { ...EXAMPLE_RECORDS.card_transactions, type: 'SOME_FUTURE_TYPE' };
    expect(validationErrors(readStreamSchema('card_transactions'), record)).toEqual([]);
  });

  it('reject a money amount that is not an integer', () => {
    const record = { ...EXAMPLE_RECORDS.card_transactions, amount: { amount: 18.75, currency: 'USD' } };
    expect(validationErrors(readStreamSchema('card_transactions'), record)).toEqual(['/amount/amount must be integer,null']);
  });

  it('reject a cursor date with a time', () => {
    const record = { ...EXAMPLE_RECORDS.card_transactions, posted_at_date: '2026-03-04T00:00:00Z' };
    expect(validationErrors(readStreamSchema('card_transactions'), record)).toEqual(['/posted_at_date must match format "date"']);
  });

  it('reject an updated_at that is not a date-time', () => {
    const record = { ...EXAMPLE_RECORDS.expenses, updated_at: '2026-03-06' };
    expect(validationErrors(readStreamSchema('expenses'), record)).toEqual(['/updated_at must match format "date-time"']);
  });

  it('accept a fully expanded expense', () => {
    expect(validationErrors(readStreamSchema('expenses'), EXPANDED_EXPENSE)).toEqual([]);
  });

  it('accept snake_case payment keys', () => {
    const payment = { id: 'payment_EXAMPLE0001', payment_instrument: { type: 'CARD', id: 'card_1' }, status_reason: 'APPROVED' };
    expect(validationErrors(readStreamSchema('expenses'), { ...EXAMPLE_RECORDS.expenses, payment })).toEqual([]);
  });

  it('describe money amounts in minor units', () => {
    for (const stream of STREAM_NAMES) {
      for (const node of collectNodes(readStreamSchema(stream))) {
        const properties = node.schema.properties;
        if (!isObject(properties) || !('amount' in properties) || !('currency' in properties)) continue;

        const where = `${stream}${node.pointer}`;
        expect({ where, amount: (properties.amount as JsonObject).type }).toEqual({ where, amount: ['integer', 'null'] });
        expect({ where, currency: (properties.currency as JsonObject).type }).toEqual({ where, currency: ['string', 'null'] });
        expect({ where, description: String(node.schema.description) }).toEqual({ where, description: expect.stringContaining('minor unit') });
      }
    }
  });
});

describe('stream schemas against the Brex OpenAPI', () => {
  const available = existsSync(openApiDir);
  const itWithOpenApi = available ? it : it.skip;
  const suffix = available ? '' : ' (skipped: vendor/brex-openapi/*.yaml not found)';

  itWithOpenApi(`declare every top-level OpenAPI property${suffix}`, () => {
    for (const stream of STREAM_NAMES) {
      const source = OPENAPI_SOURCES[stream];
      const document = new OpenApiDocument(path.join(openApiDir, source.file));
      const expected = topLevelNames(document.propertyPaths(document.listItemSchema(source.path)));
      expect({ stream, found: expected.length > 0 }).toEqual({ stream, found: true });
      const declared = new Set(Object.keys(readStreamSchema(stream).properties as JsonObject));

      expect({ stream, missing: expected.filter((name) => !declared.has(name)) }).toEqual({ stream, missing: [] });
    }
  });

  itWithOpenApi(`declare every nested OpenAPI property${suffix}`, () => {
    for (const stream of STREAM_NAMES) {
      const source = OPENAPI_SOURCES[stream];
      const document = new OpenApiDocument(path.join(openApiDir, source.file));
      const partial = PARTIAL_OPENAPI_SUBTREES[stream] ?? [];
      const isPartial = (entry: string): boolean => partial.some((subtree) => entry.startsWith(`${subtree}.`) || entry.startsWith(`${subtree}[]`));

      const expected = document.propertyPaths(document.listItemSchema(source.path)).filter((entry) => !isPartial(entry));
      expect({ stream, found: expected.length > 0 }).toEqual({ stream, found: true });
      const declared = new Set(declaredPaths(readStreamSchema(stream)));

      expect({ stream, missing: expected.filter((entry) => !declared.has(entry)) }).toEqual({ stream, missing: [] });
    }
  });
});

describe('spec.json', () => {
  const spec = readJson(path.join(schemasDir, 'spec.json'));
  const connectionSpecification = readConnectionSpecification();
  const properties = connectionSpecification.properties as Record<string, JsonObject>;

  const EXPECTED_FIELDS: Record<string, { type: string; order: number; default?: unknown }> = {
    user_token: { type: 'string', order: 0 },
    start_date: { type: 'string', order: 1 },
    lookback_window_days: { type: 'integer', order: 2, default: 1 },
    expense_expand: { type: 'array', order: 3, default: ['merchant'] },
    expense_load_custom_fields: { type: 'boolean', order: 4, default: false },
    page_size: { type: 'integer', order: 5, default: 100 },
    requests_per_minute: { type: 'integer', order: 6, default: 900 },
    max_concurrent_requests: { type: 'integer', order: 7, default: 8 },
    request_timeout_seconds: { type: 'integer', order: 8, default: 60 },
  };

  const validConfig = {
    user_token: 'bxt_EXAMPLE_NOT_A_REAL_TOKEN',
    start_date: '2025-01-01',
    lookback_window_days: 3,
    expense_expand: ['merchant', 'user'],
    expense_load_custom_fields: true,
    page_size: 100,
    requests_per_minute: 500,
    max_concurrent_requests: 8,
    request_timeout_seconds: 120,
  };

  it('has the top-level keys of a connector specification', () => {
    expect(Object.keys(spec).sort()).toEqual(['connectionSpecification', 'documentationUrl']);
    expect(spec.documentationUrl).toBe('https://github.com/source-brex/source-brex/blob/main/docs/setup.md');
  });

  it('passes the draft-07 metaschema', () => {
    expect(connectionSpecification.$schema).toBe(DRAFT_07);
    expect(metaschemaErrors(connectionSpecification)).toEqual([]);
  });

  it('is an open object that requires only user_token', () => {
    expect(connectionSpecification.type).toBe('object');
    expect(connectionSpecification.additionalProperties).toBe(true);
    expect(connectionSpecification.required).toEqual(['user_token']);
  });

  it('declares exactly the config keys the code reads', () => {
    expect(Object.keys(properties).sort()).toEqual(Object.keys(EXPECTED_FIELDS).sort());

    for (const [name, expected] of Object.entries(EXPECTED_FIELDS)) {
      const field = properties[name];
      expect({ name, type: field.type, order: field.order, default: field.default }).toEqual({ name, ...expected });
    }
  });

  it('describes every field for the user', () => {
    for (const [name, field] of Object.entries(properties)) {
      expect({ name, title: typeof field.title }).toEqual({ name, title: 'string' });
      expect({ name, description: String(field.description).length > 20 }).toEqual({ name, description: true });
      const wantsExamples = field.airbyte_secret !== true;
      expect({ name, examples: Array.isArray(field.examples) && field.examples.length > 0 }).toEqual({ name, examples: wantsExamples });
    }
  });

  it('gives defaults and examples that its own rules accept', () => {
    for (const [name, field] of Object.entries(properties)) {
      const values = [...(field.default === undefined ? [] : [field.default]), ...((field.examples as unknown[] | undefined) ?? [])];
      for (const value of values) {
        expect({ name, value, errors: validationErrors(field, value) }).toEqual({ name, value, errors: [] });
      }
    }
  });

  it('marks user_token as a secret', () => {
    expect(properties.user_token.airbyte_secret).toBe(true);
    expect(properties.user_token.minLength).toBe(1);
  });

  it('marks every field CAT treats as a secret', () => {
    for (const [name, field] of Object.entries(properties)) {
      const secretType = ['string', 'integer', 'number'].includes(String(field.type)) && field.const === undefined;
      if (CAT_SECRET_NAMES.includes(name.toLowerCase()) && secretType) {
        expect({ name, airbyte_secret: field.airbyte_secret }).toEqual({ name, airbyte_secret: true });
      }
    }
  });

  it('puts airbyte_secret only on fields that can hold a secret', () => {
    for (const [name, field] of Object.entries(properties)) {
      if (field.airbyte_secret === undefined) continue;
      expect({ name, type: ['string', 'integer', 'number'].includes(String(field.type)) }).toEqual({ name, type: true });
    }
  });

  it('names every scope the streams need in the user_token description', () => {
    const description = String(properties.user_token.description);
    const scopes = [...STREAMS.map((stream) => stream.scope), CASH_ACCOUNTS.scope];
    expect(scopes.filter((scope) => !description.includes(scope))).toEqual([]);
  });

  it('has unique field orders', () => {
    const orders = Object.values(properties).map((field) => field.order);
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('uses only single types or [type, "null"]', () => {
    const violations = collectNodes(connectionSpecification)
      .map((node) => typeFormViolation(node.schema, node.pointer))
      .filter((violation) => violation !== undefined);
    expect(violations).toEqual([]);
  });

  it('uses no forbidden keywords', () => {
    const found = collectKeys(connectionSpecification)
      .filter(({ key, pointer }) => !pointer.endsWith('/properties') && FORBIDDEN_SPEC_KEYWORDS.includes(key))
      .map(({ key, pointer }) => `${pointer || '/'}: ${key}`);
    expect(found).toEqual([]);
  });

  it('sets additionalProperties only to true', () => {
    const found = collectNodes(connectionSpecification)
      .filter((node) => 'additionalProperties' in node.schema && node.schema.additionalProperties !== true)
      .map((node) => node.pointer || '/');
    expect(found).toEqual([]);
  });

  it('has no empty nested objects', () => {
    const empty = collectNodes(connectionSpecification)
      .filter((node) => node.pointer !== '' && typesOf(node.schema).includes('object'))
      .filter((node) => !isObject(node.schema.properties) || Object.keys(node.schema.properties).length === 0)
      .map((node) => node.pointer);
    expect(empty).toEqual([]);
  });

  it('gives arrays one item schema of a simple type', () => {
    for (const node of collectNodes(connectionSpecification)) {
      if (!typesOf(node.schema).includes('array')) continue;

      const items = node.schema.items;
      expect({ where: node.pointer, single: isObject(items) }).toEqual({ where: node.pointer, single: true });
      const itemTypes = typesOf(items as JsonObject);
      const simple = itemTypes.some((type) => ['object', 'string', 'number', 'integer'].includes(type)) || Array.isArray((items as JsonObject).enum);
      expect({ where: node.pointer, simple }).toEqual({ where: node.pointer, simple: true });
    }
  });

  it('has no duplicate enum values', () => {
    for (const node of collectNodes(connectionSpecification)) {
      const values = node.schema.enum;
      if (!Array.isArray(values)) continue;
      expect({ where: node.pointer, unique: new Set(values).size === values.length }).toEqual({ where: node.pointer, unique: true });
    }
  });

  it('uses group and display_type only where CAT allows', () => {
    for (const node of collectNodes(connectionSpecification)) {
      if ('group' in node.schema) expect({ where: node.pointer, topLevel: node.isTopLevelProperty }).toEqual({ where: node.pointer, topLevel: true });
      if ('display_type' in node.schema) expect({ where: node.pointer, oneOf: 'oneOf' in node.schema }).toEqual({ where: node.pointer, oneOf: true });
    }
  });

  it('accepts a complete config', () => {
    expect(validationErrors(connectionSpecification, validConfig)).toEqual([]);
  });

  it('accepts a config with only user_token', () => {
    expect(validationErrors(connectionSpecification, { user_token: validConfig.user_token })).toEqual([]);
  });

  it('accepts unknown config keys', () => {
    expect(validationErrors(connectionSpecification, { ...validConfig, _comment: 'kept for the operator' })).toEqual([]);
  });

  it.each([
    ['missing user_token', { start_date: '2025-01-01' }],
    ['empty user_token', { user_token: '' }],
    ['page_size above 100', { user_token: 'x', page_size: 101 }],
    ['page_size of 0', { user_token: 'x', page_size: 0 }],
    ['negative lookback', { user_token: 'x', lookback_window_days: -1 }],
    ['lookback above 365', { user_token: 'x', lookback_window_days: 366 }],
    ['requests_per_minute above 1000', { user_token: 'x', requests_per_minute: 1001 }],
    ['max_concurrent_requests above 32', { user_token: 'x', max_concurrent_requests: 33 }],
    ['request timeout below 5', { user_token: 'x', request_timeout_seconds: 4 }],
    ['unknown expand value', { user_token: 'x', expense_expand: ['merchants'] }],
    ['repeated expand value', { user_token: 'x', expense_expand: ['merchant', 'merchant'] }],
    ['fractional page_size', { user_token: 'x', page_size: 50.5 }],
  ])('rejects a config with %s', (_case, config) => {
    expect(validationErrors(connectionSpecification, config)).not.toEqual([]);
  });

  it.each(['', '2025-01-01', '2025-01-01T00:00:00Z', '2025-01-01T08:30:00.123Z', '2025-01-01T00:00:00-08:00'])(
    'accepts start_date %j',
    (startDate) => {
      expect(validationErrors(connectionSpecification, { user_token: 'x', start_date: startDate })).toEqual([]);
    },
  );

  it.each(['2025-01-01T00:00:00', '01/02/2025', '2025-1-1', 'yesterday', '2025-01-01 00:00:00Z'])('rejects start_date %j', (startDate) => {
    expect(validationErrors(connectionSpecification, { user_token: 'x', start_date: startDate })).not.toEqual([]);
  });
});

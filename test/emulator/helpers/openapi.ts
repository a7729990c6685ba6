// Brex's OpenAPI 3.0 files (vendor/brex-openapi) turned into JSON Schema for ajv.
//
// Translation rules:
// - `nullable: true` becomes anyOf [null, the schema without nullable].
// - A discriminator with a mapping becomes one if/then per mapped value, which is what
//   OpenAPI means by it. A plain oneOf would not do, because Brex's vendor payment details
//   share one `type` enum and differ only by required fields, so two branches would match.
// - A variant that includes its own discriminated base through allOf gets a copy of the
//   base without the discriminator, which breaks the base -> variant -> base cycle.
// - OpenAPI-only keywords (example, deprecated, xml, ...) are dropped.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { repoRoot } from './repo.js';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

export type SchemaNode = Record<string, unknown>;
export type SpecFile = 'transactions' | 'expenses' | 'team' | 'payments' | 'budgets';

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: SchemaNode }> }> }>>;
  components: { schemas: Record<string, SchemaNode> };
}

const DROPPED = new Set(['nullable', 'discriminator', 'example', 'examples', 'xml', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly']);
const documents = new Map<SpecFile, OpenApiDocument>();

export function loadSpec(file: SpecFile): OpenApiDocument {
  let document = documents.get(file);
  if (!document) {
    document = parse(readFileSync(join(repoRoot(), 'vendor', 'brex-openapi', `${file}.yaml`), 'utf8')) as OpenApiDocument;
    documents.set(file, document);
  }
  return document;
}

/** Returns the schema of the 200 response of GET `path` (a $ref into the components). */
export function responseSchema(file: SpecFile, path: string): SchemaNode {
  const operation = loadSpec(file).paths[path]?.get;
  const schema = operation?.responses['200']?.content?.['application/json']?.schema;
  if (!schema) {
    throw new Error(`No 200 JSON response for GET ${path} in ${file}.yaml`);
  }
  return schema;
}

export function refName(ref: string): string {
  return ref.replace('#/components/schemas/', '');
}

function translateComponents(document: OpenApiDocument): Record<string, SchemaNode> {
  const components: Record<string, SchemaNode> = structuredClone(document.components.schemas);

  for (const [name, schema] of Object.entries(document.components.schemas)) {
    const discriminator = schema.discriminator as { mapping?: Record<string, string> } | undefined;
    if (!discriminator?.mapping) {
      continue;
    }
    const baseName = `${name}__base`;
    const { oneOf: _oneOf, discriminator: _discriminator, ...base } = schema;
    components[baseName] = base;
    for (const variantRef of Object.values(discriminator.mapping)) {
      const variant = components[refName(variantRef)];
      variant.allOf = (variant.allOf as SchemaNode[] | undefined)?.map((part) =>
        part.$ref === `#/components/schemas/${name}` ? { $ref: `#/components/schemas/${baseName}` } : part);
    }
  }

  return Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, translate(schema) as SchemaNode]));
}

function translate(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(translate);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const source = node as SchemaNode;
  if (typeof source.$ref === 'string') {
    return { $ref: `#/definitions/${refName(source.$ref)}` };
  }

  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(source)) {
    if (DROPPED.has(key)) {
      continue;
    }
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as SchemaNode).map(([name, child]) => [name, translate(child)]));
    } else if (['items', 'additionalProperties', 'not', 'allOf', 'oneOf', 'anyOf'].includes(key)) {
      out[key] = translate(value);
    } else {
      out[key] = value;
    }
  }

  const discriminator = source.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
  if (discriminator?.mapping && out.oneOf) {
    delete out.oneOf;
    const property = discriminator.propertyName;
    const branches = Object.entries(discriminator.mapping).map(([value, ref]) => ({
      if: { properties: { [property]: { const: value } }, required: [property] },
      then: { $ref: `#/definitions/${refName(ref)}` },
    }));
    out.allOf = [
      ...((out.allOf as SchemaNode[] | undefined) ?? []),
      { required: [property], properties: { [property]: { enum: Object.keys(discriminator.mapping) } } },
      ...branches,
    ];
  }

  return source.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

let ajv: InstanceType<typeof Ajv> | null = null;
const validators = new Map<string, ValidateFunction>();

/** Returns an ajv validator for the 200 response body of GET `path` in `file`. */
export function responseValidator(file: SpecFile, path: string): ValidateFunction {
  return componentValidator(file, refName(responseSchema(file, path).$ref as string));
}

/** Returns an ajv validator for the component schema `name` of `file`. */
export function componentValidator(file: SpecFile, name: string): ValidateFunction {
  const cacheKey = `${file} ${name}`;
  let validate = validators.get(cacheKey);
  if (validate) {
    return validate;
  }
  if (!ajv) {
    // strict is off because Brex's files use `required: ["true"]` on string schemas and a
    // custom `format: enum`, which JSON Schema ignores but ajv's strict mode rejects.
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('enum', () => true);
  }
  const schemaId = `brex-${file}`;
  if (!ajv.getSchema(schemaId)) {
    ajv.addSchema({ $id: schemaId, definitions: translateComponents(loadSpec(file)) });
  }
  validate = ajv.getSchema(`${schemaId}#/definitions/${name}`);
  if (!validate) {
    throw new Error(`Schema ${name} not found in ${file}.yaml`);
  }
  validators.set(cacheKey, validate);
  return validate;
}

/** The OpenAPI file and path of each endpoint the emulator serves. */
export const ENDPOINT_SPECS: { file: SpecFile; specPath: string; path: string; list: boolean }[] = [
  { file: 'team', specPath: '/v2/users/me', path: '/v2/users/me', list: false },
  { file: 'transactions', specPath: '/v2/accounts/cash', path: '/v2/accounts/cash', list: true },
  { file: 'transactions', specPath: '/v2/transactions/card/primary', path: '/v2/transactions/card/primary', list: true },
  { file: 'transactions', specPath: '/v2/transactions/cash/{id}', path: '/v2/transactions/cash/{id}', list: true },
  { file: 'expenses', specPath: '/v1/expenses', path: '/v1/expenses', list: true },
  { file: 'team', specPath: '/v2/users', path: '/v2/users', list: true },
  { file: 'team', specPath: '/v2/departments', path: '/v2/departments', list: true },
  { file: 'team', specPath: '/v2/locations', path: '/v2/locations', list: true },
  { file: 'payments', specPath: '/v1/vendors', path: '/v1/vendors', list: true },
  { file: 'budgets', specPath: '/v2/budgets', path: '/v2/budgets', list: true },
];

// Checks of the `spec` section: the rules CAT's TestSpec applies to connectionSpecification.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { show } from './problems.js';
import { findKeywords, isSchemaObject, typesOf, walkProperties, walkSchema, type JsonSchema } from './schema-walk.js';

// Property names CAT takes for secrets (compared case-insensitively, whole name only).
export const secretPropertyNames = [
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

// Keywords the Airbyte UI cannot render, so CAT rejects them in a spec.
export const forbiddenSpecKeywords = ['not', 'anyOf', 'patternProperties', 'prefixItems', 'allOf', 'if', 'then', 'else', 'dependentSchemas', 'dependentRequired'];

const secretCapableTypes = ['string', 'integer', 'number'];
const arrayItemTypes = ['object', 'string', 'number', 'integer'];
const displayTypes = ['dropdown', 'radio'];

function canHoldSecret(schema: JsonSchema): boolean {
  const types = typesOf(schema).filter((type) => type !== 'null');
  return !Object.hasOwn(schema, 'const') && types.length > 0 && types.every((type) => secretCapableTypes.includes(type));
}

/** Checks that properties with a known secret name that can hold a secret set airbyte_secret: true. */
export function unmarkedSecretProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkProperties(specification, ({ name, schema, pointer }) => {
    if (!secretPropertyNames.includes(name.toLowerCase()) || !canHoldSecret(schema)) {
      return;
    }
    if (schema.airbyte_secret !== true) {
      problems.push(`${pointer}: expected airbyte_secret: true on a property named "${name}", got ${show(schema.airbyte_secret)}`);
    }
  });
  return problems;
}

/** Checks that airbyte_secret appears only on string, integer or number properties without const. */
export function misplacedSecretProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkSchema(specification, (schema, pointer) => {
    if (schema.airbyte_secret === true && !canHoldSecret(schema)) {
      problems.push(`${pointer}: expected airbyte_secret only on string, integer or number fields without const, got type ${show(schema.type)}`);
    }
  });
  return problems;
}

/** Checks that every `type` is one type, or a pair [type, "null"] with null second. */
export function propertyTypeProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkSchema(specification, (schema, pointer) => {
    const type = schema.type;
    if (type === undefined || typeof type === 'string') {
      return;
    }
    const isNullablePair = Array.isArray(type) && type.length === 2 && typeof type[0] === 'string' && type[0] !== 'null' && type[1] === 'null';
    if (!isNullablePair) {
      problems.push(`${pointer}: expected type to be one type or [<type>, "null"], got ${show(type)}`);
    }
  });
  return problems;
}

/** Checks that `order` values are unique among the properties of one object that share a group. */
export function duplicateOrderProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkSchema(specification, (schema, pointer) => {
    if (!isSchemaObject(schema.properties)) {
      return;
    }

    const ownersByOrder = new Map<string, string[]>();
    for (const [name, property] of Object.entries(schema.properties)) {
      if (!isSchemaObject(property) || property.order === undefined) {
        continue;
      }
      const slot = `${String(property.group ?? '')}\u0000${JSON.stringify(property.order)}`;
      ownersByOrder.set(slot, [...(ownersByOrder.get(slot) ?? []), name]);
    }

    for (const [slot, owners] of ownersByOrder) {
      if (owners.length > 1) {
        const order = slot.split('\u0000')[1];
        problems.push(`${pointer}: expected unique order values, got order ${order} on ${owners.join(', ')}`);
      }
    }
  });
  return problems;
}

export function forbiddenKeywordProblems(specification: JsonSchema): string[] {
  return findKeywords(specification, forbiddenSpecKeywords).map((pointer) => `${pointer}: expected none of ${forbiddenSpecKeywords.join(', ')}, got this keyword`);
}

export function refProblems(schema: unknown, label: string): string[] {
  return findKeywords(schema, ['$ref']).map((pointer) => `${label} ${pointer}: expected no $ref (every reference resolved), got one`);
}

/** Checks that `enum` lists have no duplicate values. */
export function duplicateEnumProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkSchema(specification, (schema, pointer) => {
    if (!Array.isArray(schema.enum)) {
      return;
    }
    const seen = new Set<string>();
    for (const value of schema.enum) {
      const key = JSON.stringify(value);
      if (seen.has(key)) {
        problems.push(`${pointer}/enum: expected distinct values, got ${key} more than once`);
      }
      seen.add(key);
    }
  });
  return problems;
}

// The const values of one oneOf option, keyed by property name.
function constPropertiesOf(option: JsonSchema): Map<string, unknown> {
  const constants = new Map<string, unknown>();
  if (isSchemaObject(option.properties)) {
    for (const [name, property] of Object.entries(option.properties)) {
      if (isSchemaObject(property) && Object.hasOwn(property, 'const')) {
        constants.set(name, property.const);
      }
    }
  }
  return constants;
}

function oneOfOptionProblems(options: unknown[], pointer: string): string[] {
  const problems: string[] = [];
  const constantsPerOption: Map<string, unknown>[] = [];

  options.forEach((option, index) => {
    if (!isSchemaObject(option) || !isSchemaObject(option.properties)) {
      problems.push(`${pointer}/oneOf/${index}: expected an object option with properties, got ${show(option)}`);
      return;
    }
    constantsPerOption.push(constPropertiesOf(option));

    for (const [name, property] of Object.entries(option.properties)) {
      if (!isSchemaObject(property) || !Object.hasOwn(property, 'const')) {
        continue;
      }
      if (Object.hasOwn(property, 'default') && JSON.stringify(property.default) !== JSON.stringify(property.const)) {
        problems.push(`${pointer}/oneOf/${index}/properties/${name}: expected default to equal const ${show(property.const)}, got ${show(property.default)}`);
      }
      if (Array.isArray(property.enum) && (property.enum.length !== 1 || JSON.stringify(property.enum[0]) !== JSON.stringify(property.const))) {
        problems.push(`${pointer}/oneOf/${index}/properties/${name}: expected enum to be [const ${show(property.const)}], got ${show(property.enum)}`);
      }
    }
  });

  if (problems.length > 0) {
    return problems;
  }
  const commonConstNames = [...(constantsPerOption[0]?.keys() ?? [])].filter((name) => constantsPerOption.every((constants) => constants.has(name)));
  if (commonConstNames.length !== 1) {
    problems.push(`${pointer}/oneOf: expected exactly one const property common to every option, got ${show(commonConstNames)}`);
  }
  return problems;
}

/** Checks that oneOf parents are objects, and options are objects with properties and one common const discriminator. */
export function oneOfProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkSchema(specification, (schema, pointer) => {
    if (!Array.isArray(schema.oneOf)) {
      return;
    }
    if (!typesOf(schema).includes('object')) {
      problems.push(`${pointer}: expected type object on a oneOf parent, got ${show(schema.type)}`);
    }
    problems.push(...oneOfOptionProblems(schema.oneOf, pointer));
  });
  return problems;
}

/** Checks that object properties declare properties or a oneOf. */
export function emptyObjectProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkProperties(specification, ({ schema, pointer }) => {
    if (!typesOf(schema).includes('object')) {
      return;
    }
    const hasProperties = isSchemaObject(schema.properties) && Object.keys(schema.properties).length > 0;
    if (!hasProperties && !Array.isArray(schema.oneOf)) {
      problems.push(`${pointer}: expected an object property to declare properties or oneOf, got ${show(schema)}`);
    }
  });
  return problems;
}

/** Checks that array `items` is one schema of object, string, number or integer type, or an enum. */
export function arrayItemsProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkSchema(specification, (schema, pointer) => {
    if (!typesOf(schema).includes('array') || schema.items === undefined) {
      return;
    }
    const items = schema.items;
    if (!isSchemaObject(items)) {
      problems.push(`${pointer}/items: expected one schema, got ${show(items)}`);
      return;
    }
    const itemTypes = typesOf(items).filter((type) => type !== 'null');
    const typed = itemTypes.length > 0 && itemTypes.every((type) => arrayItemTypes.includes(type));
    if (!typed && !Array.isArray(items.enum)) {
      problems.push(`${pointer}/items: expected type object, string, number or integer, or an enum, got ${show(items)}`);
    }
  });
  return problems;
}

/** Checks that `group` is used on top-level properties only. */
export function nestedGroupProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkProperties(specification, ({ schema, pointer, parentPointer }) => {
    if (Object.hasOwn(schema, 'group') && parentPointer !== '#') {
      problems.push(`${pointer}: expected group only on top-level properties, got group ${show(schema.group)}`);
    }
  });
  return problems;
}

/** Checks that `display_type` is used only next to oneOf, with the value dropdown or radio. */
export function displayTypeProblems(specification: JsonSchema): string[] {
  const problems: string[] = [];
  walkSchema(specification, (schema, pointer) => {
    if (!Object.hasOwn(schema, 'display_type')) {
      return;
    }
    if (!Array.isArray(schema.oneOf)) {
      problems.push(`${pointer}: expected display_type only on a field with oneOf, got it without oneOf`);
    }
    if (!displayTypes.includes(schema.display_type as string)) {
      problems.push(`${pointer}: expected display_type dropdown or radio, got ${show(schema.display_type)}`);
    }
  });
  return problems;
}

/** Validates a connector config against connectionSpecification, after dropping keys that start with "_". */
export function configProblems(specification: JsonSchema, connectorConfig: Record<string, unknown>): string[] {
  const configWithoutComments = Object.fromEntries(Object.entries(connectorConfig).filter(([key]) => !key.startsWith('_')));

  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  const validate = ajv.compile(specification);
  if (validate(configWithoutComments)) {
    return [];
  }
  const keys = Object.keys(configWithoutComments).join(', ');
  return (validate.errors ?? []).map((error) => `config (keys: ${keys}): expected it to match connectionSpecification, got ${error.instancePath || '/'} ${error.message ?? 'invalid'}`);
}

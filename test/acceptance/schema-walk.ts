// Walks JSON Schema documents (draft-07 and the newer keywords CAT forbids), visiting
// every subschema with its JSON Pointer, so checks can tell keywords from property names.

export type JsonSchema = Record<string, unknown>;

export type SchemaVisitor = (schema: JsonSchema, pointer: string) => void;

// Keywords whose value is one subschema.
const singleSchemaKeywords = ['additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not', 'items'];
// Keywords whose value is an array of subschemas.
const schemaArrayKeywords = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
// Keywords whose value maps names to subschemas.
const schemaMapKeywords = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'dependencies'];

export function isSchemaObject(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Visits the schema and every subschema below it, depth first, root pointer '#'. */
export function walkSchema(schema: unknown, visit: SchemaVisitor, pointer = '#'): void {
  if (!isSchemaObject(schema)) {
    return;
  }
  visit(schema, pointer);

  for (const keyword of singleSchemaKeywords) {
    if (isSchemaObject(schema[keyword])) {
      walkSchema(schema[keyword], visit, `${pointer}/${keyword}`);
    }
  }

  for (const keyword of schemaArrayKeywords) {
    const value = schema[keyword];
    if (Array.isArray(value)) {
      value.forEach((item, index) => walkSchema(item, visit, `${pointer}/${keyword}/${index}`));
    }
  }

  for (const keyword of schemaMapKeywords) {
    const value = schema[keyword];
    if (!isSchemaObject(value)) {
      continue;
    }
    for (const [name, subschema] of Object.entries(value)) {
      // draft-07 "dependencies" may map a name to an array of names, which is no schema.
      walkSchema(subschema, visit, `${pointer}/${keyword}/${escapePointerToken(name)}`);
    }
  }
}

export interface PropertyVisit {
  name: string;
  schema: JsonSchema;
  pointer: string;
  parent: JsonSchema;
  /** Pointer of the object schema whose `properties` declares this property. */
  parentPointer: string;
}

/** Visits every entry of every `properties` map in the schema, at any depth. */
export function walkProperties(schema: unknown, visit: (property: PropertyVisit) => void): void {
  walkSchema(schema, (node, pointer) => {
    if (!isSchemaObject(node.properties)) {
      return;
    }
    for (const [name, propertySchema] of Object.entries(node.properties)) {
      if (isSchemaObject(propertySchema)) {
        visit({ name, schema: propertySchema, pointer: `${pointer}/properties/${escapePointerToken(name)}`, parent: node, parentPointer: pointer });
      }
    }
  });
}

/** Returns the `type` keyword as a list: [] when absent, one entry for a single type. */
export function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type === 'string') {
    return [type];
  }
  if (Array.isArray(type)) {
    return type.filter((item): item is string => typeof item === 'string');
  }
  return [];
}

/** Returns the subschema at a field path, following `properties` only; undefined when a step is missing. */
export function schemaAtPath(schema: JsonSchema, fieldPath: string[]): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema;
  for (const field of fieldPath) {
    const properties: unknown = current?.properties;
    if (!isSchemaObject(properties) || !isSchemaObject(properties[field])) {
      return undefined;
    }
    current = properties[field];
  }
  return current;
}

/** Pointers of every subschema that uses one of the keywords. */
export function findKeywords(schema: unknown, keywords: string[]): string[] {
  const found: string[] = [];
  walkSchema(schema, (node, pointer) => {
    for (const keyword of keywords) {
      if (Object.hasOwn(node, keyword)) {
        found.push(`${pointer}/${keyword}`);
      }
    }
  });
  return found;
}

/** Problems for every `additionalProperties` that is declared and is not `true`. */
export function additionalPropertiesProblems(schema: unknown, label: string): string[] {
  const problems: string[] = [];
  walkSchema(schema, (node, pointer) => {
    if (Object.hasOwn(node, 'additionalProperties') && node.additionalProperties !== true) {
      problems.push(`${label} ${pointer}: expected additionalProperties to be true when declared, got ${JSON.stringify(node.additionalProperties)}`);
    }
  });
  return problems;
}

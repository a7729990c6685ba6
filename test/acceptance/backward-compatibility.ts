// Backward-compatibility rules of CAT: a new spec must accept every config the previous
// release accepted, and a new catalog must not break existing connections.
import { show } from './problems.js';
import { isSchemaObject, typesOf, walkProperties, walkSchema, type JsonSchema } from './schema-walk.js';
import type { AirbyteCatalog, AirbyteStream } from '../helpers/protocol.js';

function schemaNodesByPointer(schema: JsonSchema): Map<string, JsonSchema> {
  const nodes = new Map<string, JsonSchema>();
  walkSchema(schema, (node, pointer) => nodes.set(pointer, node));
  return nodes;
}

function requiredOf(schema: JsonSchema): string[] {
  return Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
}

function requiredProblems(previous: JsonSchema, current: JsonSchema, pointer: string): string[] {
  const previousRequired = requiredOf(previous);
  const added = requiredOf(current).filter((name) => !previousRequired.includes(name));
  if (added.length === 0) {
    return [];
  }
  if (!Object.hasOwn(previous, 'required')) {
    return [`${pointer}: expected no new required declaration, got required ${show(added)} where the previous spec had none`];
  }
  return [`${pointer}/required: expected no newly required properties, got ${show(added)} added`];
}

function typeProblems(previous: JsonSchema, current: JsonSchema, pointer: string): string[] {
  const previousTypes = typesOf(previous);
  const currentTypes = typesOf(current);
  if (previousTypes.length === 0) {
    return [];
  }

  const problems: string[] = [];
  const lostTypes = previousTypes.filter((type) => !currentTypes.includes(type));
  if (previousTypes.includes('null') && !currentTypes.includes('null')) {
    problems.push(`${pointer}: expected a nullable field to stay nullable, got type ${show(current.type)} (was ${show(previous.type)})`);
  }
  const otherLostTypes = lostTypes.filter((type) => type !== 'null');
  if (otherLostTypes.length > 0) {
    problems.push(`${pointer}: expected type to keep ${show(previous.type)} or widen to a list containing it, got ${show(current.type)}`);
  }
  return problems;
}

function enumProblems(previous: JsonSchema, current: JsonSchema, pointer: string): string[] {
  if (!Array.isArray(current.enum)) {
    return [];
  }
  if (!Array.isArray(previous.enum)) {
    return [`${pointer}: expected no enum on an existing field, got enum ${show(current.enum)} added`];
  }

  const currentValues = new Set(current.enum.map((value) => JSON.stringify(value)));
  const removed = previous.enum.filter((value) => !currentValues.has(JSON.stringify(value)));
  if (removed.length > 0) {
    return [`${pointer}/enum: expected every previous value to remain, got ${show(removed)} removed`];
  }
  return [];
}

/** Lists changes from the previous connectionSpecification that would reject configs it accepted. */
export function specBackwardCompatibilityProblems(previous: JsonSchema, current: JsonSchema): string[] {
  const problems: string[] = [];
  const previousNodes = schemaNodesByPointer(previous);

  for (const [pointer, currentNode] of schemaNodesByPointer(current)) {
    const previousNode = previousNodes.get(pointer);
    if (!previousNode) {
      continue;
    }
    problems.push(...requiredProblems(previousNode, currentNode, pointer));
    problems.push(...typeProblems(previousNode, currentNode, pointer));
    problems.push(...enumProblems(previousNode, currentNode, pointer));
  }
  return problems;
}

/** Extracts connectionSpecification from a previous-release file: a SPEC message, a ConnectorSpecification, or the bare schema. */
export function connectionSpecificationOf(document: unknown): JsonSchema {
  if (!isSchemaObject(document)) {
    throw new Error(`expected a JSON object containing a connector spec, got ${show(document)}`);
  }
  if (isSchemaObject(document.spec)) {
    return connectionSpecificationOf(document.spec);
  }
  if (isSchemaObject(document.connectionSpecification)) {
    return document.connectionSpecification;
  }
  return document;
}

/** Extracts the AirbyteCatalog from a previous-release file: a CATALOG message or the catalog itself. */
export function catalogOf(document: unknown): AirbyteCatalog {
  if (isSchemaObject(document) && isSchemaObject(document.catalog)) {
    return catalogOf(document.catalog);
  }
  if (!isSchemaObject(document) || !Array.isArray(document.streams)) {
    throw new Error(`expected an AirbyteCatalog with a streams array, got ${show(document)}`);
  }
  return document as unknown as AirbyteCatalog;
}

function sortedTypes(schema: JsonSchema): string {
  return JSON.stringify([...typesOf(schema)].sort());
}

function fieldTypeProblems(previous: AirbyteStream, current: AirbyteStream): string[] {
  const previousFields = new Map<string, JsonSchema>();
  walkProperties(previous.json_schema, ({ pointer, schema }) => previousFields.set(pointer, schema));

  const problems: string[] = [];
  walkProperties(current.json_schema, ({ pointer, schema }) => {
    const previousField = previousFields.get(pointer);
    if (previousField && sortedTypes(previousField) !== sortedTypes(schema)) {
      problems.push(`stream ${current.name} ${pointer}: expected field type unchanged ${show(previousField.type)}, got ${show(schema.type)}`);
    }
  });
  return problems;
}

/** Lists changes from the previous catalog that break existing connections: removed streams, changed field types or cursors. */
export function catalogBackwardCompatibilityProblems(previous: AirbyteCatalog, current: AirbyteCatalog): string[] {
  const problems: string[] = [];
  const currentByName = new Map(current.streams.map((stream) => [stream.name, stream]));

  for (const previousStream of previous.streams) {
    const currentStream = currentByName.get(previousStream.name);
    if (!currentStream) {
      problems.push(`stream ${previousStream.name}: expected it to remain in the catalog, got it removed`);
      continue;
    }

    problems.push(...fieldTypeProblems(previousStream, currentStream));
    if (JSON.stringify(previousStream.default_cursor_field) !== JSON.stringify(currentStream.default_cursor_field)) {
      problems.push(
        `stream ${previousStream.name}: expected default_cursor_field unchanged ${show(previousStream.default_cursor_field)}, got ${show(currentStream.default_cursor_field)}`,
      );
    }
  }
  return problems;
}

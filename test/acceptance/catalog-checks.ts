// Checks of the `discovery` section: the rules CAT's TestDiscovery applies to the catalog.
import { show } from './problems.js';
import { additionalPropertiesProblems, findKeywords, schemaAtPath, typesOf } from './schema-walk.js';
import { draft07SchemaProblems } from './schema-validation.js';
import type { AirbyteCatalog, AirbyteMessage, AirbyteStream } from '../helpers/protocol.js';

/** Reports a problem unless the output contains exactly one CATALOG message. */
export function catalogCountProblems(messages: AirbyteMessage[]): string[] {
  const catalogs = messages.filter((message) => message.type === 'CATALOG');
  if (catalogs.length === 1 && catalogs[0].catalog) {
    return [];
  }
  return [`expected exactly one CATALOG message, got ${catalogs.length}: ${show(catalogs)}`];
}

/** Returns the catalog of a discover output; throws unless there is exactly one. */
export function catalogOfMessages(messages: AirbyteMessage[]): AirbyteCatalog {
  const catalogs = messages.filter((message) => message.type === 'CATALOG' && message.catalog);
  if (catalogs.length !== 1) {
    const types = messages.map((message) => message.type).join(', ');
    throw new Error(`expected exactly one CATALOG message from discover, got ${catalogs.length} (message types: ${types})`);
  }
  return catalogs[0].catalog as AirbyteCatalog;
}

export function streamNameProblems(catalog: AirbyteCatalog): string[] {
  if (catalog.streams.length === 0) {
    return ['expected at least one stream in the catalog, got none'];
  }

  const names = catalog.streams.map((stream) => stream.name);
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  if (duplicates.length > 0) {
    return [`expected unique stream names, got duplicates ${show([...new Set(duplicates)])}`];
  }
  return [];
}

export function streamSchemaProblems(stream: AirbyteStream): string[] {
  const problems = draft07SchemaProblems(stream.json_schema, `stream ${stream.name} json_schema`);
  if (!typesOf(stream.json_schema).includes('object')) {
    problems.push(`stream ${stream.name}: expected json_schema of type object, got ${show(stream.json_schema.type)}`);
  }
  return problems;
}

export function cursorPathProblems(stream: AirbyteStream): string[] {
  if (stream.default_cursor_field === undefined) {
    return [];
  }
  if (!Array.isArray(stream.default_cursor_field) || stream.default_cursor_field.length === 0) {
    return [`stream ${stream.name}: expected default_cursor_field to be a non-empty path, got ${show(stream.default_cursor_field)}`];
  }
  if (!schemaAtPath(stream.json_schema, stream.default_cursor_field)) {
    return [`stream ${stream.name}: expected default_cursor_field ${show(stream.default_cursor_field)} in json_schema properties, got no such field`];
  }
  return [];
}

export function primaryKeyPathProblems(stream: AirbyteStream): string[] {
  const problems: string[] = [];
  for (const keyPath of stream.source_defined_primary_key ?? []) {
    if (!schemaAtPath(stream.json_schema, keyPath)) {
      problems.push(`stream ${stream.name}: expected primary key ${show(keyPath)} in json_schema properties, got no such field`);
    }
  }
  return problems;
}

export function primaryKeyTypeProblems(stream: AirbyteStream): string[] {
  const problems: string[] = [];
  for (const keyPath of stream.source_defined_primary_key ?? []) {
    const field = schemaAtPath(stream.json_schema, keyPath);
    const types = field ? typesOf(field) : [];
    if (types.includes('object') || types.includes('array')) {
      problems.push(`stream ${stream.name}: expected primary key ${show(keyPath)} of a scalar type, got ${show(field?.type)}`);
    }
  }
  return problems;
}

export function streamAdditionalPropertiesProblems(stream: AirbyteStream): string[] {
  return additionalPropertiesProblems(stream.json_schema, `stream ${stream.name} json_schema`);
}

/** No $ref, allOf or not in the stream schema. */
export function streamKeywordProblems(stream: AirbyteStream): string[] {
  return findKeywords(stream.json_schema, ['$ref', 'allOf', 'not']).map(
    (pointer) => `stream ${stream.name} json_schema ${pointer}: expected no $ref, allOf or not, got this keyword`,
  );
}

export function syncModeProblems(stream: AirbyteStream): string[] {
  const modes = stream.supported_sync_modes;
  if (!Array.isArray(modes) || modes.length === 0) {
    return [`stream ${stream.name}: expected a non-empty supported_sync_modes, got ${show(modes)}`];
  }
  return [];
}

/** Runs a per-stream check over the whole catalog. */
export function forEachStream(catalog: AirbyteCatalog, check: (stream: AirbyteStream) => string[]): string[] {
  return catalog.streams.flatMap((stream) => check(stream));
}

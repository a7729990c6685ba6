// Draft-07 validation of schemas and of records against stream schemas, as CAT does it.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { walkSchema, type JsonSchema } from './schema-walk.js';

/** Validates a schema against the draft-07 metaschema. */
export function draft07SchemaProblems(schema: unknown, label: string): string[] {
  const ajv = new Ajv({ strict: false, logger: false });
  if (ajv.validateSchema(schema as JsonSchema)) {
    return [];
  }
  return (ajv.errors ?? []).map((error) => `${label}: expected a valid draft-07 schema, got ${error.instancePath || '/'} ${error.message ?? 'invalid'}`);
}

// Airbyte types a date-time field without airbyte_type as a timestamp with time zone, so
// its values need an offset. A field marked timestamp_without_timezone gets ajv-formats'
// iso-date-time, which makes the offset optional.
function withTimezoneAwareFormats(schema: JsonSchema): JsonSchema {
  const copy = structuredClone(schema);
  walkSchema(copy, (node) => {
    if (node.format === 'date-time' && node.airbyte_type === 'timestamp_without_timezone') {
      node.format = 'iso-date-time';
    }
  });
  return copy;
}

/**
 * Compiles a record validator for a stream schema. Only the date, date-time and
 * iso-date-time formats are checked; other formats are ignored, like CAT does.
 * NOTE: JSON.parse turns 1.0 into 1, so CAT's rejection of 1.0 for an integer field
 * cannot be reproduced here.
 */
export function compileRecordValidator(streamSchema: JsonSchema): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv, ['date', 'date-time', 'iso-date-time']);
  return ajv.compile(withTimezoneAwareFormats(streamSchema));
}

export function formatValidationErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'invalid'}`).join('; ');
}

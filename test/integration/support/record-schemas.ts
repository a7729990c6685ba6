// Validates emitted records against the json_schema each stream declared in `discover`.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import type { AirbyteCatalog, AirbyteMessage } from '../../helpers/protocol.js';
import { recordsOf } from '../../helpers/protocol.js';

const maxProblemsShown = 20;

export interface RecordSchemas {
  /** One line per invalid record (stream, primary key, schema errors); empty when all are valid. */
  problemsIn(messages: AirbyteMessage[]): string[];
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`).join('; ');
}

function describeRecordKey(data: Record<string, unknown>): string {
  const key = ['account_id', 'id', 'budget_id'].filter((field) => data[field] !== undefined).map((field) => `${field}=${String(data[field])}`);
  return key.length > 0 ? key.join(',') : JSON.stringify(data).slice(0, 120);
}

/**
 * Compiles one draft-07 validator per discovered stream. `strict: false` because Airbyte schemas
 * carry keywords ajv does not know (airbyte_type and similar); ajv-formats checks `date` and
 * `date-time` values.
 */
export function recordSchemasOf(discovered: AirbyteCatalog): RecordSchemas {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);

  const validators = new Map<string, ValidateFunction>();
  for (const stream of discovered.streams) {
    validators.set(stream.name, ajv.compile(stream.json_schema));
  }

  return {
    problemsIn(messages: AirbyteMessage[]): string[] {
      const problems: string[] = [];
      for (const record of recordsOf(messages)) {
        const validate = validators.get(record.stream);
        if (!validate) {
          problems.push(`record of stream ${record.stream}, which discover did not return`);
        } else if (!validate(record.data)) {
          problems.push(`${record.stream} ${describeRecordKey(record.data)}: ${describeErrors(validate.errors)}`);
        }
        if (problems.length >= maxProblemsShown) break;
      }
      return problems;
    },
  };
}

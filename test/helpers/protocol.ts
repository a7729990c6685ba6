// Parses connector stdout into Airbyte messages and validates each one against the
// canonical protocol schema (vendor/airbyte-protocol/airbyte_protocol.yaml, draft-07).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

import type {
  AirbyteLogMessage,
  AirbyteMessage,
  AirbyteRecordMessage,
  AirbyteStateMessage,
  AirbyteStreamStatus,
  AirbyteTraceMessage,
  TraceType,
} from '../../src/protocol/airbyte-protocol.generated.js';

export type {
  AirbyteCatalog,
  AirbyteConnectionStatus,
  AirbyteLogMessage,
  AirbyteMessage,
  AirbyteRecordMessage,
  AirbyteStateMessage,
  AirbyteStream,
  AirbyteStreamStatus,
  AirbyteTraceMessage,
  ConfiguredAirbyteCatalog,
  ConfiguredAirbyteStream,
  ConnectorSpecification,
  StreamDescriptor,
} from '../../src/protocol/airbyte-protocol.generated.js';

export type AirbyteTraceType = TraceType;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const protocolSchemaPath = path.join(repoRoot, 'vendor/airbyte-protocol/airbyte_protocol.yaml');
const maxLineEcho = 300;

let validateAirbyteMessage: ValidateFunction | undefined;

// Compiles #/definitions/AirbyteMessage once per process; later calls reuse it.
function messageValidator(): ValidateFunction {
  if (validateAirbyteMessage) {
    return validateAirbyteMessage;
  }

  if (!fs.existsSync(protocolSchemaPath)) {
    throw new Error(`Airbyte protocol schema not found at ${protocolSchemaPath}; vendor airbyte_protocol.yaml there`);
  }
  const protocolSchema = parseYaml(fs.readFileSync(protocolSchemaPath, 'utf8')) as { $id?: string };
  const schemaId = protocolSchema.$id ?? 'airbyte_protocol.yaml';

  // strict: false because the file carries non-standard keywords such as existingJavaType.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats.default(ajv);
  ajv.addSchema(protocolSchema, schemaId);

  const validate = ajv.getSchema(`${schemaId}#/definitions/AirbyteMessage`);
  if (!validate) {
    throw new Error(`definition AirbyteMessage not found in ${protocolSchemaPath}`);
  }
  validateAirbyteMessage = validate;
  return validate;
}

function formatAjvErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}

/** Validates one message against the AirbyteMessage definition; returns the errors, empty when valid. */
export function validateMessage(message: unknown): string[] {
  const validate = messageValidator();
  if (validate(message)) {
    return [];
  }
  return formatAjvErrors(validate.errors);
}

function cutLine(line: string): string {
  return line.length > maxLineEcho ? `${line.slice(0, maxLineEcho)}...` : line;
}

/**
 * Parses connector stdout, one AirbyteMessage per non-empty line.
 * Throws on the first line that is not JSON or fails the protocol schema, naming the
 * 1-based line number, the line (cut to 300 characters) and the schema errors.
 */
export function parseProtocolLines(stdout: string): AirbyteMessage[] {
  const messages: AirbyteMessage[] = [];
  const lines = stdout.split('\n');

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (line.trim() === '') {
      continue;
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new Error(`stdout line ${index + 1} is not JSON (${(error as Error).message}): ${cutLine(line)}`, { cause: error });
    }

    const errors = validateMessage(parsed);
    if (errors.length > 0) {
      throw new Error(`stdout line ${index + 1} is not a valid AirbyteMessage: ${errors.join('; ')}: ${cutLine(line)}`);
    }
    messages.push(parsed as AirbyteMessage);
  }

  return messages;
}

/** Record payloads, in output order, optionally of one stream. */
export function recordsOf(messages: AirbyteMessage[], stream?: string): AirbyteRecordMessage[] {
  const records: AirbyteRecordMessage[] = [];
  for (const message of messages) {
    if (message.type === 'RECORD' && message.record && (stream === undefined || message.record.stream === stream)) {
      records.push(message.record);
    }
  }
  return records;
}

/** Stream name of a STREAM state, undefined for GLOBAL and LEGACY states. */
export function stateStreamName(state: AirbyteStateMessage): string | undefined {
  return state.stream?.stream_descriptor?.name;
}

/** State payloads, in output order; with a stream name, only STREAM states of that stream. */
export function statesOf(messages: AirbyteMessage[], stream?: string): AirbyteStateMessage[] {
  const states: AirbyteStateMessage[] = [];
  for (const message of messages) {
    if (message.type !== 'STATE' || !message.state) {
      continue;
    }
    if (stream === undefined || stateStreamName(message.state) === stream) {
      states.push(message.state);
    }
  }
  return states;
}

/** Trace payloads, in output order, optionally of one trace type. */
export function tracesOf(messages: AirbyteMessage[], type?: AirbyteTraceType): AirbyteTraceMessage[] {
  const traces: AirbyteTraceMessage[] = [];
  for (const message of messages) {
    if (message.type === 'TRACE' && message.trace && (type === undefined || message.trace.type === type)) {
      traces.push(message.trace);
    }
  }
  return traces;
}

/** STREAM_STATUS values of one stream, in output order, e.g. ['STARTED', 'RUNNING', 'COMPLETE']. */
export function streamStatuses(messages: AirbyteMessage[], stream: string): AirbyteStreamStatus[] {
  const statuses: AirbyteStreamStatus[] = [];
  for (const trace of tracesOf(messages, 'STREAM_STATUS')) {
    if (trace.stream_status && trace.stream_status.stream_descriptor.name === stream) {
      statuses.push(trace.stream_status.status);
    }
  }
  return statuses;
}

/** Log payloads, in output order. */
export function logsOf(messages: AirbyteMessage[]): AirbyteLogMessage[] {
  const logs: AirbyteLogMessage[] = [];
  for (const message of messages) {
    if (message.type === 'LOG' && message.log) {
      logs.push(message.log);
    }
  }
  return logs;
}

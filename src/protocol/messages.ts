import type {
  AirbyteCatalog,
  AirbyteMessage,
  AirbyteStream,
  ConnectorSpecification,
} from './airbyte-protocol.generated.js';

/** Airbyte failure types: config errors are not retried by the platform, the others are. */
export type FailureType = 'config_error' | 'system_error' | 'transient_error';

export type LogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

export type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';

/** A stream's name and, when the catalog sets one, its namespace; echoed exactly as configured. */
export interface StreamDescriptor {
  name: string;
  namespace?: string;
}

export function recordMessage(stream: StreamDescriptor, data: Record<string, unknown>, emittedAt: number): AirbyteMessage {
  const record: { stream: string; namespace?: string; data: Record<string, unknown>; emitted_at: number } = {
    stream: stream.name,
    data,
    emitted_at: emittedAt,
  };
  if (stream.namespace !== undefined) record.namespace = stream.namespace;
  return { type: 'RECORD', record };
}

/** Builds a STREAM state; `recordCount` counts the stream's records since its previous state. */
export function streamStateMessage(stream: StreamDescriptor, streamState: Record<string, unknown>, recordCount: number): AirbyteMessage {
  return {
    type: 'STATE',
    state: {
      type: 'STREAM',
      stream: { stream_descriptor: { ...stream }, stream_state: streamState },
      sourceStats: { recordCount },
    },
  };
}

export function logMessage(level: LogLevel, message: string): AirbyteMessage {
  return { type: 'LOG', log: { level, message } };
}

/** Builds an ERROR trace. It carries no stack trace: details for support go in `internalMessage`. */
export function errorTraceMessage(options: {
  message: string;
  internalMessage?: string;
  failureType: FailureType;
  stream?: StreamDescriptor;
}): AirbyteMessage {
  const error: Record<string, unknown> = {
    message: options.message,
    failure_type: options.failureType,
  };
  if (options.internalMessage) error.internal_message = options.internalMessage;
  if (options.stream) error.stream_descriptor = { ...options.stream };
  return { type: 'TRACE', trace: { type: 'ERROR', emitted_at: Date.now(), error: error as never } };
}

export function streamStatusMessage(stream: StreamDescriptor, status: StreamStatus): AirbyteMessage {
  return {
    type: 'TRACE',
    trace: {
      type: 'STREAM_STATUS',
      emitted_at: Date.now(),
      stream_status: { stream_descriptor: { ...stream }, status },
    },
  };
}

export function specMessage(spec: ConnectorSpecification): AirbyteMessage {
  return { type: 'SPEC', spec };
}

export function connectionStatusMessage(status: 'SUCCEEDED' | 'FAILED', message?: string): AirbyteMessage {
  return { type: 'CONNECTION_STATUS', connectionStatus: message ? { status, message } : { status } };
}

export function catalogMessage(streams: AirbyteStream[]): AirbyteMessage {
  const catalog: AirbyteCatalog = { streams };
  return { type: 'CATALOG', catalog };
}

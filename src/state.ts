import { ConfigError } from './errors.js';
import { readJsonFile } from './json-file.js';

/** Saved state per stream name, as found in the `--state` file; null entries are left out. */
export type InputState = Map<string, unknown>;

/**
 * Reads the `--state` file. It accepts no file, `[]`, an array of STATE messages (STREAM, GLOBAL
 * or LEGACY), and the legacy object keyed by stream name. Extra fields such as `sourceStats` or
 * `id` are ignored, and `stream_state: null` means the stream was reset. States of streams the
 * catalog does not configure are ignored later. Anything else is a ConfigError naming the file.
 */
export function loadState(path: string | undefined): InputState {
  const state: InputState = new Map();
  if (path === undefined) return state;

  const value = readJsonFile(path, 'state');
  if (Array.isArray(value)) {
    value.forEach((message, index) => addStateMessage(state, message, path, index));
    return state;
  }
  if (isObject(value)) {
    // A single message instead of an array is read like an array of one.
    if (typeof value.type === 'string' || isObject(value.stream) || isObject(value.global)) {
      addStateMessage(state, value, path, 0);
    } else {
      addLegacyData(state, value);
    }
    return state;
  }
  throw new ConfigError(
    `The state file ${path} must contain a JSON array of Airbyte STATE messages, not ${value === null ? 'null' : typeof value}. Pass the state saved by Airbyte, or leave --state out to read from the start.`,
  );
}

function addStateMessage(state: InputState, message: unknown, path: string, index: number): void {
  if (!isObject(message)) {
    throw new ConfigError(`Entry ${index} of the state file ${path} is not a JSON object. Each entry must be a STATE message such as {"type": "STREAM", "stream": {...}}.`);
  }

  // Entries may be bare AirbyteStateMessages or whole AirbyteMessages wrapping one.
  const body = message.type === 'STATE' && isObject(message.state) ? message.state : message;
  // Without a type, a state with `data` is LEGACY, as the protocol defines; anything else is read as STREAM.
  let type = body.data !== undefined ? 'LEGACY' : 'STREAM';
  if (typeof body.type === 'string') type = body.type.toUpperCase();

  if (type === 'STREAM') {
    addStreamState(state, body.stream, path, index);
  } else if (type === 'GLOBAL') {
    const global = isObject(body.global) ? body.global : {};
    const streamStates = Array.isArray(global.stream_states) ? global.stream_states : [];
    streamStates.forEach((entry) => addStreamState(state, entry, path, index));
  } else if (type === 'LEGACY') {
    if (isObject(body.data)) addLegacyData(state, body.data);
  } else {
    throw new ConfigError(`Entry ${index} of the state file ${path} has unknown state type "${String(body.type)}". Expected STREAM, GLOBAL or LEGACY.`);
  }
}

function addStreamState(state: InputState, stream: unknown, path: string, index: number): void {
  const descriptor = isObject(stream) && isObject(stream.stream_descriptor) ? stream.stream_descriptor : undefined;
  if (!descriptor || typeof descriptor.name !== 'string') {
    throw new ConfigError(`Entry ${index} of the state file ${path} has no stream.stream_descriptor.name. Each STREAM state must name its stream.`);
  }
  const streamState = (stream as Record<string, unknown>).stream_state;
  if (streamState === null || streamState === undefined) return;
  state.set(descriptor.name, streamState);
}

function addLegacyData(state: InputState, data: Record<string, unknown>): void {
  for (const [name, streamState] of Object.entries(data)) {
    if (streamState !== null && streamState !== undefined) state.set(name, streamState);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

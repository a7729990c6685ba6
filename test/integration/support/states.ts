// Reads the STATE messages of a run: the state to pass to the next read, and their record counts.
import type { AirbyteMessage, AirbyteStateMessage } from '../../helpers/protocol.js';
import { stateStreamName, statesOf } from '../../helpers/protocol.js';

/** Returns the last STATE of each stream, as Airbyte stores them for the next read. */
export function lastStatesPerStream(messages: AirbyteMessage[]): AirbyteStateMessage[] {
  const last = new Map<string, AirbyteStateMessage>();
  for (const state of statesOf(messages)) {
    const name = stateStreamName(state);
    if (name !== undefined) last.set(name, state);
  }
  return [...last.values()];
}

/** Returns the stream_state of the last STATE of `stream`. Throws when the stream wrote none. */
export function lastStreamState(messages: AirbyteMessage[], stream: string): Record<string, unknown> {
  const states = statesOf(messages, stream);
  if (states.length === 0) throw new Error(`the read wrote no STATE for stream ${stream}`);
  return (states[states.length - 1].stream?.stream_state ?? {}) as Record<string, unknown>;
}

/** Builds a state file with one STREAM state per entry of `streamStates`. */
export function stateFileOf(streamStates: Record<string, Record<string, unknown>>): AirbyteStateMessage[] {
  return Object.entries(streamStates).map(([name, streamState]) => ({
    type: 'STREAM',
    stream: { stream_descriptor: { name }, stream_state: streamState },
  }));
}

/**
 * For every STATE, the number of records of its stream emitted since that stream's previous
 * STATE, next to the recordCount the STATE reports. The two lists are equal when every count
 * is right.
 */
export function recordCountsPerState(messages: AirbyteMessage[]): { counted: string[]; reported: string[] } {
  const sinceLastState = new Map<string, number>();
  const counted: string[] = [];
  const reported: string[] = [];

  for (const message of messages) {
    if (message.type === 'RECORD' && message.record) {
      const stream = message.record.stream;
      sinceLastState.set(stream, (sinceLastState.get(stream) ?? 0) + 1);
    } else if (message.type === 'STATE' && message.state) {
      const stream = stateStreamName(message.state) ?? '(not a STREAM state)';
      counted.push(`${stream}: ${sinceLastState.get(stream) ?? 0}`);
      reported.push(`${stream}: ${String(message.state.sourceStats?.recordCount)}`);
      sinceLastState.set(stream, 0);
    }
  }
  return { counted, reported };
}

/** Records of each stream written after that stream's last STATE; every count must be 0. */
export function recordsAfterLastState(messages: AirbyteMessage[]): Record<string, number> {
  const after: Record<string, number> = {};
  for (const message of messages) {
    if (message.type === 'RECORD' && message.record) {
      after[message.record.stream] = (after[message.record.stream] ?? 0) + 1;
    } else if (message.type === 'STATE' && message.state) {
      const stream = stateStreamName(message.state);
      if (stream !== undefined) after[stream] = 0;
    }
  }
  return after;
}

// Builds the --state input of the next read from the STATE messages of earlier reads, the way
// the Airbyte platform does: the last STATE of each stream wins.
import type { AirbyteMessage, AirbyteStateMessage } from '../helpers/protocol.js';

export type StateFile = AirbyteStateMessage[];

/**
 * Returns the last STATE message of each stream in `messages`. Streams without a new STATE keep
 * their entry from `previous`.
 */
export function nextStateFile(messages: AirbyteMessage[], previous: StateFile = []): StateFile {
  const byStream = new Map<string, AirbyteStateMessage>();
  for (const state of previous) byStream.set(streamName(state), state);
  for (const message of messages) {
    if (message.type === 'STATE' && message.state?.stream) byStream.set(streamName(message.state), message.state);
  }
  return [...byStream.values()];
}

/** Returns the stream_state a state file contains for one stream, or undefined. */
export function streamStateIn(file: StateFile, stream: string): Record<string, unknown> | undefined {
  const state = file.find((entry) => streamName(entry) === stream);
  return state?.stream?.stream_state as Record<string, unknown> | undefined;
}

function streamName(state: AirbyteStateMessage): string {
  const name = state.stream?.stream_descriptor.name;
  if (name === undefined) throw new Error(`expected a STREAM state, got ${JSON.stringify(state).slice(0, 200)}`);
  return name;
}

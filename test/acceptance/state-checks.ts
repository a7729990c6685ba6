// Checks of STATE messages and stream statuses in a read, as CAT's TestBasicRead and
// TestIncremental apply them, plus cursor monotonicity.
import { show } from './problems.js';
import { isSchemaObject } from './schema-walk.js';
import { stateStreamName, statesOf, streamStatuses, type AirbyteMessage, type AirbyteStateMessage } from '../helpers/protocol.js';

export function stateCountProblems(messages: AirbyteMessage[], streamCount: number): string[] {
  const count = statesOf(messages).length;
  if (count >= streamCount) {
    return [];
  }
  return [`expected at least ${streamCount} STATE messages (one per configured stream), got ${count}`];
}

export function statePerStreamProblems(messages: AirbyteMessage[], streamNames: string[]): string[] {
  return streamNames
    .filter((name) => statesOf(messages, name).length === 0)
    .map((name) => `stream ${name}: expected at least one STATE message, got none`);
}

/** STREAM states only: no LEGACY (or untyped) and no GLOBAL state. */
export function stateTypeProblems(messages: AirbyteMessage[]): string[] {
  const problems: string[] = [];
  for (const state of statesOf(messages)) {
    if (state.type !== 'STREAM' || stateStreamName(state) === undefined) {
      problems.push(`expected a STREAM state with stream.stream_descriptor.name, got type ${show(state.type)}: ${show(state)}`);
    }
  }
  return problems;
}

export function sourceStatsProblems(messages: AirbyteMessage[]): string[] {
  const problems: string[] = [];
  for (const state of statesOf(messages)) {
    if (typeof state.sourceStats?.recordCount !== 'number') {
      problems.push(`expected sourceStats.recordCount on every STATE, got sourceStats ${show(state.sourceStats)} on ${show(state.stream?.stream_descriptor)}`);
    }
  }
  return problems;
}

/** Checks that each state's recordCount equals the records of its stream since that stream's previous state. */
export function recordCountProblems(messages: AirbyteMessage[]): string[] {
  const problems: string[] = [];
  const recordsSinceState = new Map<string, number>();

  messages.forEach((message, index) => {
    if (message.type === 'RECORD' && message.record) {
      recordsSinceState.set(message.record.stream, (recordsSinceState.get(message.record.stream) ?? 0) + 1);
      return;
    }
    if (message.type !== 'STATE' || !message.state) {
      return;
    }

    const stream = stateStreamName(message.state);
    if (stream === undefined) {
      return;
    }
    const counted = recordsSinceState.get(stream) ?? 0;
    const declared = message.state.sourceStats?.recordCount;
    if (declared !== counted) {
      problems.push(`stream ${stream} STATE at message ${index + 1}: expected sourceStats.recordCount ${counted} (records since its previous state), got ${show(declared)}`);
    }
    recordsSinceState.set(stream, 0);
  });
  return problems;
}

/** STARTED first, COMPLETE last, RUNNING in between, at least 3 statuses per stream. */
export function streamStatusProblems(messages: AirbyteMessage[], streamNames: string[]): string[] {
  const problems: string[] = [];
  for (const name of streamNames) {
    const statuses = streamStatuses(messages, name);
    const middle = statuses.slice(1, -1);
    const valid = statuses.length >= 3 && statuses[0] === 'STARTED' && statuses[statuses.length - 1] === 'COMPLETE' && middle.every((status) => status === 'RUNNING');
    if (!valid) {
      problems.push(`stream ${name}: expected statuses STARTED, RUNNING (one or more), COMPLETE, got ${show(statuses)}`);
    }
  }
  return problems;
}

/**
 * Collects every cursor value in a stream state, keyed by its path, for keys equal to the cursor
 * field name: the stream watermark at the top and per-scope watermarks in nested maps
 * (for example accounts/<id>/posted_at_date). Values of other keys, such as resume
 * points, are left out.
 */
export function cursorValuesOf(streamState: unknown, cursorKey: string, prefix = ''): Map<string, string> {
  const values = new Map<string, string>();
  if (!isSchemaObject(streamState)) {
    return values;
  }

  for (const [key, value] of Object.entries(streamState)) {
    const childPath = prefix ? `${prefix}/${key}` : key;
    if (key === cursorKey && typeof value === 'string') {
      values.set(childPath, value);
    } else if (isSchemaObject(value) && key !== 'resume') {
      for (const [nestedPath, nestedValue] of cursorValuesOf(value, cursorKey, childPath)) {
        values.set(nestedPath, nestedValue);
      }
    }
  }
  return values;
}

/** Milliseconds since the epoch of a date or date-time cursor value; NaN when it does not parse. */
export function cursorTime(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/** Cursor values at the same path never go back from one state of the stream to the next. */
export function monotonicCursorProblems(states: AirbyteStateMessage[], stream: string, cursorKey: string): string[] {
  const problems: string[] = [];
  const latest = new Map<string, string>();

  states.forEach((state, index) => {
    for (const [valuePath, value] of cursorValuesOf(state.stream?.stream_state, cursorKey)) {
      const time = cursorTime(value);
      if (Number.isNaN(time)) {
        problems.push(`stream ${stream} state ${index + 1} ${valuePath}: expected a date or date-time cursor, got ${show(value)}`);
        continue;
      }
      const previous = latest.get(valuePath);
      if (previous !== undefined && time < cursorTime(previous)) {
        problems.push(`stream ${stream} state ${index + 1} ${valuePath}: expected a cursor at or after ${previous}, got ${value}`);
      }
      latest.set(valuePath, value);
    }
  });
  return problems;
}

/** Builds a --state input array from the latest state of every stream in the output. */
export function latestStatesInput(messages: AirbyteMessage[]): AirbyteStateMessage[] {
  const latestByStream = new Map<string, AirbyteStateMessage>();
  for (const state of statesOf(messages)) {
    const name = stateStreamName(state);
    if (name !== undefined) {
      latestByStream.set(name, state);
    }
  }
  return [...latestByStream.values()].map((state) => stateInputOf(state));
}

/** Reduces a state to what CAT passes back: type, stream descriptor and stream_state. */
export function stateInputOf(state: AirbyteStateMessage): AirbyteStateMessage {
  return {
    type: 'STREAM',
    stream: { stream_descriptor: { name: stateStreamName(state) ?? '' }, stream_state: state.stream?.stream_state },
  };
}

// Checks every successful read shares: exit code, protocol bookkeeping and record schemas.
import type { RunResult } from '../../helpers/cli.js';
import type { AirbyteMessage } from '../../helpers/protocol.js';
import { recordsOf, stateStreamName, statesOf, streamStatuses, tracesOf } from '../../helpers/protocol.js';
import { describeResult } from './connector.js';
import type { RecordSchemas } from './record-schemas.js';
import { recordCountsPerState, recordsAfterLastState } from './states.js';

/** Throws with the output tails when the run did not exit with `code`, so the cause is visible. */
export function expectExitCode(result: RunResult, code: number): void {
  if (result.code !== code) {
    throw new Error(`expected exit code ${code}\n${describeResult(result)}`);
  }
}

/** Names of the streams that appear in records, states or stream statuses. */
export function streamsMentioned(messages: AirbyteMessage[]): string[] {
  const names = new Set<string>();
  for (const record of recordsOf(messages)) names.add(record.stream);
  for (const state of statesOf(messages)) names.add(stateStreamName(state) ?? '(not a STREAM state)');
  for (const trace of tracesOf(messages, 'STREAM_STATUS')) {
    if (trace.stream_status) names.add(trace.stream_status.stream_descriptor.name);
  }
  return [...names].sort();
}

function lastIndexWhere(messages: AirbyteMessage[], matches: (message: AirbyteMessage) => boolean): number {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (matches(messages[index])) return index;
  }
  return -1;
}

/** Index of the last message that is the given stream's COMPLETE status, or -1. */
function completeIndex(messages: AirbyteMessage[], stream: string): number {
  return lastIndexWhere(
    messages,
    (message) => message.trace?.stream_status?.stream_descriptor.name === stream && message.trace.stream_status.status === 'COMPLETE',
  );
}

/** Index of the last STATE of the given stream, or -1. */
function lastStateIndex(messages: AirbyteMessage[], stream: string): number {
  return lastIndexWhere(messages, (message) => message.type === 'STATE' && message.state !== undefined && stateStreamName(message.state) === stream);
}

/**
 * Asserts that a read of `streams` succeeded: exit 0, no ERROR trace and messages for those
 * streams only. Each stream goes STARTED, RUNNING, COMPLETE, with a STATE before COMPLETE that
 * covers every record. Every STATE has the right recordCount, and every record fits its schema.
 */
export function expectCompleteRead(result: RunResult, streams: readonly string[], schemas: RecordSchemas): void {
  expectExitCode(result, 0);
  const { messages } = result;

  expect(tracesOf(messages, 'ERROR')).toEqual([]);
  expect(streamsMentioned(messages)).toEqual([...streams].sort());

  for (const stream of streams) {
    expect({ stream, statuses: streamStatuses(messages, stream) }).toEqual({ stream, statuses: ['STARTED', 'RUNNING', 'COMPLETE'] });

    const stateAt = lastStateIndex(messages, stream);
    expect(stateAt).toBeGreaterThanOrEqual(0);
    expect(stateAt).toBeLessThan(completeIndex(messages, stream));
  }

  for (const [stream, count] of Object.entries(recordsAfterLastState(messages))) {
    expect({ stream, recordsAfterLastState: count }).toEqual({ stream, recordsAfterLastState: 0 });
  }

  const { counted, reported } = recordCountsPerState(messages);
  expect(reported).toEqual(counted);

  expect(schemas.problemsIn(messages)).toEqual([]);
}

// Acceptance section `connection`: check with each entry's config ends in the declared status.
import type { RunResult } from '../helpers/cli.js';
import { tracesOf, type AirbyteMessage } from '../helpers/protocol.js';
import { configPathOf, connectorConfigOf, loadAcceptanceConfig, sectionEntries, hookTimeoutMsOf } from './acceptance-config.js';
import { expectNoProblems, secretLeakProblems, show } from './problems.js';
import { runEntry, useEmulator } from './session.js';

const acceptanceConfig = loadAcceptanceConfig();

function connectionStatusProblems(messages: AirbyteMessage[], expectedStatus: 'SUCCEEDED' | 'FAILED'): string[] {
  const statuses = messages.filter((message) => message.type === 'CONNECTION_STATUS').map((message) => message.connectionStatus);
  if (statuses.length !== 1) {
    return [`expected exactly one CONNECTION_STATUS, got ${statuses.length}: ${show(statuses)}`];
  }
  if (statuses[0]?.status !== expectedStatus) {
    return [`expected CONNECTION_STATUS ${expectedStatus}, got ${show(statuses[0])}`];
  }
  return [];
}

function exceptionTraceProblems(messages: AirbyteMessage[]): string[] {
  const traces = tracesOf(messages);
  if (traces.length !== 1) {
    return [`expected exactly one TRACE message, got ${traces.length}: ${show(traces)}`];
  }
  if (typeof traces[0].error?.message !== 'string' || traces[0].error.message === '') {
    return [`expected the TRACE to carry error.message, got ${show(traces[0])}`];
  }
  return [];
}

describe('acceptance connection', () => {
  const emulator = useEmulator();

  sectionEntries(acceptanceConfig, 'connection').forEach((entry, index) => {
    const status = entry.status ?? 'succeed';

    describe(`tests[${index}] ${configPathOf(entry)} ${status}`, () => {
      let result: RunResult;

      beforeAll(async () => {
        result = await runEntry(acceptanceConfig, 'connection', entry, emulator, { command: 'check' });
      }, hookTimeoutMsOf('connection', entry, 1));

      if (status === 'succeed') {
        it('reports SUCCEEDED once', () => {
          expectNoProblems(connectionStatusProblems(result.messages, 'SUCCEEDED'));
        });
      }

      if (status === 'failed') {
        it('reports FAILED once', () => {
          expectNoProblems(connectionStatusProblems(result.messages, 'FAILED'));
        });
      }

      if (status === 'exception') {
        it('emits exactly one error TRACE', () => {
          expectNoProblems(exceptionTraceProblems(result.messages));
        });
      }

      it('never prints the token', () => {
        expectNoProblems(secretLeakProblems(result, connectorConfigOf(acceptanceConfig, entry)));
      });

      if (status !== 'exception') {
        it('exits with code 0', () => {
          expectNoProblems(result.code === 0 ? [] : [`expected exit code 0 after a CONNECTION_STATUS, got ${String(result.code)}; stderr: ${result.stderr.slice(-1000)}`]);
        });
      }
    });
  });
});

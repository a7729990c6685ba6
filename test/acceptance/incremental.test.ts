// Acceptance section `incremental`: two sequential reads, restarts from every checkpoint
// of each stream, cursor monotonicity, and a read from a far-future state.
import type { RunResult } from '../helpers/cli.js';
import { recordsOf, statesOf, type AirbyteStateMessage, type ConfiguredAirbyteCatalog, type ConfiguredAirbyteStream } from '../helpers/protocol.js';
import { connectorConfigOf, loadAcceptanceConfig, readJsonFile, resolveRepoPath, sectionEntries, hookTimeoutMsOf, type TestEntry } from './acceptance-config.js';
import {
  checkpointsOf,
  cursorDefinitionProblems,
  cursorPathOf,
  earlyRecordProblems,
  futureStateRecordProblems,
  incrementalOnly,
  sameRecordSetProblems,
  type Checkpoint,
} from './incremental-checks.js';
import { expectNoProblems, show } from './problems.js';
import { isSchemaObject } from './schema-walk.js';
import { configuredCatalogFromFile, discoverCatalog, runEntry, streamNamesOf, useEmulator, type EmulatorHandle } from './session.js';
import { latestStatesInput, monotonicCursorProblems, stateInputOf, statePerStreamProblems } from './state-checks.js';

const acceptanceConfig = loadAcceptanceConfig();

// Bounds the hook of one stream's restarts: a full read plus one read per checkpoint. The
// timeout matters only when runs hang, because emulator reads take about a second each.
const maxRunsPerStream = 10;

// The lookback the connector applies: the config's value, else the spec's default.
async function lookbackDaysOf(entry: TestEntry, emulator: EmulatorHandle): Promise<number> {
  const configured = connectorConfigOf(acceptanceConfig, entry).lookback_window_days;
  if (typeof configured === 'number') {
    return configured;
  }

  const spec = await runEntry(acceptanceConfig, 'incremental', entry, emulator, { command: 'spec' });
  const specification = spec.messages.find((message) => message.type === 'SPEC')?.spec?.connectionSpecification;
  const properties = isSchemaObject(specification?.properties) ? specification.properties : {};
  const property = properties.lookback_window_days;
  const fallback = isSchemaObject(property) ? property.default : undefined;
  if (typeof fallback !== 'number') {
    throw new Error(`expected lookback_window_days in the config or a numeric default in the spec, got ${show(property)}`);
  }
  return fallback;
}

function exitCodeProblems(runs: RunResult[], label: string): string[] {
  return runs.flatMap((run, index) => (run.code === 0 ? [] : [`${label} ${index + 1}: expected exit code 0, got ${String(run.code)}; stderr: ${run.stderr.slice(-1000)}`]));
}

function cursorKeyOf(configured: ConfiguredAirbyteStream): string {
  const cursorPath = cursorPathOf(configured) ?? [];
  return cursorPath[cursorPath.length - 1] ?? '';
}

interface CheckpointRestart {
  checkpoint: Checkpoint;
  result: RunResult;
}

interface SliceContext {
  entry: TestEntry;
  emulator: EmulatorHandle;
  streamName: string;
  configured: () => ConfiguredAirbyteStream;
  lookbackDays: () => number;
}

// One stream's checks of CAT's read_sequential_slices: a full read, then one read per checkpoint.
function describeSequentialSlices({ entry, emulator, streamName, configured, lookbackDays }: SliceContext): void {
  describe(`stream ${streamName} restarts`, () => {
    let fullRead: RunResult;
    let checkpoints: Checkpoint[];
    let restarts: CheckpointRestart[];

    beforeAll(async () => {
      const catalog: ConfiguredAirbyteCatalog = { streams: [configured()] };
      fullRead = await runEntry(acceptanceConfig, 'incremental', entry, emulator, { command: 'read', catalog });
      checkpoints = checkpointsOf(fullRead.messages, streamName);

      restarts = [];
      for (const checkpoint of checkpoints) {
        const state = [stateInputOf(checkpoint.state)];
        const result = await runEntry(acceptanceConfig, 'incremental', entry, emulator, { command: 'read', catalog, state });
        restarts.push({ checkpoint, result });
      }
    }, hookTimeoutMsOf('incremental', entry, maxRunsPerStream));

    it('has a checkpoint with records', () => {
      const counts = statesOf(fullRead.messages, streamName).map((state) => state.sourceStats?.recordCount);
      expectNoProblems(checkpoints.length > 0 ? [] : [`expected a STATE with sourceStats.recordCount > 0, got counts ${show(counts)}`]);
    });

    it('exits with code 0 on restarts', () => {
      expectNoProblems(exitCodeProblems([fullRead, ...restarts.map((restart) => restart.result)], 'read'));
    });

    it('reads the records after each checkpoint', () => {
      const problems = restarts.flatMap(({ checkpoint, result }, index) => {
        const count = recordsOf(result.messages, streamName).length;
        if (count >= checkpoint.recordsAfter) {
          return [];
        }
        return [`checkpoint ${index + 1} ${show(checkpoint.state.stream?.stream_state)}: expected at least ${checkpoint.recordsAfter} records after it, got ${count}`];
      });
      expectNoProblems(problems);
    });

    it('reads other records than the full read', () => {
      const problems = restarts.flatMap(({ checkpoint, result }, index) =>
        sameRecordSetProblems(fullRead.messages, result.messages, `checkpoint ${index + 1} ${show(checkpoint.state.stream?.stream_state)}`),
      );
      expectNoProblems(problems);
    });

    it('reads nothing before watermark and lookback', () => {
      const cursorPath = cursorPathOf(configured()) ?? [];
      const problems = restarts.flatMap(({ checkpoint, result }) =>
        earlyRecordProblems(result.messages, streamName, cursorPath, checkpoint.state.stream?.stream_state, lookbackDays()),
      );
      expectNoProblems(problems);
    });

    it('keeps cursors monotonic', () => {
      expectNoProblems(monotonicCursorProblems(statesOf(fullRead.messages, streamName), streamName, cursorKeyOf(configured())));
    });
  });
}

// CAT's test_state_with_abnormally_large_values: a far-future state yields no records.
function describeFutureState(entry: TestEntry, emulator: EmulatorHandle, catalog: () => ConfiguredAirbyteCatalog): void {
  const futureState = entry.future_state;
  if (!futureState?.future_state_path) {
    it('bypasses future state with a reason', () => {
      expectNoProblems(futureState?.bypass_reason ? [] : [`expected future_state with future_state_path or bypass_reason, got ${show(futureState)}`]);
    });
    return;
  }
  const futureStatePath = futureState.future_state_path;

  describe('future state', () => {
    let inputStates: AirbyteStateMessage[];
    let result: RunResult;

    beforeAll(async () => {
      const state = readJsonFile(resolveRepoPath(acceptanceConfig, futureStatePath));
      inputStates = Array.isArray(state) ? (state as AirbyteStateMessage[]) : [];
      result = await runEntry(acceptanceConfig, 'incremental', entry, emulator, { command: 'read', catalog: catalog(), state });
    }, hookTimeoutMsOf('incremental', entry, 1));

    it('covers every incremental stream', () => {
      const missing = (futureState.missing_streams ?? []).map((stream) => stream.name);
      const covered = inputStates.map((state) => state.stream?.stream_descriptor?.name);
      const problems = streamNamesOf(catalog())
        .filter((name) => !missing.includes(name) && !covered.includes(name))
        .map((name) => `stream ${name}: expected an entry in ${futureStatePath} or in future_state.missing_streams, got neither`);
      expectNoProblems(problems);
    });

    it('exits with code 0', () => {
      expectNoProblems(exitCodeProblems([result], 'future state read'));
    });

    it('emits no records', () => {
      expectNoProblems(futureStateRecordProblems(result.messages));
    });

    it('emits a state per stream', () => {
      expectNoProblems(statePerStreamProblems(result.messages, streamNamesOf(catalog())));
    });

    it('keeps the future cursors', () => {
      const problems = catalog().streams.flatMap((configured) => {
        const name = configured.stream.name;
        const inputState = inputStates.filter((state) => state.stream?.stream_descriptor?.name === name);
        return monotonicCursorProblems([...inputState, ...statesOf(result.messages, name)], name, cursorKeyOf(configured));
      });
      expectNoProblems(problems);
    });
  });
}

describe('acceptance incremental', () => {
  const emulator = useEmulator();

  sectionEntries(acceptanceConfig, 'incremental').forEach((entry, index) => {
    describe(`tests[${index}]`, () => {
      const configuredPath = entry.configured_catalog_path ?? 'integration_tests/configured_catalog.json';
      // Test names are registered before any command runs, so the stream names come from the file.
      const configuredFile = readJsonFile(resolveRepoPath(acceptanceConfig, configuredPath)) as ConfiguredAirbyteCatalog;
      const fileStreamNames = (configuredFile.streams ?? [])
        .filter((configured) => configured.sync_mode === 'incremental')
        .map((configured) => configured.stream.name);

      let catalog: ConfiguredAirbyteCatalog;
      let lookbackDays: number;
      let first: RunResult;
      let second: RunResult;

      beforeAll(async () => {
        const discovered = await discoverCatalog(acceptanceConfig, 'incremental', entry, emulator);
        catalog = incrementalOnly(configuredCatalogFromFile(acceptanceConfig, configuredPath, discovered));
        lookbackDays = await lookbackDaysOf(entry, emulator);
        first = await runEntry(acceptanceConfig, 'incremental', entry, emulator, { command: 'read', catalog });
        second = await runEntry(acceptanceConfig, 'incremental', entry, emulator, { command: 'read', catalog, state: latestStatesInput(first.messages) });
      }, hookTimeoutMsOf('incremental', entry, 4));

      it('configures incremental streams', () => {
        expectNoProblems(catalog.streams.length > 0 ? [] : [`expected at least one incremental stream in ${configuredPath}, got none`]);
      });

      it('defines a cursor per stream', () => {
        expectNoProblems(cursorDefinitionProblems(catalog));
      });

      describe('two sequential reads', () => {
        it('exit with code 0', () => {
          expectNoProblems(exitCodeProblems([first, second], 'read'));
        });

        it('emit records first', () => {
          expectNoProblems(recordsOf(first.messages).length > 0 ? [] : ['expected at least one record in the first read, got none']);
        });

        it('emit states for every stream', () => {
          const names = streamNamesOf(catalog);
          expectNoProblems([...statePerStreamProblems(first.messages, names), ...statePerStreamProblems(second.messages, names)]);
        });

        it('differ in records', () => {
          expectNoProblems(sameRecordSetProblems(first.messages, second.messages, 'second read'));
        });

        it('keep cursors monotonic', () => {
          const problems = catalog.streams.flatMap((configured) => {
            const name = configured.stream.name;
            const states = [...statesOf(first.messages, name), ...statesOf(second.messages, name)];
            return monotonicCursorProblems(states, name, cursorKeyOf(configured));
          });
          expectNoProblems(problems);
        });

        it('respect watermark and lookback', () => {
          const input = latestStatesInput(first.messages);
          const problems = catalog.streams.flatMap((configured) => {
            const name = configured.stream.name;
            const streamState = input.find((state) => state.stream?.stream_descriptor.name === name)?.stream?.stream_state;
            return earlyRecordProblems(second.messages, name, cursorPathOf(configured) ?? [], streamState, lookbackDays);
          });
          expectNoProblems(problems);
        });
      });

      if (entry.skip_comprehensive_incremental_tests !== true) {
        describe('sequential slices', () => {
          for (const streamName of fileStreamNames) {
            const configured = (): ConfiguredAirbyteStream => {
              const found = catalog.streams.find((candidate) => candidate.stream.name === streamName);
              if (!found) {
                throw new Error(`stream ${streamName} is not in the incremental catalog`);
              }
              return found;
            };
            describeSequentialSlices({ entry, emulator, streamName, configured, lookbackDays: () => lookbackDays });
          }
        });
      }

      describeFutureState(entry, emulator, () => catalog);
    });
  });
});

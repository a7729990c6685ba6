// Acceptance section `full_refresh`: two sequential full-refresh reads of the configured
// catalog return the same records, and the second run's records are newer.
import type { RunResult } from '../helpers/cli.js';
import { recordsOf, type AirbyteMessage, type AirbyteStream, type ConfiguredAirbyteCatalog } from '../helpers/protocol.js';
import { loadAcceptanceConfig, sectionEntries, hookTimeoutMsOf, type TestEntry } from './acceptance-config.js';
import { expectNoProblems, show, stableStringify } from './problems.js';
import { hasPrimaryKey, primaryKeyOf } from './record-checks.js';
import { configuredCatalogFromFile, discoverCatalog, runEntry, useEmulator } from './session.js';

const acceptanceConfig = loadAcceptanceConfig();

/** Keeps the configured streams that support full refresh, each switched to full_refresh + overwrite. */
function fullRefreshOnly(catalog: ConfiguredAirbyteCatalog): ConfiguredAirbyteCatalog {
  return {
    streams: catalog.streams
      .filter((configured) => configured.stream.supported_sync_modes.includes('full_refresh'))
      .map((configured) => ({ ...configured, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' })),
  };
}

function withoutIgnoredFields(data: Record<string, unknown>, ignored: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([field]) => !ignored.includes(field)));
}

// Record contents keyed by primary key, or by the whole content for streams without one.
function recordsByKey(messages: AirbyteMessage[], stream: AirbyteStream, ignored: string[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const record of recordsOf(messages, stream.name)) {
    const content = stableStringify(withoutIgnoredFields(record.data, ignored));
    const key = hasPrimaryKey(stream) ? primaryKeyOf(stream, record.data) : content;
    byKey.set(key, [...(byKey.get(key) ?? []), content].sort());
  }
  return byKey;
}

function sameRecordProblems(first: RunResult, second: RunResult, catalog: ConfiguredAirbyteCatalog, entry: TestEntry): string[] {
  const problems: string[] = [];
  for (const { stream } of catalog.streams) {
    const ignored = (entry.ignored_fields?.[stream.name] ?? []).map((field) => field.name);
    const firstRecords = recordsByKey(first.messages, stream, ignored);
    const secondRecords = recordsByKey(second.messages, stream, ignored);

    for (const [key, contents] of firstRecords) {
      const secondContents = secondRecords.get(key);
      if (!secondContents) {
        problems.push(`stream ${stream.name} record ${key}: expected it in both reads, got it in the first read only`);
      } else if (stableStringify(contents) !== stableStringify(secondContents)) {
        problems.push(`stream ${stream.name} record ${key}: expected equal content in both reads, got ${show(contents)} then ${show(secondContents)}`);
      }
    }
    for (const key of secondRecords.keys()) {
      if (!firstRecords.has(key)) {
        problems.push(`stream ${stream.name} record ${key}: expected it in both reads, got it in the second read only`);
      }
    }
  }
  return problems;
}

function emittedAtProblems(first: RunResult, second: RunResult): string[] {
  const firstTimes = recordsOf(first.messages).map((record) => record.emitted_at);
  const secondTimes = recordsOf(second.messages).map((record) => record.emitted_at);
  if (firstTimes.length === 0 || secondTimes.length === 0) {
    return [`expected records in both reads, got ${firstTimes.length} and ${secondTimes.length}`];
  }

  const firstLatest = Math.max(...firstTimes);
  const secondEarliest = Math.min(...secondTimes);
  if (secondEarliest > firstLatest) {
    return [];
  }
  return [`expected every emitted_at of the second read after the first read's latest ${firstLatest}, got ${secondEarliest}`];
}

describe('acceptance full_refresh', () => {
  const emulator = useEmulator();

  sectionEntries(acceptanceConfig, 'full_refresh').forEach((entry, index) => {
    describe(`tests[${index}]`, () => {
      let catalog: ConfiguredAirbyteCatalog;
      let first: RunResult;
      let second: RunResult;

      beforeAll(async () => {
        const discovered = await discoverCatalog(acceptanceConfig, 'full_refresh', entry, emulator);
        const configuredPath = entry.configured_catalog_path ?? 'integration_tests/configured_catalog.json';
        catalog = fullRefreshOnly(configuredCatalogFromFile(acceptanceConfig, configuredPath, discovered));
        first = await runEntry(acceptanceConfig, 'full_refresh', entry, emulator, { command: 'read', catalog });
        second = await runEntry(acceptanceConfig, 'full_refresh', entry, emulator, { command: 'read', catalog });
      }, hookTimeoutMsOf('full_refresh', entry, 3));

      it('configures full refresh streams', () => {
        expectNoProblems(catalog.streams.length > 0 ? [] : ['expected at least one configured stream that supports full_refresh, got none']);
      });

      it('exits with code 0 twice', () => {
        const problems = [first, second].flatMap((run, runIndex) =>
          run.code === 0 ? [] : [`read ${runIndex + 1}: expected exit code 0, got ${String(run.code)}; stderr: ${run.stderr.slice(-1000)}`],
        );
        expectNoProblems(problems);
      });

      it('emits records in the first read', () => {
        const count = recordsOf(first.messages).length;
        expectNoProblems(count > 0 ? [] : ['expected at least one record in the first read, got none']);
      });

      it('emits newer records in the second read', () => {
        expectNoProblems(emittedAtProblems(first, second));
      });

      it('returns the same records twice', () => {
        expectNoProblems(sameRecordProblems(first, second, catalog, entry));
      });
    });
  });
});

// One Brex emulator per acceptance suite, and connector runs configured from a CAT entry.
import { startEmulator } from '../../emulator/index.js';
import { runConnector, type ConnectorCommand, type RunResult } from '../helpers/cli.js';
import type { AirbyteCatalog, AirbyteStream, ConfiguredAirbyteCatalog, ConfiguredAirbyteStream } from '../helpers/protocol.js';
import { catalogOfMessages } from './catalog-checks.js';
import { show } from './problems.js';
import {
  connectorConfigOf,
  environmentOf,
  readJsonFile,
  resolveRepoPath,
  timeoutMsOf,
  type AcceptanceConfig,
  type SectionName,
  type TestEntry,
} from './acceptance-config.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const emulatorStartTimeoutMs = 60_000;

export interface EmulatorHandle {
  /** Base URL of the running emulator; throws before beforeAll has started it. */
  url(): string;
}

/** Starts an emulator (seed 1, size small, no rate limit) before the suite and stops it after. */
export function useEmulator(): EmulatorHandle {
  let emulator: Emulator | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 1, size: 'small', rateLimit: null });
  }, emulatorStartTimeoutMs);

  afterAll(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  return {
    url(): string {
      if (!emulator) {
        throw new Error('the Brex emulator is not running; useEmulator() must be called at the top of the describe block');
      }
      return emulator.url;
    },
  };
}

export interface EntryRunOptions {
  command: ConnectorCommand;
  catalog?: object;
  state?: unknown;
  /** Replaces the entry's connector config. */
  connectorConfig?: Record<string, unknown>;
}

/** Runs the connector the way CAT runs an entry: its config, its timeout and its environment. */
export function runEntry(
  config: AcceptanceConfig,
  section: SectionName,
  entry: TestEntry,
  emulator: EmulatorHandle,
  options: EntryRunOptions,
): Promise<RunResult> {
  return runConnector({
    command: options.command,
    config: options.command === 'spec' ? undefined : (options.connectorConfig ?? connectorConfigOf(config, entry)),
    catalog: options.catalog,
    state: options.state,
    baseUrl: emulator.url(),
    env: environmentOf(config, entry),
    timeoutMs: timeoutMsOf(section, entry),
  });
}

/** Runs discover for an entry and returns its one catalog; throws with the output when discover fails. */
export async function discoverCatalog(config: AcceptanceConfig, section: SectionName, entry: TestEntry, emulator: EmulatorHandle): Promise<AirbyteCatalog> {
  const result = await runEntry(config, section, entry, emulator, { command: 'discover' });
  if (result.code !== 0) {
    throw new Error(`discover exited with code ${String(result.code)}; expected 0. stderr: ${result.stderr.slice(-2000)}`);
  }
  return catalogOfMessages(result.messages);
}

function discoveredStream(discovered: AirbyteCatalog, name: string): AirbyteStream {
  const stream = discovered.streams.find((candidate) => candidate.name === name);
  if (!stream) {
    throw new Error(`configured stream ${name} not found in the discovered catalog (streams: ${discovered.streams.map((candidate) => candidate.name).join(', ')})`);
  }
  return stream;
}

/**
 * Reads configured_catalog_path and replaces each stream definition with the discovered one,
 * as CAT does, so only names, sync modes and cursor fields come from the file.
 */
export function configuredCatalogFromFile(config: AcceptanceConfig, catalogPath: string, discovered: AirbyteCatalog): ConfiguredAirbyteCatalog {
  const document = readJsonFile(resolveRepoPath(config, catalogPath)) as ConfiguredAirbyteCatalog;
  if (!Array.isArray(document?.streams)) {
    throw new Error(`${catalogPath}: expected a ConfiguredAirbyteCatalog with a streams array, got ${show(document)}`);
  }
  return {
    streams: document.streams.map((configured) => ({ ...configured, stream: discoveredStream(discovered, configured.stream.name) })),
  };
}

/** Configures the discovered streams in their first supported sync mode, as CAT's basic_read does. */
export function catalogInFirstSyncModes(discovered: AirbyteCatalog, excludedStreams: string[]): ConfiguredAirbyteCatalog {
  const streams: ConfiguredAirbyteStream[] = discovered.streams
    .filter((stream) => !excludedStreams.includes(stream.name))
    .map((stream) => {
      const syncMode = stream.supported_sync_modes[0];
      return {
        stream,
        sync_mode: syncMode,
        destination_sync_mode: syncMode === 'incremental' ? 'append' : 'overwrite',
        ...(syncMode === 'incremental' && stream.default_cursor_field ? { cursor_field: stream.default_cursor_field } : {}),
      };
    });
  return { streams };
}

export function streamNamesOf(catalog: ConfiguredAirbyteCatalog): string[] {
  return catalog.streams.map((configured) => configured.stream.name);
}

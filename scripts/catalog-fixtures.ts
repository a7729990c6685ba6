/**
 * Writes the Airbyte fixtures that must match the connector's own `spec` and `discover`
 * output: integration_tests/spec.json, configured_catalog.json and
 * configured_catalog_incremental.json.
 *
 * Usage, after `npm run build`:
 *   node dist/scripts/catalog-fixtures.js                     write the three files
 *   node dist/scripts/catalog-fixtures.js --check             exit 1 if any of them is stale
 *   node dist/scripts/catalog-fixtures.js --previous-release  also overwrite previous_release/
 *
 * The fixtures come from running the built CLI, so they show exactly what Airbyte would
 * see. previous_release/ holds the spec and catalog of the last released version for the
 * backward-compatibility checks, so it is written only on request.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file runs as dist/scripts/catalog-fixtures.js. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entrypoint = join(repoRoot, 'dist', 'src', 'index.js');
const fixturesDir = join(repoRoot, 'integration_tests');
const discoverConfigPath = join(fixturesDir, 'emulator_config.json');
const cliTimeoutMs = 60_000;

interface DiscoveredStream {
  name: string;
  supported_sync_modes: string[];
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  [key: string]: unknown;
}

interface ConfiguredStream {
  stream: DiscoveredStream;
  sync_mode: 'full_refresh' | 'incremental';
  destination_sync_mode: 'overwrite' | 'append_dedup';
  cursor_field?: string[];
  primary_key?: string[][];
}

interface FixtureFile {
  path: string;
  content: string;
}

/** Runs one CLI command and returns the payload of the first message of `type`. */
function runCommand(args: string[], type: 'SPEC' | 'CATALOG'): Record<string, unknown> {
  // discover only reads schemas/ and makes no HTTP request. Should that change, the request
  // goes to a closed loopback port and fails at once, so this script never reaches Brex.
  const env = { ...process.env, BREX_API_BASE_URL: 'http://127.0.0.1:9' };
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [entrypoint, ...args], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
      timeout: cliTimeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failure = error as { status?: number | null; stdout?: string; stderr?: string };
    throw new Error(
      `The command "${args.join(' ')}" failed with exit code ${failure.status ?? 'none'}.\n` +
        `stdout (tail): ${(failure.stdout ?? '').slice(-2000)}\nstderr (tail): ${(failure.stderr ?? '').slice(-2000)}`,
      { cause: error },
    );
  }

  const payloadKey = type === 'SPEC' ? 'spec' : 'catalog';
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    const message = JSON.parse(line) as Record<string, unknown>;
    if (message.type === type) {
      return message[payloadKey] as Record<string, unknown>;
    }
  }
  throw new Error(`The command "${args.join(' ')}" printed no ${type} message. stdout (tail): ${stdout.slice(-2000)}`);
}

/** Configures a stream as docs/setup.md recommends: incremental with Append + Deduped, else Overwrite. */
function configureStream(stream: DiscoveredStream, syncMode: ConfiguredStream['sync_mode']): ConfiguredStream {
  if (syncMode === 'full_refresh') {
    return {
      stream,
      sync_mode: 'full_refresh',
      destination_sync_mode: 'overwrite',
      primary_key: stream.source_defined_primary_key,
    };
  }
  return {
    stream,
    sync_mode: 'incremental',
    cursor_field: stream.default_cursor_field,
    destination_sync_mode: 'append_dedup',
    primary_key: stream.source_defined_primary_key,
  };
}

function isIncremental(stream: DiscoveredStream): boolean {
  return stream.supported_sync_modes.includes('incremental');
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function buildFixtures(includePreviousRelease: boolean): FixtureFile[] {
  const spec = runCommand(['spec'], 'SPEC');
  const catalog = runCommand(['discover', '--config', discoverConfigPath], 'CATALOG');
  const streams = catalog.streams as DiscoveredStream[];

  const everyStream = streams.map((stream) => configureStream(stream, isIncremental(stream) ? 'incremental' : 'full_refresh'));
  const incrementalStreams = streams.filter(isIncremental).map((stream) => configureStream(stream, 'incremental'));

  const files: FixtureFile[] = [
    { path: join(fixturesDir, 'spec.json'), content: toJson(spec) },
    { path: join(fixturesDir, 'configured_catalog.json'), content: toJson({ streams: everyStream }) },
    { path: join(fixturesDir, 'configured_catalog_incremental.json'), content: toJson({ streams: incrementalStreams }) },
  ];
  if (includePreviousRelease) {
    files.push(
      { path: join(fixturesDir, 'previous_release', 'spec.json'), content: toJson(spec) },
      { path: join(fixturesDir, 'previous_release', 'catalog.json'), content: toJson(catalog) },
    );
  }
  return files;
}

function isStale(file: FixtureFile): boolean {
  return !existsSync(file.path) || readFileSync(file.path, 'utf8') !== file.content;
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const includePreviousRelease = argv.includes('--previous-release');
  if (!existsSync(entrypoint)) {
    process.stderr.write(`${relative(repoRoot, entrypoint)} not found. Run "npm run build" first.\n`);
    return 1;
  }

  const files = buildFixtures(includePreviousRelease && !check);

  if (check) {
    const stale = files.filter(isStale).map((file) => relative(repoRoot, file.path));
    if (stale.length > 0) {
      process.stderr.write(
        `Stale fixtures: ${stale.join(', ')}. They no longer match the connector's spec or discover output. ` +
          'Run "npm run build && node dist/scripts/catalog-fixtures.js" and commit the result.\n',
      );
      return 1;
    }
    process.stderr.write(`Fixtures match spec and discover output: ${files.length} files checked.\n`);
    return 0;
  }

  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
    process.stderr.write(`wrote ${relative(repoRoot, file.path)}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));

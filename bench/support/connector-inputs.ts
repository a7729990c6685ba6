import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { catalogFor, type StreamSelection } from '../../test/helpers/cli.js';
import type { AirbyteCatalog, AirbyteMessage } from '../../test/helpers/protocol.js';
import { BENCH_TOKEN } from './emulator-process.js';
import { connectorEntry, imageNodeFlags } from './paths.js';

/** Config keys of the connector (schemas/spec.json) that a benchmark sets besides the token. */
export interface BenchConfig {
  start_date?: string;
  page_size?: number;
  requests_per_minute?: number;
  max_concurrent_requests?: number;
}

/** Config and catalog files for `read`, in a temporary directory removed by `dispose`. */
export interface ConnectorInputs {
  configFile: string;
  catalogFile: string;
  dispose(): void;
}

/** Loopback port 9 has no listener, so a connector that ignores the emulator URL fails fast. */
const NO_NETWORK_URL = 'http://127.0.0.1:9';

/**
 * Writes the config and a configured catalog built from the connector's own `discover` output
 * (discover sends no request to Brex).
 */
export function writeConnectorInputs(config: BenchConfig, streams: StreamSelection[]): ConnectorInputs {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'source-brex-bench-'));
  const configFile = path.join(directory, 'config.json');
  const catalogFile = path.join(directory, 'catalog.json');
  writeFileSync(configFile, JSON.stringify({ user_token: BENCH_TOKEN, ...config }));

  const stdout = execFileSync(process.execPath, [connectorEntry, 'discover', '--config', configFile], {
    encoding: 'utf8',
    env: { ...process.env, BREX_API_BASE_URL: NO_NETWORK_URL },
    timeout: 30_000,
  });
  const catalogMessage = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as AirbyteMessage)
    .find((message) => message.type === 'CATALOG');
  if (!catalogMessage?.catalog) throw new Error(`discover printed no CATALOG message:\n${stdout}`);

  writeFileSync(catalogFile, JSON.stringify(catalogFor(catalogMessage.catalog as AirbyteCatalog, streams)));
  return { configFile, catalogFile, dispose: () => rmSync(directory, { recursive: true, force: true }) };
}

/**
 * Arguments of `node <flags> dist/src/index.js read` for these inputs. The flags default to the
 * image ENTRYPOINT's node flags, so a benchmark measures what the image runs.
 */
export function readArguments(inputs: ConnectorInputs, nodeFlags: string[] = imageNodeFlags): string[] {
  return [...nodeFlags, connectorEntry, 'read', '--config', inputs.configFile, '--catalog', inputs.catalogFile];
}

/** Builds the environment of a connector run against an emulator at `url`. */
export function connectorEnv(url: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, BREX_API_BASE_URL: url, LOG_LEVEL: 'info', ...extra };
}

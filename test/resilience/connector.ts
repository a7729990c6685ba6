// Runs the built connector against an emulator with the settings the resilience tests share.
import { catalogFor, runConnector, type RunOptions, type RunResult, type StreamSelection } from '../helpers/cli.js';
import type { AirbyteCatalog, ConfiguredAirbyteCatalog } from '../helpers/protocol.js';

/** The token every default emulator accepts, with every scope. */
export const DEMO_TOKEN = 'demo-token';

/**
 * Environment of every fault run: a 5 ms first retry wait (the default is 1 s), so the six
 * attempts of an exhausted retry take well under a second unless a fault adds its own delay.
 */
export const FAST_RETRY_ENV: Record<string, string> = { BREX_RETRY_BASE_DELAY_MS: '5', LOG_LEVEL: 'info' };

/** Upper bound on one connector run. A persistent hang needs 6 attempts of 5 s each. */
export const RUN_TIMEOUT_MS = 90_000;

/**
 * Builds a config for the emulator's demo token. `requests_per_minute` is the spec's maximum, so the
 * connector's own limiter paces requests 60 ms apart. `request_timeout_seconds` is the spec's
 * minimum, so a hung request is abandoned after 5 s.
 */
export function baseConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { user_token: DEMO_TOKEN, requests_per_minute: 1000, request_timeout_seconds: 5, ...overrides };
}

let discovered: Promise<AirbyteCatalog> | undefined;

/** Returns the catalog `discover` writes, computed once per test file (discover sends no request). */
export function discoveredCatalog(): Promise<AirbyteCatalog> {
  discovered ??= runConnector({ command: 'discover', config: baseConfig() }).then((result) => {
    const catalog = result.messages.find((message) => message.type === 'CATALOG')?.catalog;
    if (!catalog) throw new Error(`discover returned no CATALOG (exit ${result.code})\n${result.stdout.slice(-2000)}`);
    return catalog;
  });
  return discovered;
}

/** Builds a configured catalog of the named streams, each in the given sync mode. */
export async function configuredCatalog(selections: StreamSelection[]): Promise<ConfiguredAirbyteCatalog> {
  return catalogFor(await discoveredCatalog(), selections);
}

export interface ReadRun {
  baseUrl: string;
  config?: Record<string, unknown>;
  catalog: ConfiguredAirbyteCatalog;
  state?: unknown;
  env?: Record<string, string>;
}

/** Runs `read` to completion. Every stdout line is validated against the Airbyte protocol. */
export function runRead(run: ReadRun): Promise<RunResult> {
  return runConnector(readOptions(run));
}

export function readOptions(run: ReadRun): RunOptions {
  return {
    command: 'read',
    config: run.config ?? baseConfig(),
    catalog: run.catalog,
    state: run.state,
    baseUrl: run.baseUrl,
    env: { ...FAST_RETRY_ENV, ...run.env },
    timeoutMs: RUN_TIMEOUT_MS,
  };
}

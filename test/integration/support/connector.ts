// Runs the built connector CLI against an emulator with settings that keep the suite fast.
import { runConnector, type RunResult } from '../../helpers/cli.js';
import type { AirbyteCatalog, AirbyteMessage, ConfiguredAirbyteCatalog } from '../../helpers/protocol.js';
import { DEMO_TOKEN, type Emulator } from './emulator.js';

/**
 * Environment of every run: a 10 ms first retry wait (the default is 1 s), no client-side pacing
 * (honoured only for a loopback base URL), and info logs, so a failing test shows what the
 * connector did.
 */
export const TEST_ENV: Record<string, string> = { BREX_RETRY_BASE_DELAY_MS: '10', BREX_REQUESTS_PER_MINUTE: 'off', LOG_LEVEL: 'info' };

/** One connector run must finish well inside jest's per-test timeout. */
const runTimeoutMs = 60_000;

/** Builds a config for the emulator's demo token; the emulator's own rate limit is off. */
export function testConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { user_token: DEMO_TOKEN, ...overrides };
}

export interface ReadOptions {
  config?: Record<string, unknown>;
  catalog: ConfiguredAirbyteCatalog;
  state?: unknown;
}

/** Runs `read` against the emulator; throws when any stdout line is not a valid Airbyte message. */
export function readFrom(emulator: Emulator, options: ReadOptions): Promise<RunResult> {
  return runConnector({
    command: 'read',
    config: options.config ?? testConfig(),
    catalog: options.catalog,
    state: options.state,
    baseUrl: emulator.url,
    env: TEST_ENV,
    timeoutMs: runTimeoutMs,
  });
}

/** Runs `check` against the emulator with the given config. */
export function checkWith(emulator: Emulator, config: Record<string, unknown>): Promise<RunResult> {
  return runConnector({ command: 'check', config, baseUrl: emulator.url, env: TEST_ENV, timeoutMs: runTimeoutMs });
}

/** Runs `discover` and returns its one catalog; throws with the stderr tail when it fails. */
export async function discoverFrom(emulator: Emulator, config: Record<string, unknown> = testConfig()): Promise<AirbyteCatalog> {
  const result = await runConnector({ command: 'discover', config, baseUrl: emulator.url, env: TEST_ENV, timeoutMs: runTimeoutMs });
  const catalogs = result.messages.filter((message: AirbyteMessage) => message.type === 'CATALOG' && message.catalog);

  if (result.code !== 0 || catalogs.length !== 1) {
    throw new Error(`discover exited with code ${String(result.code)} and ${catalogs.length} CATALOG messages; stderr: ${result.stderr.slice(-2000)}`);
  }
  return catalogs[0].catalog as AirbyteCatalog;
}

/** Describes the run's exit code and output tails, for failure messages. */
export function describeResult(result: RunResult): string {
  return `exit code ${String(result.code)}, signal ${String(result.signal)}\n--- stdout tail ---\n${result.stdout.slice(-3000)}\n--- stderr tail ---\n${result.stderr.slice(-2000)}`;
}

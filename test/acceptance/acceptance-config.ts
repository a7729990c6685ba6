// Loads acceptance-test-config.yml, the input of Airbyte's connector acceptance tests
// (CAT), and resolves its paths and configs for runs against the Brex emulator.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../helpers/cli.js';

export const acceptanceConfigPath = path.join(repoRoot, 'acceptance-test-config.yml');

/** Config that replaces every config path under secrets/: the emulator's default token. */
export const emulatorConnectorConfig = { user_token: 'demo-token' } as const;

export type SectionName = 'spec' | 'connection' | 'discovery' | 'basic_read' | 'full_refresh' | 'incremental';

export const coreSections: SectionName[] = ['spec', 'connection', 'discovery', 'basic_read', 'full_refresh', 'incremental'];

// CAT's defaults when an entry sets no timeout_seconds (utils/timeouts.py).
const defaultTimeoutSeconds: Record<SectionName, number> = {
  spec: 60,
  connection: 60,
  discovery: 300,
  basic_read: 600,
  full_refresh: 1200,
  incremental: 1200,
};

export interface BypassedStream {
  name: string;
  bypass_reason?: string;
}

export interface BackwardCompatibilityConfig {
  previous_connector_version?: string;
  disable_for_version?: string;
}

export interface TestEntry {
  config_path?: string;
  timeout_seconds?: number;
  deployment_mode?: 'cloud' | 'oss';
  // spec
  spec_path?: string;
  backward_compatibility_tests_config?: BackwardCompatibilityConfig;
  // connection
  status?: 'succeed' | 'failed' | 'exception';
  // discovery and basic_read
  validate_primary_keys_data_type?: boolean;
  // basic_read
  configured_catalog_path?: string;
  empty_streams?: BypassedStream[];
  expect_records?: { path?: string; bypass_reason?: string; exact_order?: boolean };
  validate_schema?: boolean;
  validate_stream_statuses?: boolean;
  validate_state_messages?: boolean;
  fail_on_extra_columns?: boolean;
  validate_data_points?: boolean;
  expect_trace_message_on_failure?: boolean;
  // full_refresh
  ignored_fields?: Record<string, { name: string; bypass_reason?: string }[]>;
  // incremental
  future_state?: { future_state_path?: string; missing_streams?: BypassedStream[]; bypass_reason?: string; cursor_format?: unknown };
  skip_comprehensive_incremental_tests?: boolean;
  [key: string]: unknown;
}

export interface Section {
  tests?: TestEntry[];
  bypass_reason?: string;
}

export interface AcceptanceConfig {
  connector_image: string;
  test_strictness_level?: 'low' | 'high';
  base_path?: string;
  custom_environment_variables?: Record<string, string>;
  acceptance_tests: Partial<Record<SectionName, Section>> & Record<string, Section | undefined>;
  [key: string]: unknown;
}

/** Parses acceptance-test-config.yml; throws when the file is missing or has no acceptance_tests. */
export function loadAcceptanceConfig(): AcceptanceConfig {
  const parsed = parseYaml(fs.readFileSync(acceptanceConfigPath, 'utf8')) as AcceptanceConfig | null;
  if (!parsed || typeof parsed.acceptance_tests !== 'object' || parsed.acceptance_tests === null) {
    throw new Error(`${acceptanceConfigPath} has no acceptance_tests section; expected the current CAT format`);
  }
  return parsed;
}

/** Returns the `tests` entries of one section, empty when the section is missing or bypassed. */
export function sectionEntries(config: AcceptanceConfig, section: SectionName): TestEntry[] {
  return config.acceptance_tests[section]?.tests ?? [];
}

/** Resolves a file named in the config against base_path or the repository root. */
export function resolveRepoPath(config: AcceptanceConfig, relativePath: string): string {
  return path.resolve(repoRoot, config.base_path ?? '.', relativePath);
}

export function readJsonFile(filePath: string): unknown {
  return JSON.parse(fs.readFileSync(filePath, 'utf8'));
}

/** Parses a JSON Lines file, skipping blank lines; throws naming the line that is not JSON. */
export function readJsonLinesFile(filePath: string): unknown[] {
  const values: unknown[] = [];
  const lines = fs.readFileSync(filePath, 'utf8').split('\n');

  lines.forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      throw new Error(`${filePath} line ${index + 1} is not JSON: ${(error as Error).message}`, { cause: error });
    }
  });
  return values;
}

/** Returns the entry's config_path, or CAT's default secrets/config.json. */
export function configPathOf(entry: TestEntry): string {
  return entry.config_path ?? 'secrets/config.json';
}

/**
 * Returns the connector config of an entry: the emulator config for paths under secrets/ (which
 * hold real Brex tokens and are git-ignored), else the parsed file.
 */
export function connectorConfigOf(config: AcceptanceConfig, entry: TestEntry): Record<string, unknown> {
  const configPath = configPathOf(entry);
  if (path.normalize(configPath).split(path.sep)[0] === 'secrets') {
    return { ...emulatorConnectorConfig };
  }
  return readJsonFile(resolveRepoPath(config, configPath)) as Record<string, unknown>;
}

// CAT's timeouts are sized for the real Brex API. Against the emulator (size small) a run
// takes seconds, so each run is capped at 120 s and a hung connector fails in minutes.
const emulatorRunCapMs = 120_000;
const hookMarginMs = 10_000;

/** Returns the timeout of one connector run: the entry's or CAT's default, capped at 120 s. */
export function timeoutMsOf(section: SectionName, entry: TestEntry): number {
  return Math.min((entry.timeout_seconds ?? defaultTimeoutSeconds[section]) * 1000, emulatorRunCapMs);
}

/** Returns a jest hook timeout that fits a number of sequential connector runs. */
export function hookTimeoutMsOf(section: SectionName, entry: TestEntry, runs: number): number {
  return runs * timeoutMsOf(section, entry) + hookMarginMs;
}

/** Builds the environment of every connector run: custom_environment_variables plus DEPLOYMENT_MODE. */
export function environmentOf(config: AcceptanceConfig, entry: TestEntry): Record<string, string> {
  const env: Record<string, string> = { ...(config.custom_environment_variables ?? {}) };
  if (entry.deployment_mode) {
    env.DEPLOYMENT_MODE = entry.deployment_mode.toUpperCase();
  }
  return env;
}

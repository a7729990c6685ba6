// acceptance-test-config.yml itself: the keys CAT's config model accepts (it rejects any
// other) and the rules CAT enforces when test_strictness_level is high.
import fs from 'node:fs';
import { coreSections, loadAcceptanceConfig, resolveRepoPath, sectionEntries, type AcceptanceConfig, type SectionName } from './acceptance-config.js';
import { expectNoProblems, show } from './problems.js';

const topLevelKeys = ['connector_image', 'acceptance_tests', 'base_path', 'test_strictness_level', 'custom_environment_variables'];
const commonEntryKeys = ['config_path', 'timeout_seconds', 'deployment_mode'];

// Entry keys per section, from CAT's config.py model.
const entryKeys: Record<SectionName, string[]> = {
  spec: ['spec_path', 'backward_compatibility_tests_config', 'auth_default_method'],
  connection: ['status'],
  discovery: ['backward_compatibility_tests_config', 'validate_primary_keys_data_type'],
  basic_read: [
    'configured_catalog_path',
    'empty_streams',
    'expect_records',
    'validate_schema',
    'validate_stream_statuses',
    'validate_state_messages',
    'validate_primary_keys_data_type',
    'fail_on_extra_columns',
    'validate_data_points',
    'expect_trace_message_on_failure',
    'file_types',
    'client_container_config',
  ],
  full_refresh: ['configured_catalog_path', 'ignored_fields', 'client_container_config'],
  incremental: ['configured_catalog_path', 'future_state', 'skip_comprehensive_incremental_tests', 'client_container_config'],
};

const acceptanceConfig = loadAcceptanceConfig();
const highStrictness = acceptanceConfig.test_strictness_level === 'high';

function pathProblems(config: AcceptanceConfig, section: SectionName, key: string, value: unknown): string[] {
  if (typeof value !== 'string' || value.startsWith('secrets/')) {
    return [];
  }
  return fs.existsSync(resolveRepoPath(config, value)) ? [] : [`${section} ${key}: expected the file ${value} to exist, got no such file`];
}

describe('acceptance-test-config.yml', () => {
  it('uses known top-level keys', () => {
    const unknown = Object.keys(acceptanceConfig).filter((key) => !topLevelKeys.includes(key));
    expectNoProblems(unknown.length === 0 ? [] : [`expected only ${topLevelKeys.join(', ')}, got ${show(unknown)}`]);
  });

  it('names a connector image', () => {
    const image = acceptanceConfig.connector_image;
    expectNoProblems(typeof image === 'string' && image !== '' ? [] : [`expected connector_image, got ${show(image)}`]);
  });

  it('uses known sections', () => {
    const known: string[] = [...coreSections, 'connector_attributes', 'connector_documentation'];
    const unknown = Object.keys(acceptanceConfig.acceptance_tests).filter((key) => !known.includes(key));
    expectNoProblems(unknown.length === 0 ? [] : [`expected sections among ${known.join(', ')}, got ${show(unknown)}`]);
  });

  it('sets tests or bypass_reason', () => {
    const problems = Object.entries(acceptanceConfig.acceptance_tests).flatMap(([name, section]) => {
      const hasTests = Array.isArray(section?.tests);
      const hasBypass = typeof section?.bypass_reason === 'string';
      return hasTests !== hasBypass ? [] : [`section ${name}: expected exactly one of tests and bypass_reason, got ${show(section)}`];
    });
    expectNoProblems(problems);
  });

  it('uses known entry keys', () => {
    const problems = coreSections.flatMap((section) =>
      sectionEntries(acceptanceConfig, section).flatMap((entry, index) => {
        const allowed = [...commonEntryKeys, ...entryKeys[section]];
        const unknown = Object.keys(entry).filter((key) => !allowed.includes(key));
        return unknown.length === 0 ? [] : [`${section} tests[${index}]: expected keys among ${allowed.join(', ')}, got ${show(unknown)}`];
      }),
    );
    expectNoProblems(problems);
  });

  it('names files that exist', () => {
    const problems = coreSections.flatMap((section) =>
      sectionEntries(acceptanceConfig, section).flatMap((entry) => [
        ...pathProblems(acceptanceConfig, section, 'config_path', entry.config_path),
        ...pathProblems(acceptanceConfig, section, 'spec_path', entry.spec_path),
        ...pathProblems(acceptanceConfig, section, 'configured_catalog_path', entry.configured_catalog_path),
        ...pathProblems(acceptanceConfig, section, 'expect_records.path', entry.expect_records?.path),
        ...pathProblems(acceptanceConfig, section, 'future_state_path', entry.future_state?.future_state_path),
      ]),
    );
    expectNoProblems(problems);
  });

  // CAT applies these rules only when test_strictness_level is high.
  (highStrictness ? describe : describe.skip)('high strictness', () => {
    it('declares every core section', () => {
      const missing = coreSections.filter((section) => acceptanceConfig.acceptance_tests[section] === undefined);
      expectNoProblems(missing.length === 0 ? [] : [`expected all of ${coreSections.join(', ')}, got ${show(missing)} missing`]);
    });

    it('explains every empty stream', () => {
      const problems = sectionEntries(acceptanceConfig, 'basic_read').flatMap((entry) =>
        (entry.empty_streams ?? []).filter((stream) => !stream.bypass_reason).map((stream) => `empty stream ${stream.name}: expected a bypass_reason, got none`),
      );
      expectNoProblems(problems);
    });

    it('sets expect_records', () => {
      const problems = sectionEntries(acceptanceConfig, 'basic_read').flatMap((entry, index) =>
        entry.expect_records?.path || entry.expect_records?.bypass_reason ? [] : [`basic_read tests[${index}]: expected expect_records with path or bypass_reason, got ${show(entry.expect_records)}`],
      );
      expectNoProblems(problems);
    });

    it('leaves basic_read catalog to discovery', () => {
      const problems = sectionEntries(acceptanceConfig, 'basic_read').flatMap((entry, index) =>
        entry.configured_catalog_path === undefined ? [] : [`basic_read tests[${index}]: expected no configured_catalog_path, got ${entry.configured_catalog_path}`],
      );
      expectNoProblems(problems);
    });

    it('keeps schema validation on', () => {
      const problems = sectionEntries(acceptanceConfig, 'basic_read').flatMap((entry, index) =>
        entry.validate_schema === false ? [`basic_read tests[${index}]: expected validate_schema not false, got false`] : [],
      );
      expectNoProblems(problems);
    });

    it('sets future_state', () => {
      const problems = sectionEntries(acceptanceConfig, 'incremental').flatMap((entry, index) => {
        const futureState = entry.future_state;
        return futureState?.future_state_path || futureState?.bypass_reason ? [] : [`incremental tests[${index}]: expected future_state with a path or bypass_reason, got ${show(futureState)}`];
      });
      expectNoProblems(problems);
    });
  });
});

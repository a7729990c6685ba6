// Acceptance section `spec`: the SPEC output against spec_path, CAT's spec rules, backward
// compatibility with the previous release, and the entry's config against the spec.
import fs from 'node:fs';
import type { RunResult } from '../helpers/cli.js';
import type { ConnectorSpecification } from '../helpers/protocol.js';
import { connectorConfigOf, loadAcceptanceConfig, readJsonFile, resolveRepoPath, sectionEntries, hookTimeoutMsOf } from './acceptance-config.js';
import { connectionSpecificationOf, specBackwardCompatibilityProblems } from './backward-compatibility.js';
import { expectNoProblems, show, stableStringify } from './problems.js';
import { additionalPropertiesProblems, type JsonSchema } from './schema-walk.js';
import { draft07SchemaProblems } from './schema-validation.js';
import { runEntry, useEmulator } from './session.js';
import {
  arrayItemsProblems,
  configProblems,
  displayTypeProblems,
  duplicateEnumProblems,
  duplicateOrderProblems,
  emptyObjectProblems,
  forbiddenKeywordProblems,
  misplacedSecretProblems,
  nestedGroupProblems,
  oneOfProblems,
  propertyTypeProblems,
  refProblems,
  unmarkedSecretProblems,
} from './spec-checks.js';

const acceptanceConfig = loadAcceptanceConfig();
const previousSpecPath = resolveRepoPath(acceptanceConfig, 'integration_tests/previous_release/spec.json');

describe('acceptance spec', () => {
  const emulator = useEmulator();

  sectionEntries(acceptanceConfig, 'spec').forEach((entry, index) => {
    describe(`tests[${index}]`, () => {
      let result: RunResult;
      let spec: ConnectorSpecification;
      let specification: JsonSchema;

      beforeAll(async () => {
        result = await runEntry(acceptanceConfig, 'spec', entry, emulator, { command: 'spec' });
        const specs = result.messages.filter((message) => message.type === 'SPEC');
        spec = specs[0]?.spec as ConnectorSpecification;
        specification = (spec?.connectionSpecification ?? {}) as JsonSchema;
      }, hookTimeoutMsOf('spec', entry, 1));

      it('emits exactly one SPEC', () => {
        const specs = result.messages.filter((message) => message.type === 'SPEC');
        expectNoProblems(specs.length === 1 ? [] : [`expected exactly one SPEC message, got ${specs.length}: ${show(specs)}`]);
        expectNoProblems(result.code === 0 ? [] : [`expected exit code 0, got ${String(result.code)}; stderr: ${result.stderr.slice(-1000)}`]);
      });

      it('matches spec_path file', () => {
        if (entry.spec_path === undefined) {
          console.log('spec_path is not set, so the SPEC output is not compared with a file');
          return;
        }
        const expected = readJsonFile(resolveRepoPath(acceptanceConfig, entry.spec_path));
        const problems = stableStringify(expected) === stableStringify(spec) ? [] : [`expected the SPEC output to equal ${entry.spec_path} ${show(expected)}, got ${show(spec)}`];
        expectNoProblems(problems);
      });

      it('is a valid draft-07 schema', () => {
        expectNoProblems(draft07SchemaProblems(specification, 'connectionSpecification'));
      });

      it('marks secret properties', () => {
        expectNoProblems(unmarkedSecretProblems(specification));
      });

      it('puts airbyte_secret on scalars only', () => {
        expectNoProblems(misplacedSecretProblems(specification));
      });

      it('uses single or nullable types', () => {
        expectNoProblems(propertyTypeProblems(specification));
      });

      it('has unique order values', () => {
        expectNoProblems(duplicateOrderProblems(specification));
      });

      it('uses no forbidden keywords', () => {
        expectNoProblems(forbiddenKeywordProblems(specification));
      });

      it('sets additionalProperties only to true', () => {
        expectNoProblems(additionalPropertiesProblems(specification, 'connectionSpecification'));
      });

      it('has no $ref', () => {
        expectNoProblems(refProblems(spec, 'spec'));
      });

      it('has distinct enum values', () => {
        expectNoProblems(duplicateEnumProblems(specification));
      });

      it('uses oneOf correctly', () => {
        expectNoProblems(oneOfProblems(specification));
      });

      it('has no empty objects', () => {
        expectNoProblems(emptyObjectProblems(specification));
      });

      it('has typed array items', () => {
        expectNoProblems(arrayItemsProblems(specification));
      });

      it('uses group on top level only', () => {
        expectNoProblems(nestedGroupProblems(specification));
      });

      it('uses display_type with oneOf only', () => {
        expectNoProblems(displayTypeProblems(specification));
      });

      it('is backward compatible', () => {
        expectNoProblems(fs.existsSync(previousSpecPath) ? [] : [`expected the previous release spec at ${previousSpecPath}, got no file`]);

        const previous = connectionSpecificationOf(readJsonFile(previousSpecPath));
        if (stableStringify(previous) === stableStringify(specification)) {
          return;
        }
        expectNoProblems(specBackwardCompatibilityProblems(previous, specification));
      });

      it('accepts the entry config', () => {
        expectNoProblems(configProblems(specification, connectorConfigOf(acceptanceConfig, entry)));
      });
    });
  });
});

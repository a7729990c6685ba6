// Acceptance section `discovery`: CAT's catalog rules and backward compatibility with the
// previous release's catalog.
import fs from 'node:fs';
import type { RunResult } from '../helpers/cli.js';
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { loadAcceptanceConfig, readJsonFile, resolveRepoPath, sectionEntries, hookTimeoutMsOf } from './acceptance-config.js';
import { catalogBackwardCompatibilityProblems, catalogOf } from './backward-compatibility.js';
import {
  catalogCountProblems,
  cursorPathProblems,
  forEachStream,
  primaryKeyPathProblems,
  primaryKeyTypeProblems,
  streamAdditionalPropertiesProblems,
  streamKeywordProblems,
  streamNameProblems,
  streamSchemaProblems,
  syncModeProblems,
} from './catalog-checks.js';
import { expectNoProblems } from './problems.js';
import { runEntry, useEmulator } from './session.js';

const acceptanceConfig = loadAcceptanceConfig();
const previousCatalogPath = resolveRepoPath(acceptanceConfig, 'integration_tests/previous_release/catalog.json');

describe('acceptance discovery', () => {
  const emulator = useEmulator();

  sectionEntries(acceptanceConfig, 'discovery').forEach((entry, index) => {
    describe(`tests[${index}]`, () => {
      let result: RunResult;
      let catalog: AirbyteCatalog;

      beforeAll(async () => {
        result = await runEntry(acceptanceConfig, 'discovery', entry, emulator, { command: 'discover' });
        const first = result.messages.find((message) => message.type === 'CATALOG');
        catalog = first?.catalog ?? { streams: [] };
      }, hookTimeoutMsOf('discovery', entry, 1));

      it('emits exactly one CATALOG', () => {
        expectNoProblems(catalogCountProblems(result.messages));
        expectNoProblems(result.code === 0 ? [] : [`expected exit code 0, got ${String(result.code)}; stderr: ${result.stderr.slice(-1000)}`]);
      });

      it('has unique stream names', () => {
        expectNoProblems(streamNameProblems(catalog));
      });

      it('has valid draft-07 schemas', () => {
        expectNoProblems(forEachStream(catalog, streamSchemaProblems));
      });

      it('has cursors in the schema', () => {
        expectNoProblems(forEachStream(catalog, cursorPathProblems));
      });

      it('has primary keys in the schema', () => {
        expectNoProblems(forEachStream(catalog, primaryKeyPathProblems));
      });

      it('has scalar primary keys', () => {
        if (entry.validate_primary_keys_data_type === false) {
          console.log('validate_primary_keys_data_type is false, so primary key types are not checked');
          return;
        }
        expectNoProblems(forEachStream(catalog, primaryKeyTypeProblems));
      });

      it('sets additionalProperties only to true', () => {
        expectNoProblems(forEachStream(catalog, streamAdditionalPropertiesProblems));
      });

      it('has no $ref, allOf or not', () => {
        expectNoProblems(forEachStream(catalog, streamKeywordProblems));
      });

      it('declares sync modes', () => {
        expectNoProblems(forEachStream(catalog, syncModeProblems));
      });

      it('is backward compatible', () => {
        expectNoProblems(fs.existsSync(previousCatalogPath) ? [] : [`expected the previous release catalog at ${previousCatalogPath}, got no file`]);
        expectNoProblems(catalogBackwardCompatibilityProblems(catalogOf(readJsonFile(previousCatalogPath)), catalog));
      });
    });
  });
});

// Acceptance section `basic_read`. One read of the configured catalog is checked for records,
// schemas, primary keys, expected records, states and stream statuses. A second read, of an
// invalid catalog, must produce an error trace.
import fs from 'node:fs';
import type { RunResult } from '../helpers/cli.js';
import { recordsOf, tracesOf, type AirbyteCatalog, type AirbyteStream, type ConfiguredAirbyteCatalog } from '../helpers/protocol.js';
import { connectorConfigOf, loadAcceptanceConfig, readJsonLinesFile, resolveRepoPath, sectionEntries, hookTimeoutMsOf } from './acceptance-config.js';
import { expectNoProblems, secretLeakProblems, show } from './problems.js';
import {
  anyRecordProblems,
  emittedAtProblems,
  emptyDataProblems,
  expectedRecordProblems,
  missingRecordProblems,
  primaryKeyValueProblems,
  recordSchemaProblems,
  unconfiguredStreamProblems,
  undeclaredRecordProblems,
  type ExpectedRecord,
} from './record-checks.js';
import { isSchemaObject } from './schema-walk.js';
import { catalogInFirstSyncModes, configuredCatalogFromFile, discoverCatalog, runEntry, streamNamesOf, useEmulator } from './session.js';
import { recordCountProblems, sourceStatsProblems, stateCountProblems, statePerStreamProblems, stateTypeProblems, streamStatusProblems } from './state-checks.js';

const acceptanceConfig = loadAcceptanceConfig();

// A catalog naming a stream the connector does not have, in a sync mode that does not exist.
const invalidCatalog = {
  streams: [
    {
      stream: { name: '__acceptance_stream_that_does_not_exist', json_schema: { type: 'object', properties: {} }, supported_sync_modes: ['full_refresh'] },
      sync_mode: 'INVALID',
      destination_sync_mode: 'INVALID',
    },
  ],
};

// Every top-level schema field appears with a non-null value in at least one record.
function dataPointProblems(result: RunResult, streams: AirbyteStream[]): string[] {
  const problems: string[] = [];
  for (const stream of streams) {
    const records = recordsOf(result.messages, stream.name);
    const fields = isSchemaObject(stream.json_schema.properties) ? Object.keys(stream.json_schema.properties) : [];
    const neverFilled = fields.filter((field) => records.every((record) => record.data[field] === null || record.data[field] === undefined));
    if (neverFilled.length > 0) {
      problems.push(`stream ${stream.name}: expected every schema field filled in at least one record, got never filled ${show(neverFilled)}`);
    }
  }
  return problems;
}

describe('acceptance basic_read', () => {
  const emulator = useEmulator();

  sectionEntries(acceptanceConfig, 'basic_read').forEach((entry, index) => {
    describe(`tests[${index}]`, () => {
      const emptyStreams = (entry.empty_streams ?? []).map((stream) => stream.name);
      let discovered: AirbyteCatalog;
      let catalog: ConfiguredAirbyteCatalog;
      let streams: AirbyteStream[];
      let streamNames: string[];
      let result: RunResult;

      beforeAll(async () => {
        discovered = await discoverCatalog(acceptanceConfig, 'basic_read', entry, emulator);
        catalog = entry.configured_catalog_path
          ? configuredCatalogFromFile(acceptanceConfig, entry.configured_catalog_path, discovered)
          : catalogInFirstSyncModes(discovered, emptyStreams);
        streams = catalog.streams.map((configured) => configured.stream);
        streamNames = streamNamesOf(catalog);
        result = await runEntry(acceptanceConfig, 'basic_read', entry, emulator, { command: 'read', catalog });
      }, hookTimeoutMsOf('basic_read', entry, 2));

      it('exits with code 0', () => {
        expectNoProblems(result.code === 0 ? [] : [`expected exit code 0, got ${String(result.code)}; stderr: ${result.stderr.slice(-1000)}`]);
      });

      it('emits no error trace', () => {
        const errors = tracesOf(result.messages, 'ERROR');
        expectNoProblems(errors.length === 0 ? [] : [`expected no ERROR trace in a successful read, got ${show(errors)}`]);
      });

      it('never prints the token', () => {
        expectNoProblems(secretLeakProblems(result, connectorConfigOf(acceptanceConfig, entry)));
      });

      it('emits records', () => {
        expectNoProblems(anyRecordProblems(result.messages));
      });

      it('emits records for every stream', () => {
        expectNoProblems(missingRecordProblems(result.messages, streamNames, emptyStreams));
      });

      it('emits configured streams only', () => {
        expectNoProblems(unconfiguredStreamProblems(result.messages, streamNames));
      });

      it('stamps emitted_at in milliseconds', () => {
        expectNoProblems(emittedAtProblems(result.messages));
      });

      it('emits no empty data', () => {
        expectNoProblems(emptyDataProblems(result.messages));
      });

      it('matches stream schemas', () => {
        if (entry.validate_schema === false) {
          console.log('validate_schema is false, so records are not validated');
          return;
        }
        expectNoProblems(recordSchemaProblems(result.messages, streams));
      });

      it('shares fields with schemas', () => {
        expectNoProblems(undeclaredRecordProblems(result.messages, streams));
      });

      it('has scalar non-null primary keys', () => {
        if (entry.validate_primary_keys_data_type === false) {
          console.log('validate_primary_keys_data_type is false, so primary key values are not checked');
          return;
        }
        expectNoProblems(primaryKeyValueProblems(result.messages, streams));
      });

      it('contains the expected records', () => {
        const expectRecords = entry.expect_records;
        if (!expectRecords?.path) {
          console.log(`expect_records has no path (${show(expectRecords)}), so expected records are not compared`);
          return;
        }
        const expectedPath = resolveRepoPath(acceptanceConfig, expectRecords.path);
        expectNoProblems(fs.existsSync(expectedPath) ? [] : [`expected the expect_records file ${expectRecords.path}, got no such file`]);
        const expected = readJsonLinesFile(expectedPath) as ExpectedRecord[];
        expectNoProblems(expected.length > 0 ? [] : [`expected at least one record in ${expectRecords.path}, got an empty file`]);
        expectNoProblems(expectedRecordProblems(result.messages, streams, expected, expectRecords.exact_order === true));
      });

      it('fills every schema field', () => {
        if (entry.validate_data_points !== true) {
          return;
        }
        expectNoProblems(dataPointProblems(result, streams));
      });

      describe('state messages', () => {
        const validate = entry.validate_state_messages !== false;

        it('number at least the streams', () => {
          if (validate) expectNoProblems(stateCountProblems(result.messages, streamNames.length));
        });

        it('cover every stream', () => {
          if (validate) expectNoProblems(statePerStreamProblems(result.messages, streamNames));
        });

        it('are STREAM states', () => {
          if (validate) expectNoProblems(stateTypeProblems(result.messages));
        });

        it('carry sourceStats.recordCount', () => {
          if (validate) expectNoProblems(sourceStatsProblems(result.messages));
        });

        it('count records since previous state', () => {
          if (validate) expectNoProblems(recordCountProblems(result.messages));
        });
      });

      it('reports stream statuses', () => {
        if (entry.validate_stream_statuses === false) {
          console.log('validate_stream_statuses is false, so stream statuses are not checked');
          return;
        }
        expectNoProblems(streamStatusProblems(result.messages, streamNames));
      });

      it('traces an invalid catalog', async () => {
        if (entry.expect_trace_message_on_failure === false) {
          console.log('expect_trace_message_on_failure is false, so the invalid catalog read is skipped');
          return;
        }
        const failed = await runEntry(acceptanceConfig, 'basic_read', entry, emulator, { command: 'read', catalog: invalidCatalog });
        const errors = tracesOf(failed.messages, 'ERROR');
        expectNoProblems(errors.length > 0 ? [] : [`expected at least one ERROR trace for an unknown stream with sync_mode INVALID, got messages ${show(failed.messages)}`]);
      }, hookTimeoutMsOf('basic_read', entry, 1));
    });
  });
});

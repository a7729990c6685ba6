// metadata.yaml against the required fields and allowed values of Airbyte's connector
// metadata model (ConnectorMetadataDefinitionV0), and package.json against its version.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../helpers/cli.js';
import { expectNoProblems, show } from '../acceptance/problems.js';

// Semantic Versioning 2.0.0, including pre-release and build parts.
const semverPattern = '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$';

// The rules this source's metadata must meet: required keys, the enums of the metadata
// model, and no unknown top-level keys (the model forbids extra keys at both levels).
const metadataSchema = {
  type: 'object',
  required: ['metadataSpecVersion', 'data'],
  additionalProperties: false,
  properties: {
    metadataSpecVersion: { type: 'string' },
    data: {
      type: 'object',
      required: ['name', 'definitionId', 'connectorType', 'dockerRepository', 'dockerImageTag', 'license', 'documentationUrl', 'githubIssueLabel', 'connectorSubtype', 'releaseStage'],
      properties: {
        name: { type: 'string', minLength: 1 },
        definitionId: { type: 'string', format: 'uuid' },
        connectorType: { enum: ['source'] },
        dockerRepository: { type: 'string', pattern: '^[a-z0-9][a-z0-9._/-]*$' },
        dockerImageTag: { type: 'string', pattern: semverPattern },
        license: { type: 'string', minLength: 1 },
        documentationUrl: { type: 'string', format: 'uri' },
        githubIssueLabel: { type: 'string', minLength: 1 },
        connectorSubtype: { enum: ['api', 'database', 'datalake', 'file', 'custom', 'message_queue', 'unknown', 'vectorstore'] },
        releaseStage: { enum: ['alpha', 'beta', 'generally_available', 'custom'] },
        supportLevel: { enum: ['community', 'certified', 'archived'] },
        releaseDate: { type: 'string', format: 'date' },
        tags: { type: 'array', items: { type: 'string' } },
        allowedHosts: { type: 'object', properties: { hosts: { type: 'array', items: { type: 'string' } } } },
        suggestedStreams: { type: 'object', properties: { streams: { type: 'array', items: { type: 'string' } } } },
        maxSecondsBetweenMessages: { type: 'integer', minimum: 1 },
        connectorTestSuitesOptions: {
          type: 'array',
          items: { type: 'object', required: ['suite'], properties: { suite: { enum: ['unitTests', 'integrationTests', 'acceptanceTests', 'liveTests', 'smokeTests'] } } },
        },
      },
    },
  },
};

// Keys of `data` in the metadata model. The model rejects any other key; a key missing here
// but present in a newer model version belongs in this list.
const knownDataKeys = [
  'name', 'definitionId', 'connectorType', 'dockerRepository', 'dockerImageTag', 'license', 'documentationUrl', 'githubIssueLabel',
  'connectorSubtype', 'releaseStage', 'supportLevel', 'icon', 'tags', 'releaseDate', 'protocolVersion', 'allowedHosts', 'suggestedStreams',
  'maxSecondsBetweenMessages', 'resourceRequirements', 'registryOverrides', 'releases', 'connectorBuildOptions', 'connectorTestSuitesOptions',
  'remoteRegistries', 'externalDocumentationUrls', 'ab_internal', 'supportsRefreshes', 'supportsFileTransfer', 'supportsDataActivation',
  'connectorIPCOptions', 'erdUrl', 'generated',
];

const metadataPath = path.join(repoRoot, 'metadata.yaml');
const metadata = parseYaml(fs.readFileSync(metadataPath, 'utf8')) as { data?: Record<string, unknown> };
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: string };

describe('metadata.yaml', () => {
  it('matches the metadata model', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(metadataSchema);
    const problems = validate(metadata) ? [] : (validate.errors ?? []).map((error) => `metadata.yaml ${error.instancePath || '/'}: expected it to ${error.message ?? 'be valid'}, got ${show(error.params)}`);
    expectNoProblems(problems);
  });

  it('uses known data keys', () => {
    const unknown = Object.keys(metadata.data ?? {}).filter((key) => !knownDataKeys.includes(key));
    expectNoProblems(unknown.length === 0 ? [] : [`expected data keys of the metadata model, got unknown ${show(unknown)}`]);
  });

  it('has the package.json version', () => {
    const tag = metadata.data?.dockerImageTag;
    expectNoProblems(tag === packageJson.version ? [] : [`expected dockerImageTag to equal package.json version ${show(packageJson.version)}, got ${show(tag)}`]);
  });

  it('names only listed suggested streams', () => {
    const suggested = (metadata.data?.suggestedStreams as { streams?: string[] } | undefined)?.streams ?? [];
    const schemaNames = fs.readdirSync(path.join(repoRoot, 'schemas')).map((file) => file.replace(/\.json$/, ''));
    const unknown = suggested.filter((name) => !schemaNames.includes(name));
    expectNoProblems(unknown.length === 0 ? [] : [`expected suggested streams among the schemas/ streams ${show(schemaNames)}, got ${show(unknown)}`]);
  });
});

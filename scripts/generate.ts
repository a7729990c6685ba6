/**
 * Writes the TypeScript types that mirror the connector's JSON Schemas:
 * - src/protocol/airbyte-protocol.generated.ts from vendor/airbyte-protocol/airbyte_protocol.yaml,
 * - src/streams/records.generated.ts from schemas/<stream>.json and schemas/spec.json.
 *
 * Usage: node dist/scripts/generate.js [--check] [--root DIR]
 *   --check     writes nothing; exits 1 when a generated file on disk differs from a fresh generation.
 *   --root DIR  repository to read and write (default: the nearest directory above this script
 *               that contains package.json).
 *
 * The output depends only on the input files and the locked json-schema-to-typescript and
 * prettier versions, so the same input always gives the same bytes.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile, type Options } from 'json-schema-to-typescript';
import { parse as parseYaml } from 'yaml';

export const GENERATE_COMMAND = 'npm run build && npm run generate';

const PROTOCOL_SCHEMA = 'vendor/airbyte-protocol/airbyte_protocol.yaml';
const PROTOCOL_OUTPUT = 'src/protocol/airbyte-protocol.generated.ts';
const SCHEMAS_DIR = 'schemas';
const SPEC_FILE = 'spec.json';
const RECORDS_OUTPUT = 'src/streams/records.generated.ts';

type JsonObject = { [key: string]: unknown };
type CompilableSchema = Parameters<typeof compile>[0];

/** One file this script owns: where it goes, what it is made from, and its full text. */
export interface GeneratedFile {
  path: string;
  sources: string[];
  content: string;
}

const COMPILE_OPTIONS: Partial<Options> = {
  bannerComment: '',
  format: true,
  // `minItems: 1` would otherwise become a tuple type such as [SyncMode, ...SyncMode[]],
  // which a plain SyncMode[] cannot be assigned to.
  ignoreMinAndMaxItems: true,
  unknownAny: true,
  // All references are local (#/definitions/...). Refusing external ones guarantees that
  // generation never touches the network, even though the protocol schema carries an https $id.
  $refOptions: { resolve: { external: false } },
};

/**
 * Returns the text of every generated file, computed from the schemas under `root`.
 */
export async function renderGeneratedFiles(root: string): Promise<GeneratedFile[]> {
  return [await renderProtocolTypes(root), await renderRecordTypes(root)];
}

async function renderProtocolTypes(root: string): Promise<GeneratedFile> {
  const text = await readFile(path.join(root, PROTOCOL_SCHEMA), 'utf8');
  const schema = prepareProtocolSchema(parseYaml(text) as JsonObject);
  const body = await compile(schema as CompilableSchema, 'AirbyteProtocol', { ...COMPILE_OPTIONS, cwd: root });
  const sources = [PROTOCOL_SCHEMA];

  return { path: PROTOCOL_OUTPUT, sources, content: fileHeader(sources) + body };
}

/**
 * Removes what would make the generated protocol types wrong or unstable:
 * the root `$id` (an https URL that reference resolution could try to fetch), and the keywords
 * written next to a `$ref`. Draft-07 ignores those siblings, but json-schema-to-typescript turns
 * each `$ref` that has them into a new numbered copy of the type (StreamDescriptor1, ...).
 */
function prepareProtocolSchema(schema: JsonObject): JsonObject {
  const withoutId: JsonObject = { ...schema };
  delete withoutId.$id;
  return dropRefSiblings(withoutId) as JsonObject;
}

function dropRefSiblings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropRefSiblings);
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') return { $ref: node.$ref };

  const result: JsonObject = {};
  for (const [key, value] of Object.entries(node)) result[key] = dropRefSiblings(value);
  return result;
}

async function renderRecordTypes(root: string): Promise<GeneratedFile> {
  const streamFiles = await listStreamSchemaFiles(root);
  const parts: string[] = [];

  for (const file of streamFiles) {
    const schema = await readJsonObject(path.join(root, SCHEMAS_DIR, file));
    const stream = path.basename(file, '.json');
    parts.push(await compileNamed(schema, recordTypeName(stream), root));
  }

  const spec = await readJsonObject(path.join(root, SCHEMAS_DIR, SPEC_FILE));
  if (!isObject(spec.connectionSpecification)) {
    throw new Error(`${SCHEMAS_DIR}/${SPEC_FILE} is missing the connectionSpecification object`);
  }
  parts.push(await compileNamed(spec.connectionSpecification, 'ConnectorConfig', root));

  const sources = [...streamFiles, SPEC_FILE].map((file) => `${SCHEMAS_DIR}/${file}`);
  return { path: RECORDS_OUTPUT, sources, content: fileHeader(sources) + parts.join('\n') };
}

/** Returns the stream schema file names in schemas/, sorted so that the output order is stable. */
async function listStreamSchemaFiles(root: string): Promise<string[]> {
  const names = await readdir(path.join(root, SCHEMAS_DIR));
  return names.filter((name) => name.endsWith('.json') && name !== SPEC_FILE).sort();
}

/**
 * Returns the interface name of a stream's records: the stream name in PascalCase, with one
 * trailing "s" dropped, plus "Record" (card_transactions -> CardTransactionRecord).
 */
export function recordTypeName(stream: string): string {
  const pascal = stream
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  const singular = pascal.endsWith('s') ? pascal.slice(0, -1) : pascal;
  return `${singular}Record`;
}

/**
 * Compiles one schema into one exported interface named `name`. String `title` keywords are
 * removed first, because json-schema-to-typescript would turn every titled property into a
 * separate exported type alias and could repeat names across the schemas in one file.
 */
async function compileNamed(schema: JsonObject, name: string, root: string): Promise<string> {
  const untitled = dropTitles(schema) as JsonObject;
  return compile(untitled as CompilableSchema, name, { ...COMPILE_OPTIONS, cwd: root });
}

function dropTitles(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropTitles);
  if (!isObject(node)) return node;

  const result: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    // A property named "title" maps to a schema object, so only the string keyword is dropped.
    if (key === 'title' && typeof value === 'string') continue;
    result[key] = dropTitles(value);
  }
  return result;
}

function fileHeader(sources: string[]): string {
  const sourceLines = sources.map((source) => ` *   ${source}\n`).join('');
  return (
    '/* eslint-disable */\n' +
    '/**\n' +
    ' * GENERATED FILE: do not edit it by hand.\n' +
    ' *\n' +
    ' * Generated by scripts/generate.ts with json-schema-to-typescript from:\n' +
    sourceLines +
    ' *\n' +
    ` * To change these types, edit the sources above and run \`${GENERATE_COMMAND}\`.\n` +
    ' * `npm run generate:check` fails while this file is out of date.\n' +
    ' */\n\n'
  );
}

/** Returns a message for each generated file that is missing or differs from `expected`. */
export async function findStaleFiles(root: string, expected: GeneratedFile[]): Promise<string[]> {
  const problems: string[] = [];

  for (const file of expected) {
    const absolute = path.join(root, file.path);
    if (!existsSync(absolute)) {
      problems.push(`${file.path} is missing.`);
      continue;
    }

    const actual = await readFile(absolute, 'utf8');
    if (actual !== file.content) {
      problems.push(`${file.path} is out of date: it differs from what ${file.sources.join(', ')} generate.`);
    }
  }

  return problems;
}

async function writeChangedFiles(root: string, files: GeneratedFile[]): Promise<void> {
  for (const file of files) {
    const absolute = path.join(root, file.path);
    const current = existsSync(absolute) ? await readFile(absolute, 'utf8') : undefined;

    if (current === file.content) {
      console.log(`${file.path} is up to date`);
      continue;
    }

    await writeFile(absolute, file.content, 'utf8');
    console.log(`wrote ${file.path}`);
  }
}

async function readJsonObject(file: string): Promise<JsonObject> {
  const value: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isObject(value)) throw new Error(`${file} does not contain a JSON object`);
  return value;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the nearest directory at or above `start` that contains package.json. */
function findRepositoryRoot(start: string): string {
  let directory = start;
  for (;;) {
    if (existsSync(path.join(directory, 'package.json'))) return directory;

    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no package.json found above ${start}`);
    directory = parent;
  }
}

interface CommandLine {
  check: boolean;
  root: string;
}

function parseCommandLine(args: string[]): CommandLine {
  let check = false;
  let root: string | undefined;

  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--check') {
      check = true;
    } else if (arg === '--root' && index + 1 < args.length) {
      index += 1;
      root = path.resolve(args[index]);
    } else {
      throw new UsageError(`unknown or incomplete argument: ${arg}`);
    }
  }

  const scriptDirectory = path.dirname(fileURLToPath(import.meta.url));
  return { check, root: root ?? findRepositoryRoot(scriptDirectory) };
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const commandLine = parseCommandLine(process.argv.slice(2));
  const files = await renderGeneratedFiles(commandLine.root);

  if (!commandLine.check) {
    await writeChangedFiles(commandLine.root, files);
    return 0;
  }

  const problems = await findStaleFiles(commandLine.root, files);
  if (problems.length === 0) {
    console.log('generated files are up to date');
    return 0;
  }

  for (const problem of problems) console.error(problem);
  console.error(`Run \`${GENERATE_COMMAND}\` and commit the result.`);
  return 1;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(path.resolve(entry)).href;
}

if (isEntryPoint()) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${error.message}\nusage: node dist/scripts/generate.js [--check] [--root DIR]`);
        process.exitCode = 2;
        return;
      }
      console.error('generation failed:', error);
      process.exitCode = 1;
    },
  );
}

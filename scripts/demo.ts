/**
 * The demo: starts the Brex emulator, runs spec, check, discover and a read of all eight streams,
 * changes data in the emulator, then runs an incremental read from the state the first read
 * produced. Messages go to .demo/*.jsonl; a per-stream summary goes to the terminal.
 * Run with `npm run demo`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startEmulator, type Emulator } from '../emulator/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outputDir = join(repoRoot, '.demo');
const entrypoint = join(repoRoot, 'dist', 'src', 'index.js');
const TOKEN = 'demo-token';

interface Message {
  type: string;
  record?: { stream: string };
  state?: { type: string; stream: { stream_descriptor: { name: string }; stream_state: unknown }; sourceStats?: { recordCount: number } };
  connectionStatus?: { status: string; message?: string };
  catalog?: { streams: Array<{ name: string; supported_sync_modes: string[]; default_cursor_field?: string[]; source_defined_primary_key?: string[][] }> };
  trace?: { type: string; error?: { message: string } };
}

interface RunOutput {
  exitCode: number | null;
  messages: Message[];
}

/** Runs one connector command, writes its stdout to `.demo/<name>.jsonl`, and parses it. */
function runConnector(name: string, args: string[], baseUrl: string): Promise<RunOutput> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [entrypoint, ...args], {
      env: { ...process.env, BREX_API_BASE_URL: baseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      writeFileSync(join(outputDir, `${name}.jsonl`), stdout);
      const messages = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Message);
      resolvePromise({ exitCode, messages });
    });
  });
}

function configuredCatalog(discovered: NonNullable<Message['catalog']>): unknown {
  return {
    streams: discovered.streams.map((stream) => {
      const incremental = stream.supported_sync_modes.includes('incremental');
      return {
        stream,
        sync_mode: incremental ? 'incremental' : 'full_refresh',
        destination_sync_mode: incremental ? 'append_dedup' : 'overwrite',
        cursor_field: stream.default_cursor_field,
        primary_key: stream.source_defined_primary_key,
      };
    }),
  };
}

/** Returns the last STATE message of each stream, as the array Airbyte passes back with --state. */
function latestStates(messages: Message[]): unknown[] {
  const latest = new Map<string, Message['state']>();
  for (const message of messages) {
    if (message.type === 'STATE' && message.state) latest.set(message.state.stream.stream_descriptor.name, message.state);
  }
  return [...latest.values()];
}

const STREAM_PATHS: Record<string, RegExp> = {
  card_transactions: /^\/v2\/transactions\/card\/primary$/,
  cash_transactions: /^\/v2\/(transactions\/cash\/|accounts\/cash$)/,
  expenses: /^\/v1\/expenses$/,
  users: /^\/v2\/users$/,
  departments: /^\/v2\/departments$/,
  locations: /^\/v2\/locations$/,
  vendors: /^\/v1\/vendors$/,
  budgets: /^\/v2\/budgets$/,
};

function printSummary(title: string, output: RunOutput, emulator: Emulator): void {
  console.log(`\n${title} (exit code ${output.exitCode})`);
  console.log(`${'stream'.padEnd(18)} ${'records'.padStart(7)} ${'pages'.padStart(5)}  final state`);
  for (const state of latestStates(output.messages) as Array<NonNullable<Message['state']>>) {
    const name = state.stream.stream_descriptor.name;
    const records = output.messages.filter((m) => m.type === 'RECORD' && m.record?.stream === name).length;
    const pages = emulator.requests.filter((r) => STREAM_PATHS[name]?.test(r.path)).length;
    const stateText = JSON.stringify(state.stream.stream_state);
    const stateColumn = stateText.length > 90 ? `${stateText.slice(0, 87)}...` : stateText;
    console.log(`${name.padEnd(18)} ${String(records).padStart(7)} ${String(pages).padStart(5)}  ${stateColumn}`);
  }
  for (const message of output.messages) {
    if (message.type === 'TRACE' && message.trace?.type === 'ERROR') console.log(`error: ${message.trace.error?.message}`);
  }
}

async function main(): Promise<void> {
  mkdirSync(outputDir, { recursive: true });
  const emulator = await startEmulator({ seed: 1, size: 'small', tokens: { [TOKEN]: { scopes: 'all' } } });
  try {
    console.log(`Brex emulator running at ${emulator.url}; writing messages to ${outputDir}`);
    const configPath = join(outputDir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ user_token: TOKEN, page_size: 20, start_date: '2025-01-01' }, null, 2));

    const spec = await runConnector('spec', ['spec'], emulator.url);
    console.log(`spec: ${spec.messages.filter((m) => m.type === 'SPEC').length} SPEC message, exit code ${spec.exitCode}`);

    const check = await runConnector('check', ['check', '--config', configPath], emulator.url);
    const status = check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus;
    console.log(`check: ${status?.status} (${status?.message ?? ''})`);

    const discover = await runConnector('discover', ['discover', '--config', configPath], emulator.url);
    const catalog = discover.messages.find((m) => m.type === 'CATALOG')?.catalog;
    if (!catalog) throw new Error('discover returned no catalog; see .demo/discover.jsonl');
    console.log(`discover: ${catalog.streams.length} streams: ${catalog.streams.map((s) => s.name).join(', ')}`);

    const catalogPath = join(outputDir, 'configured_catalog.json');
    writeFileSync(catalogPath, JSON.stringify(configuredCatalog(catalog), null, 2));
    emulator.clearRequests();
    const first = await runConnector('read-1', ['read', '--config', configPath, '--catalog', catalogPath], emulator.url);
    printSummary('First read: full history', first, emulator);

    const statePath = join(outputDir, 'state-1.json');
    writeFileSync(statePath, JSON.stringify(latestStates(first.messages), null, 2));
    emulator.control.addCardTransactions(5);
    emulator.control.addCashTransactions(3);
    emulator.control.updateExpenses(4);
    emulator.control.addCashAccount({ transactions: 2 });
    console.log('\nChanged the emulator: 5 new card transactions, 3 new cash transactions, 4 updated expenses, 1 new cash account with 2 transactions');

    emulator.clearRequests();
    const second = await runConnector('read-2', ['read', '--config', configPath, '--catalog', catalogPath, '--state', statePath], emulator.url);
    printSummary('Second read: incremental from the first read\'s state (new and changed rows plus the 1-day lookback overlap)', second, emulator);
    writeFileSync(join(outputDir, 'state-2.json'), JSON.stringify(latestStates(second.messages), null, 2));

    if (first.exitCode !== 0 || second.exitCode !== 0) process.exitCode = 1;
  } finally {
    await emulator.stop();
  }
}

await main();

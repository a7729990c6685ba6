import type { ChildProcess } from 'node:child_process';

import { spawnTracked, stopChild } from './child-processes.js';
import { emulatorCli, emulatorHost, relativeToRepo, repoRoot } from './paths.js';

const READY_TIMEOUT_MS = 120_000;
const LISTENING = /listening on (http:\/\/\S+)/;

/** An emulator serving from its own child process. */
export interface EmulatorProcess {
  url: string;
  /** The command line, as printed in docs. */
  commandLine: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The bearer token every benchmark sends; the emulators accept it with every scope. */
export const BENCH_TOKEN = 'bench-token';

/** Starts `node dist/emulator/cli.js` with the given flags plus `--port 0` and the bench token. */
export function startEmulatorCli(flags: string[]): Promise<EmulatorProcess> {
  return startServing(emulatorCli, [...flags, '--host', '127.0.0.1', '--port', '0', '--token', BENCH_TOKEN]);
}

/**
 * Starts bench/support/emulator-host.ts, which serves like the CLI and also writes the
 * emulator's request log to `requestLogFile` when it stops.
 */
export function startEmulatorHost(options: Record<string, unknown>, requestLogFile: string): Promise<EmulatorProcess> {
  const hostOptions = { ...options, host: '127.0.0.1', port: 0, tokens: { [BENCH_TOKEN]: { scopes: 'all' } } };
  return startServing(emulatorHost, ['--options', JSON.stringify(hostOptions), '--request-log', requestLogFile]);
}

function startServing(entry: string, args: string[]): Promise<EmulatorProcess> {
  const child = spawnTracked(process.execPath, [entry, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const commandLine = ['node', relativeToRepo(entry), ...args.map(quoteArgument)].join(' ');
  let output = '';

  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stopChild(child);
      reject(new Error(`The emulator (${commandLine}) ${reason}. Output so far:\n${output}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);

    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = LISTENING.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ url, commandLine, child, stop: () => stopChild(child) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited with ${signal ?? `code ${code}`} before it was ready`);
    child.once('exit', onEarlyExit);
  });
}

function quoteArgument(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
}

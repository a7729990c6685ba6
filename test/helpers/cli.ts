// Runs the built connector CLI as a subprocess, the way the Airbyte platform does:
// file paths on argv, nothing on stdin, protocol messages on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProtocolLines, type AirbyteCatalog, type AirbyteMessage, type ConfiguredAirbyteCatalog } from './protocol.js';

/** Repository root, resolved from dist/test/helpers/cli.js. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const defaultEntrypoint = [process.execPath, path.join(repoRoot, 'dist/src/index.js')];

// Nothing listens on loopback port 9 (discard) here, so a run without baseUrl fails fast
// with a refused connection instead of sending a request to the real Brex API.
const unreachableBaseUrl = 'http://127.0.0.1:9';
const defaultTimeoutMs = 120_000;
const tailLength = 2_000;

export type ConnectorCommand = 'spec' | 'check' | 'discover' | 'read';

export interface RunOptions {
  command: ConnectorCommand;
  /** An object is written to a temp file; a string is a path passed as it is. */
  config?: object | string;
  /** An object is written to a temp file; a string is a path passed as it is. */
  catalog?: object | string;
  /** Any non-string value is written to a temp file as JSON; a string is a path. */
  state?: unknown;
  /** Sets BREX_API_BASE_URL. Without it and without env.BREX_API_BASE_URL, the URL is a closed loopback port. */
  baseUrl?: string;
  env?: Record<string, string>;
  /** Default 120000 ms; then the process gets SIGKILL and the run throws. */
  timeoutMs?: number;
  /** Default: this Node binary running dist/src/index.js. */
  entrypoint?: string[];
  extraArgs?: string[];
  cwd?: string;
  /** Runs the process as this user id (needs root); temp files are handed to it. */
  uid?: number;
  gid?: number;
  /** Default true. When false, the process gets only `env` and BREX_API_BASE_URL, as in a container. */
  inheritEnv?: boolean;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  messages: AirbyteMessage[];
}

export interface StartedConnector {
  child: ChildProcess;
  result: Promise<RunResult>;
}

function tail(text: string): string {
  return text.length > tailLength ? `...${text.slice(-tailLength)}` : text;
}

function writeJsonFile(directory: string, name: string, value: unknown): string {
  const filePath = path.join(directory, name);
  fs.writeFileSync(filePath, JSON.stringify(value));
  return filePath;
}

// Builds argv after the entrypoint, writing object inputs into the temp directory.
function buildArguments(options: RunOptions, tempDirectory: string): string[] {
  const args: string[] = [options.command];

  if (options.config !== undefined) {
    const configPath = typeof options.config === 'string' ? options.config : writeJsonFile(tempDirectory, 'config.json', options.config);
    args.push('--config', configPath);
  }
  if (options.catalog !== undefined) {
    const catalogPath = typeof options.catalog === 'string' ? options.catalog : writeJsonFile(tempDirectory, 'catalog.json', options.catalog);
    args.push('--catalog', catalogPath);
  }
  if (options.state !== undefined) {
    const statePath = typeof options.state === 'string' ? options.state : writeJsonFile(tempDirectory, 'state.json', options.state);
    args.push('--state', statePath);
  }

  args.push(...(options.extraArgs ?? []));
  return args;
}

// Gives the temp directory and its files to the user the process runs as, so it can read them.
function handOver(tempDirectory: string, options: RunOptions): void {
  if (options.uid === undefined) {
    return;
  }
  const gid = options.gid ?? options.uid;
  fs.chownSync(tempDirectory, options.uid, gid);
  for (const name of fs.readdirSync(tempDirectory)) {
    fs.chownSync(path.join(tempDirectory, name), options.uid, gid);
  }
}

function buildEnvironment(options: RunOptions): NodeJS.ProcessEnv {
  const inherited = options.inheritEnv === false ? {} : process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, BREX_API_BASE_URL: unreachableBaseUrl, ...options.env };
  if (options.baseUrl !== undefined) {
    env.BREX_API_BASE_URL = options.baseUrl;
  }
  return env;
}

function describeRun(args: string[], stdout: string, stderr: string): string {
  return `command: ${args.join(' ')}\n--- stdout tail ---\n${tail(stdout)}\n--- stderr tail ---\n${tail(stderr)}`;
}

// Collects output until exit, enforces the timeout, then parses stdout as protocol lines.
/** A JavaScript stack frame as it looks inside a JSON string: `\n    at fn (file.js:10:5)`. */
const STACK_FRAME = /\\n\s+at [^"\\]*:\d+:\d+\)?/;

/** Throws when stdout carries a stack trace: the connector keeps them off the protocol stream. */
function assertNoStackTrace(stdout: string): void {
  const frame = STACK_FRAME.exec(stdout);
  if (frame) throw new Error(`expected no stack trace on stdout, found a frame: ${frame[0]}`);
}

function collectResult(child: ChildProcess, args: string[], timeoutMs: number): Promise<RunResult> {
  const stdoutChunks: Buffer[] = [];
  const stderrChunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdoutChunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderrChunks.push(chunk));

  return new Promise<RunResult>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`failed to start connector (${args.join(' ')}): ${error.message}`, { cause: error }));
    });

    // 'close' fires after the stdio streams have ended, so no output is lost.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(stdoutChunks).toString('utf8');
      const stderr = Buffer.concat(stderrChunks).toString('utf8');

      if (timedOut) {
        reject(new Error(`connector timed out after ${timeoutMs} ms and was killed\n${describeRun(args, stdout, stderr)}`));
        return;
      }

      let messages: AirbyteMessage[];
      try {
        messages = parseProtocolLines(stdout);
        assertNoStackTrace(stdout);
      } catch (error) {
        reject(new Error(`${(error as Error).message}\n${describeRun(args, stdout, stderr)}`, { cause: error }));
        return;
      }
      resolve({ code, signal, stdout, stderr, messages });
    });
  });
}

/**
 * Starts the connector and returns the child process at once, for tests that signal it.
 * The result promise settles when the process exits; the temp directory is removed then.
 */
export function startConnector(options: RunOptions): StartedConnector {
  const tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'source-brex-run-'));
  let args: string[];
  try {
    args = buildArguments(options, tempDirectory);
    handOver(tempDirectory, options);
  } catch (error) {
    fs.rmSync(tempDirectory, { recursive: true, force: true });
    throw error;
  }
  const [executable, ...entrypointArgs] = options.entrypoint ?? defaultEntrypoint;

  const child = spawn(executable, [...entrypointArgs, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: buildEnvironment(options),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });

  const result = collectResult(child, args, options.timeoutMs ?? defaultTimeoutMs).finally(() =>
    fs.rmSync(tempDirectory, { recursive: true, force: true }),
  );
  return { child, result };
}

/** Runs one connector command to completion; throws on timeout or on any invalid stdout line. */
export function runConnector(options: RunOptions): Promise<RunResult> {
  return startConnector(options).result;
}

export interface StreamSelection {
  name: string;
  syncMode: 'full_refresh' | 'incremental';
}

/**
 * Builds a ConfiguredAirbyteCatalog from a discovered catalog, for the named streams in
 * the given sync modes. Incremental streams get their default cursor field; streams with
 * a source-defined primary key get it as primary_key. Throws for a stream not discovered.
 */
export function catalogFor(discovered: AirbyteCatalog, streams: StreamSelection[]): ConfiguredAirbyteCatalog {
  return {
    streams: streams.map((selection) => {
      const stream = discovered.streams.find((candidate) => candidate.name === selection.name);
      if (!stream) {
        const names = discovered.streams.map((candidate) => candidate.name).join(', ');
        throw new Error(`stream ${selection.name} not found in the discovered catalog (streams: ${names})`);
      }

      return {
        stream,
        sync_mode: selection.syncMode,
        destination_sync_mode: selection.syncMode === 'incremental' ? 'append' : 'overwrite',
        ...(selection.syncMode === 'incremental' && stream.default_cursor_field ? { cursor_field: stream.default_cursor_field } : {}),
        ...(stream.source_defined_primary_key ? { primary_key: stream.source_defined_primary_key } : {}),
      };
    }),
  };
}

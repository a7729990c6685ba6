// Runs the connector and kills it with SIGKILL after a delay, keeping every complete stdout line.
// A process killed mid-write may leave a cut last line, which is dropped, as a platform would.
import { startConnector, type RunOptions } from '../helpers/cli.js';
import { parseProtocolLines, type AirbyteMessage } from '../helpers/protocol.js';

export interface KilledRun {
  messages: AirbyteMessage[];
  /** Whether SIGKILL was sent before the process exited by itself. */
  killed: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether a cut last line was dropped. */
  droppedCutLine: boolean;
  stderr: string;
}

/** Starts the run, sends SIGKILL after `killAfterMs` unless it has exited, and parses what it wrote. */
export async function runAndKill(options: RunOptions, killAfterMs: number): Promise<KilledRun> {
  const started = startConnector(options);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  started.child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  started.child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

  let killed = false;
  const timer = setTimeout(() => {
    killed = started.child.kill('SIGKILL');
  }, killAfterMs);

  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    started.child.on('close', (code, signal) => resolve({ code, signal }));
  });
  // The helper's own result rejects on a cut line, so the lines are parsed below instead.
  await started.result.catch(() => undefined);
  const { code, signal } = await exit;
  clearTimeout(timer);

  const text = Buffer.concat(stdout).toString('utf8');
  const end = text.lastIndexOf('\n') + 1;
  const cut = text.slice(end);
  if (cut !== '' && !killed) throw new Error(`connector exited ${code} with an unterminated last line: ${cut.slice(0, 300)}`);

  return { messages: parseProtocolLines(text.slice(0, end)), killed, code, signal, droppedCutLine: cut !== '', stderr: Buffer.concat(stderr).toString('utf8') };
}

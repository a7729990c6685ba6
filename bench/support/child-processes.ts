import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

// Every child runs in its own process group, so a timeout or an interrupted benchmark can
// stop it together with anything it started (such as the process under /usr/bin/time).
const running = new Set<ChildProcess>();

/** Starts a child in its own process group and tracks it until it exits. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Sends `signal` to the child's whole process group; a group already gone is ignored. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Resolves when the child has exited, or after `timeoutMs` with false. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Stops the child with SIGTERM, and with SIGKILL when it is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  signalGroup(child, 'SIGTERM');
  if (await waitForExit(child, graceMs)) return;
  signalGroup(child, 'SIGKILL');
  await waitForExit(child, graceMs);
}

function killAll(): void {
  for (const child of running) signalGroup(child, 'SIGKILL');
}

// A benchmark stopped with Ctrl-C or by an uncaught error leaves no server or connector behind.
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { signalGroup, spawnTracked } from './child-processes.js';
import { consumeOutput, type ConsumerOptions, type OutputSummary } from './output-consumer.js';
import { repoRoot } from './paths.js';

const GNU_TIME = '/usr/bin/time';
const POLL_INTERVAL_MS = 50;
const STDERR_LIMIT = 64 * 1024;

export interface MeasureOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** The run is killed (whole process group) and rejected after this long. */
  timeoutMs: number;
  output?: ConsumerOptions;
  /** Skips /usr/bin/time and /proc polling, for runs so short that the wrapper would show in the wall time. */
  wallTimeOnly?: boolean;
}

export interface MeasuredRun {
  /** Epoch ms when the process was spawned, on the same clock as the emulator's request log. */
  startedAt: number;
  wallMs: number;
  /** Peak resident set size (VmHWM) of the measured process, in bytes; NaN with `wallTimeOnly`. */
  peakRssBytes: number;
  /** CPU time in user and kernel mode, when /usr/bin/time measured the run. */
  cpuMs?: number;
  exitCode: number | null;
  output: OutputSummary;
  stderr: string;
}

/**
 * Runs a command to its end and measures wall time and peak RSS. With GNU time installed at
 * /usr/bin/time the peak comes from `time -v` (the kernel's ru_maxrss, exact); without it,
 * /proc/<pid>/status is polled every 50 ms for VmRSS and VmHWM. BENCH_PEAK_RSS=proc forces
 * polling.
 */
export async function runMeasured(options: MeasureOptions): Promise<MeasuredRun> {
  const useTime = !options.wallTimeOnly && existsSync(GNU_TIME) && process.env.BENCH_PEAK_RSS !== 'proc';
  const usePoller = !options.wallTimeOnly && !useTime;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'source-brex-bench-time-'));
  const timeFile = path.join(scratch, 'time.txt');
  const [command, args] = useTime ? [GNU_TIME, ['-v', '-o', timeFile, options.command, ...options.args]] : [options.command, options.args];

  try {
    const startedAt = Date.now();
    const start = performance.now();
    const child = spawnTracked(command, args, { cwd: repoRoot, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const poller = usePoller ? new RssPoller(child.pid) : undefined;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk.toString('utf8');
    });

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup(child, 'SIGKILL');
    }, options.timeoutMs);

    const outputDone = consumeOutput(child.stdout!, options.output);
    let exitCode: number | null;
    try {
      exitCode = await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => resolve(code));
      });
    } finally {
      clearTimeout(timer);
      poller?.stop();
    }
    const wallMs = performance.now() - start;
    const output = await outputDone;

    if (timedOut) throw new Error(`${options.command} ${options.args.join(' ')} timed out after ${options.timeoutMs} ms and was killed`);
    const usage = useTime ? parseGnuTime(readFileSync(timeFile, 'utf8')) : { peakRssBytes: poller?.peakBytes ?? Number.NaN, cpuMs: undefined };
    return { startedAt, wallMs, exitCode, output, stderr, ...usage };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Reads the peak RSS and CPU time from the report of `/usr/bin/time -v`. */
function parseGnuTime(report: string): { peakRssBytes: number; cpuMs: number } {
  const field = (label: string) => {
    const match = new RegExp(`^\\s*${label}: ([\\d.]+)$`, 'm').exec(report);
    if (!match) throw new Error(`"${label}" is missing from the /usr/bin/time -v report:\n${report}`);
    return Number(match[1]);
  };
  return {
    peakRssBytes: field('Maximum resident set size \\(kbytes\\)') * 1024,
    cpuMs: (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000,
  };
}

/** Polls /proc/<pid>/status and keeps the largest VmRSS or VmHWM seen. */
class RssPoller {
  peakBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number | undefined) {
    this.timer = setInterval(() => this.poll(), POLL_INTERVAL_MS);
    this.poll();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private poll(): void {
    if (this.pid === undefined) return;
    let status: string;
    try {
      status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      return; // The process has exited, so the last poll recorded its peak.
    }
    for (const key of ['VmRSS', 'VmHWM']) {
      const kb = Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
      this.peakBytes = Math.max(this.peakBytes, kb * 1024);
    }
  }
}

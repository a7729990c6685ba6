// Memory benchmark of the Brex API emulator at size large.
//
// Starts the emulator CLI as a child process with `--size large --rate-limit off`, pages
// through every card transaction with limit=1000, and reports items served, wall time,
// throughput and the server's peak resident set (VmHWM from /proc/<pid>/status, so Linux
// only). Exits 1 when the peak is 200 MB (10^6 bytes) or more, when fewer than 1,000,000
// items arrive, or when an item repeats.
//
// Run: npm run build && node dist/bench/emulator-memory.js

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PEAK_RSS_LIMIT_MB = 200;
const PAGE_SIZE = 1000;
// A bound on the loop: 1,000,000 items at 1000 per page need 1000 pages.
const MAX_PAGES = 5_000;
const TOKEN = 'bench-token';

const cliPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'emulator', 'cli.js');

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, '--size', 'large', '--rate-limit', 'off', '--port', '0', '--token', TOKEN], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator printed no URL within 30 s: ${output}`));
    }, 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited early with code ${code}: ${output}`));
    });
  });
}

/** Reads a memory field such as VmHWM (peak resident set) of a process, in MB of 10^6 bytes. */
function memoryMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) {
    throw new Error(`${field} not found in /proc/${pid}/status`);
  }
  return (Number(match[1]) * 1024) / 1e6;
}

interface Paging {
  items: number;
  pages: number;
  /** Count of items whose (posted_at_date, id) did not fall strictly below the previous one. */
  outOfOrder: number;
}

// Newest-first order is (posted_at_date, id) descending, so a repeated or skipped-back item
// shows up as an item that is not strictly below its predecessor.
async function pageAll(url: string): Promise<Paging> {
  const result: Paging = { items: 0, pages: 0, outOfOrder: 0 };
  let previous = '\uffff';
  let cursor: string | null = null;

  do {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) {
      query.set('cursor', cursor);
    }
    const response = await fetch(`${url}/v2/transactions/card/primary?${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    if (response.status !== 200) {
      throw new Error(`page ${result.pages + 1} returned ${response.status}: ${await response.text()}`);
    }
    const body = (await response.json()) as { items: { id: string; posted_at_date: string }[]; next_cursor: string | null };
    for (const item of body.items) {
      const key = `${item.posted_at_date} ${item.id}`;
      if (key >= previous) {
        result.outOfOrder += 1;
      }
      previous = key;
    }
    result.items += body.items.length;
    result.pages += 1;
    cursor = body.next_cursor;
  } while (cursor !== null && result.pages < MAX_PAGES);

  if (cursor !== null) {
    throw new Error(`paging did not end within ${MAX_PAGES} pages`);
  }
  return result;
}

async function main(): Promise<void> {
  const { child, url } = await startServer();
  const pid = child.pid!;
  try {
    const startupPeakMb = memoryMb(pid, 'VmHWM');
    const started = performance.now();
    const paging = await pageAll(url);
    const seconds = (performance.now() - started) / 1000;
    const peakMb = memoryMb(pid, 'VmHWM');

    const report = {
      itemsServed: paging.items,
      pages: paging.pages,
      outOfOrder: paging.outOfOrder,
      wallSeconds: Number(seconds.toFixed(2)),
      itemsPerSecond: Math.round(paging.items / seconds),
      startupPeakRssMb: Number(startupPeakMb.toFixed(1)),
      peakRssMb: Number(peakMb.toFixed(1)),
      limitMb: PEAK_RSS_LIMIT_MB,
    };
    console.log(`Emulator (size large): ${report.itemsServed} card transactions in ${report.pages} pages, ${report.wallSeconds} s, ${report.itemsPerSecond} items/s`);
    console.log(`Server peak RSS (VmHWM): ${report.peakRssMb} MB after paging (${report.startupPeakRssMb} MB after start-up); limit ${PEAK_RSS_LIMIT_MB} MB`);
    console.log(JSON.stringify(report));

    if (peakMb >= PEAK_RSS_LIMIT_MB || paging.items < 1_000_000 || paging.outOfOrder > 0) {
      console.error('FAILED: peak RSS over the limit, fewer than 1,000,000 items, or items out of order');
      process.exitCode = 1;
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error('emulator memory benchmark failed:', error);
  process.exitCode = 1;
});

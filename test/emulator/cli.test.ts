// The built command line entry point, run as a child process.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './helpers/repo.js';

const CLI = join(repoRoot(), 'dist', 'emulator', 'cli.js');

/** Starts the CLI and resolves with the child and its base URL once it prints one. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI printed no URL within 15 s: ${output}`));
    }, 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}: ${output}`));
    });
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('emulator CLI', () => {
  it('serves users and stops on SIGTERM', async () => {
    const { child, url, output } = await startCli(['--port', '0', '--seed', '1', '--size', 'small', '--token', 'demo-token', '--token', 'second']);
    try {
      expect(output()).toContain('demo-token, second');

      const first = await fetch(`${url}/v2/users?limit=2`, { headers: { Authorization: 'Bearer demo-token' } });
      const body = await first.json();
      expect(body.items).toHaveLength(2);
      expect(typeof body.next_cursor).toBe('string');

      let cursor: string | null = body.next_cursor;
      let count = body.items.length;
      for (let page = 0; cursor !== null && page < 50; page++) {
        const next = await (await fetch(`${url}/v2/users?limit=2&cursor=${encodeURIComponent(cursor)}`, { headers: { Authorization: 'Bearer second' } })).json();
        count += next.items.length;
        cursor = next.next_cursor;
      }
      expect(cursor).toBeNull();
      expect(count).toBe(15);
    } finally {
      const exited = exitCode(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('applies flags', async () => {
    const { child, url } = await startCli(['--port', '0', '--no-cash', '--rate-limit', '2/60', '--retry-after', 'none', '--order', 'oldest', '--today', '2025-06-30']);
    try {
      const headers = { Authorization: 'Bearer demo-token' };
      expect((await fetch(`${url}/v2/accounts/cash`, { headers })).status).toBe(401);
      const page = await (await fetch(`${url}/v2/transactions/card/primary?limit=1000`, { headers })).json();
      expect(page.items.at(-1).posted_at_date).toBe('2025-06-30');
      const limited = await fetch(`${url}/v2/users`, { headers });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBeNull();
    } finally {
      const exited = exitCode(child);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });

  it('prints help', () => {
    const result = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(0);
    for (const flag of ['--host', '--port', '--seed', '--size', '--token', '--latency-ms', '--order', '--rate-limit', '--retry-after', '--cursor-ttl-seconds', '--no-cash', '--today']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('rejects an unknown flag', () => {
    const result = spawnSync(process.execPath, [CLI, '--colour', 'blue'], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--colour'");
  });

  it('rejects a bad rate limit', () => {
    const result = spawnSync(process.execPath, [CLI, '--rate-limit', 'fast'], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--rate-limit');
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, resolved from dist/bench/support/paths.js. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const connectorEntry = path.join(repoRoot, 'dist/src/index.js');
export const emulatorCli = path.join(repoRoot, 'dist/emulator/cli.js');
export const emulatorHost = path.join(repoRoot, 'dist/bench/support/emulator-host.js');
export const baselineFetch = path.join(repoRoot, 'dist/bench/baseline-fetch.js');
export const memoryProbe = path.join(repoRoot, 'dist/bench/support/memory-probe.js');
export const benchmarksDoc = path.join(repoRoot, 'docs/benchmarks.md');

/** Scratch output (CPU profiles, request logs); ignored by git. */
export const scratchDir = path.join(repoRoot, 'bench/out');

/** Returns `file` relative to the repository root, for commands printed in docs. */
export function relativeToRepo(file: string): string {
  return path.relative(repoRoot, file);
}

/**
 * Node flags of the image's ENTRYPOINT (the words between `node` and the script), so benchmarks
 * run the connector the way the image does.
 */
export const imageNodeFlags: string[] = (() => {
  const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const entrypoint = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(dockerfile);
  if (!entrypoint) return [];
  const words = JSON.parse(entrypoint[1]) as string[];
  return words.slice(1, -1).filter((word) => word.startsWith('--'));
})();

// Runs the four connector benchmarks in order; each writes its section of docs/benchmarks.md.
// `npm run bench` builds first and then runs this file. A benchmark that fails is reported and
// the others still run; the exit code is 1 when any failed.

import { runMemoryBenchmark } from './memory.js';
import { runRateLimitBenchmark } from './rate-limit.js';
import { runStartupBenchmark } from './startup.js';
import { runThroughputBenchmark } from './throughput.js';

const COMMAND = 'npm run bench';

const BENCHMARKS: Array<[string, (command: string) => Promise<void>]> = [
  ['throughput', runThroughputBenchmark],
  ['rate-limit', runRateLimitBenchmark],
  ['memory', runMemoryBenchmark],
  ['startup', runStartupBenchmark],
];

const failed: string[] = [];
const startedAt = performance.now();
for (const [name, run] of BENCHMARKS) {
  console.log(`\n=== ${name} ===`);
  try {
    await run(COMMAND);
  } catch (error) {
    failed.push(name);
    console.error(`Benchmark ${name} failed:`, error);
  }
}

console.log(`\nAll benchmarks finished in ${((performance.now() - startedAt) / 60_000).toFixed(1)} min.`);
if (failed.length > 0) {
  console.error(`Failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}

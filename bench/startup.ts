// Benchmark 4: start-up time of `node dist/src/index.js spec` against `node -e 0`, the cost of
// starting Node itself. Run: node dist/bench/startup.js

import { pathToFileURL } from 'node:url';

import { formatProfile, profileNodeRun } from './support/cpu-profile.js';
import { writeDocsSection } from './support/docs-section.js';
import { describeMachine, formatMachine } from './support/machine.js';
import { runMeasured } from './support/measured-process.js';
import { connectorEntry } from './support/paths.js';
import { runCount } from './support/run-count.js';
import { formatSummary, milliseconds, ratio, summarize } from './support/statistics.js';

const RUNS = runCount(20);
const TARGET_RATIO = 3;
const RUN_TIMEOUT_MS = 30_000;

const EMPTY_NODE = ['-e', '0'];
const SPEC = [connectorEntry, 'spec'];

async function timeRun(args: string[]): Promise<number> {
  const run = await runMeasured({ command: process.execPath, args, timeoutMs: RUN_TIMEOUT_MS, wallTimeOnly: true });
  if (run.exitCode !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.exitCode}: ${run.stderr}`);
  return run.wallMs;
}

export async function runStartupBenchmark(command = 'node dist/bench/startup.js'): Promise<void> {
  const machine = describeMachine();
  console.log(`Start-up: ${RUNS} runs each of \`node -e 0\` and \`node dist/src/index.js spec\`, alternating`);

  // One unmeasured run of each warms the file cache.
  await timeRun(EMPTY_NODE);
  await timeRun(SPEC);

  const node: number[] = [];
  const spec: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(await timeRun(EMPTY_NODE));
    spec.push(await timeRun(SPEC));
  }

  const nodeSummary = summarize(node);
  const specSummary = summarize(spec);
  const measuredRatio = specSummary.median / nodeSummary.median;
  const met = measuredRatio <= TARGET_RATIO;
  console.log(`  node -e 0: ${formatSummary(nodeSummary, milliseconds)}; spec: ${formatSummary(specSummary, milliseconds)}; ratio ${ratio(measuredRatio)}`);

  let cause = '';
  if (!met) {
    const profile = await profileNodeRun('startup-spec', { command: process.execPath, args: SPEC, timeoutMs: RUN_TIMEOUT_MS });
    cause = `\n\nCPU profile of one \`node --cpu-prof dist/src/index.js spec\` run (${profile.totalMs.toFixed(0)} ms sampled), self time by where the code lives and the top functions:\n\n${formatProfile(profile)}`;
  }

  const body = `Measured ${formatMachine(machine)}. Command: \`${command}\`. ${RUNS} runs of each command, alternating, after one unmeasured run of each; wall time from spawn to exit.

| command | wall time |
| --- | ---: |
| \`node -e 0\` | ${formatSummary(nodeSummary, milliseconds)} |
| \`node dist/src/index.js spec\` | ${formatSummary(specSummary, milliseconds)} |

Target: spec ≤ ${TARGET_RATIO} × \`node -e 0\` (medians): **${met ? 'met' : 'missed'}** (${ratio(measuredRatio)}).${cause}`;
  writeDocsSection('Start-up time', body);
  console.log(body);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runStartupBenchmark();
}

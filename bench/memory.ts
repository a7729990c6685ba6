// Benchmark 3: the connector's peak RSS reading 100,000 and 1,000,000 card transactions, and
// reading 100,000 into a consumer that takes only 1 MB/s. Run: node dist/bench/memory.js

import { pathToFileURL } from 'node:url';

import { connectorEnv, readArguments, writeConnectorInputs, type ConnectorInputs } from './support/connector-inputs.js';
import { writeDocsSection } from './support/docs-section.js';
import { startEmulatorCli, type EmulatorProcess } from './support/emulator-process.js';
import { describeMachine, formatMachine } from './support/machine.js';
import { runMeasured, type MeasuredRun } from './support/measured-process.js';
import { parseProbeLine } from './support/memory-probe-line.js';
import { imageNodeFlags, memoryProbe, relativeToRepo } from "./support/paths.js";
import { assertReadCompleted } from './support/read-outcome.js';
import { runCount } from './support/run-count.js';
import { formatSummary, integer, megabytes, ratio, seconds, summarize } from './support/statistics.js';

const RUNS = runCount(5);
const STREAM = 'card_transactions';
const PAGE_SIZE = 100;
const RUN_TIMEOUT_MS = 300_000;

/** The emulator's large data set: 1,000,000 card transactions spread evenly over 730 days. */
const LARGE_RECORDS = 1_000_000;
const LARGE_HISTORY_DAYS = 730;
/** Posted dates grow with the row index, so the newest 73 of 730 days hold about 100,000 rows. */
const SUBSET_DAYS = 73;

const PEAK_LIMIT_BYTES = 150_000_000;
/** The larger read, and the read into the slow consumer, may use at most 10% more than the small one. */
const GROWTH_LIMIT = 1.1;
const SLOW_CONSUMER_BYTES_PER_SECOND = 1_000_000;
/** How far the slow run's wall time may stray from output size ÷ 1 MB/s and still count as paced by it. */
const PACING_TOLERANCE = 0.15;
/**
 * A smaller young generation, tried when a target is missed. By default V8 lets each of the two
 * semi-spaces grow to 16 MB on this 64-bit Node 20 (v8.getHeapSpaceStatistics() shows a 32 MB
 * new space under allocation churn).
 */
const SMALL_SEMI_SPACE_FLAG = '--max-semi-space-size=4';

interface Scenario {
  label: string;
  inputs: ConnectorInputs;
  bytesPerSecond?: number;
  /** Flags for the node binary that runs the connector. */
  nodeFlags?: string[];
}

async function measure(emulator: EmulatorProcess, scenario: Scenario, label: string): Promise<MeasuredRun> {
  const result = await runMeasured({
    command: process.execPath,
    args: readArguments(scenario.inputs, scenario.nodeFlags),
    env: connectorEnv(emulator.url, { BREX_REQUESTS_PER_MINUTE: 'off' }),
    timeoutMs: RUN_TIMEOUT_MS,
    output: { bytesPerSecond: scenario.bytesPerSecond },
  });
  assertReadCompleted(result, [STREAM], label);
  console.log(`  ${label}: peak RSS ${megabytes(result.peakRssBytes)}, ${integer(result.output.records)} records, ${seconds(result.wallMs)}`);
  return result;
}

function subtractDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

interface Runs {
  subset: MeasuredRun[];
  full: MeasuredRun[];
  slow: MeasuredRun[];
}

export async function runMemoryBenchmark(command = 'node dist/bench/memory.js'): Promise<void> {
  const machine = describeMachine();
  const emulator = await startEmulatorCli(['--size', 'large', '--rate-limit', 'off', '--today', machine.date]);
  const subsetStart = subtractDays(machine.date, SUBSET_DAYS);
  const catalog = [{ name: STREAM, syncMode: 'full_refresh' as const }];
  const subsetInputs = writeConnectorInputs({ page_size: PAGE_SIZE, start_date: subsetStart }, catalog);
  const fullInputs = writeConnectorInputs({ page_size: PAGE_SIZE }, catalog);
  const scenarios = {
    subset: { label: '~100,000 records', inputs: subsetInputs },
    full: { label: `${integer(LARGE_RECORDS)} records`, inputs: fullInputs },
    slow: { label: '~100,000 records, 1 MB/s consumer', inputs: subsetInputs, bytesPerSecond: SLOW_CONSUMER_BYTES_PER_SECOND },
  };

  try {
    console.log(`Memory: ${RUNS} runs of each scenario, interleaved`);
    const runs: Runs = { subset: [], full: [], slow: [] };
    for (let i = 1; i <= RUNS; i++) {
      runs.subset.push(await measure(emulator, scenarios.subset, `${scenarios.subset.label} #${i}`));
      runs.full.push(await measure(emulator, scenarios.full, `${scenarios.full.label} #${i}`));
      runs.slow.push(await measure(emulator, scenarios.slow, `${scenarios.slow.label} #${i}`));
    }

    const checks = evaluate(runs);
    const peakMissed = !checks[0].met || !checks[1].met;
    const breakdown = peakMissed ? await measureBreakdown(emulator, [scenarios.subset, scenarios.full]) : '';

    const body = renderSection({ machine: formatMachine(machine), command, emulator, subsetStart, runs, checks, breakdown });
    writeDocsSection('Connector memory', body);
    console.log(body);
  } finally {
    subsetInputs.dispose();
    fullInputs.dispose();
    await emulator.stop();
  }
}

interface Check {
  text: string;
  met: boolean;
}

function medianPeak(runs: MeasuredRun[]): number {
  return summarize(runs.map((run) => run.peakRssBytes)).median;
}

/** Evaluates the four targets, in this order: absolute peak, growth with records, slow consumer peak, pacing. */
function evaluate(runs: Runs): Check[] {
  const subsetPeak = medianPeak(runs.subset);
  const fullPeak = medianPeak(runs.full);
  const slowPeak = medianPeak(runs.slow);
  const largest = Math.max(subsetPeak, fullPeak, slowPeak);
  // The slow run should last as long as its output takes at 1 MB/s.
  const pacing = summarize(runs.slow.map((run) => run.wallMs / ((run.output.bytes / SLOW_CONSUMER_BYTES_PER_SECOND) * 1000)));

  return [
    { text: `peak RSS under ${megabytes(PEAK_LIMIT_BYTES)} in every scenario (largest median ${megabytes(largest)})`, met: largest < PEAK_LIMIT_BYTES },
    { text: `1,000,000 records at most ${GROWTH_LIMIT}× the ~100,000-record peak (${ratio(fullPeak / subsetPeak)})`, met: fullPeak <= GROWTH_LIMIT * subsetPeak },
    { text: `slow consumer at most ${GROWTH_LIMIT}× the ~100,000-record peak (${ratio(slowPeak / subsetPeak)})`, met: slowPeak <= GROWTH_LIMIT * subsetPeak },
    {
      text: `slow run lasts output size ÷ 1 MB/s within ±${PACING_TOLERANCE * 100}% (wall ÷ expected ${formatSummary(pacing, ratio)})`,
      met: Math.abs(pacing.median - 1) <= PACING_TOLERANCE,
    },
  ];
}

/**
 * Runs each scenario once more with the memory probe preloaded, once with Node's defaults and
 * once with a smaller young generation, and tabulates the peaks of process.memoryUsage().
 */
async function measureBreakdown(emulator: EmulatorProcess, scenarios: Scenario[]): Promise<string> {
  const emptyNode = await runMeasured({ command: process.execPath, args: ['-e', '0'], timeoutMs: RUN_TIMEOUT_MS });
  const rows: string[] = [];
  for (const scenario of scenarios) {
    for (const flags of [[], [SMALL_SEMI_SPACE_FLAG]]) {
      const label = `${scenario.label}${flags.length > 0 ? `, \`node ${flags.join(' ')}\`` : ''}`;
      const run = await measure(emulator, { ...scenario, nodeFlags: [...flags, '--import', memoryProbe] }, `${label} (memory probe)`);
      const peaks = parseProbeLine(run.stderr);
      rows.push(
        `| ${label} | ${megabytes(run.peakRssBytes)} | ${megabytes(peaks.heapTotal)} | ${megabytes(peaks.heapUsed)} | ${megabytes(peaks.external)} | ${megabytes(peaks.arrayBuffers)} | ${seconds(run.cpuMs ?? Number.NaN)} |`,
      );
    }
  }

  return `Breakdown, one run of each with \`node --import ${relativeToRepo(memoryProbe)}\`, which samples \`process.memoryUsage()\` every 20 ms and reports each field's maximum. Heap total is what V8 reserved for JavaScript objects, heap used the part holding objects (live or not yet collected), external the memory of Buffers and other objects outside the heap. The rest of the RSS is mostly Node itself: \`node -e 0\` peaks at ${megabytes(emptyNode.peakRssBytes)}. The first row of each pair runs Node with its default young generation (up to 16 MB per semi-space), the second with \`${SMALL_SEMI_SPACE_FLAG}\` (4 MB), the flag the image's ENTRYPOINT sets.

| run | peak RSS | heap total | heap used | external | array buffers | CPU time |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}`;
}

interface SectionInput {
  machine: string;
  command: string;
  emulator: EmulatorProcess;
  subsetStart: string;
  runs: Runs;
  checks: Check[];
  breakdown: string;
}

function renderSection({ machine, command, emulator, subsetStart, runs, checks, breakdown }: SectionInput): string {
  const row = (label: string, list: MeasuredRun[]) =>
    `| ${label} | ${formatSummary(summarize(list.map((run) => run.output.records)), integer)} | ${megabytes(list[0].output.bytes)} | ${formatSummary(summarize(list.map((run) => run.wallMs)), seconds)} | ${formatSummary(summarize(list.map((run) => run.peakRssBytes)), megabytes)} |`;

  return `Measured ${machine}. Command: \`${command}\`. ${RUNS} runs of each scenario, interleaved; peak RSS is the connector process's maximum resident set size from \`/usr/bin/time -v\` (or VmHWM from /proc/<pid>/status where GNU time is missing).

- Emulator: \`${emulator.commandLine}\` (1,000,000 card transactions whose posted dates grow with the row index).
- Connector: \`node ${imageNodeFlags.join(" ")} dist/src/index.js read\` (the node flags of the image ENTRYPOINT), full refresh of card_transactions, page_size ${PAGE_SIZE}, \`BREX_REQUESTS_PER_MINUTE=off\`. The ~100,000-record scenarios set start_date ${subsetStart} (the newest ${SUBSET_DAYS} of ${LARGE_HISTORY_DAYS} days).
- The benchmark reads the connector's stdout and drops it; in the slow scenario it pauses the pipe to read no more than ${integer(SLOW_CONSUMER_BYTES_PER_SECOND)} bytes per second, so the connector only keeps up by waiting for the pipe.

| scenario | records | stdout | wall time | peak RSS |
| --- | ---: | ---: | ---: | ---: |
${row('~100,000 records', runs.subset)}
${row(`${integer(LARGE_RECORDS)} records`, runs.full)}
${row('~100,000 records, 1 MB/s consumer', runs.slow)}

Targets:
${checks.map((check) => `- ${check.text}: **${check.met ? 'met' : 'missed'}**`).join('\n')}${breakdown ? `\n\n${breakdown}` : ''}`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runMemoryBenchmark();
}

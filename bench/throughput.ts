// Benchmark 1: a full refresh of 1,000,000 card transactions, the connector against a plain
// fetch loop (bench/baseline-fetch.ts) over the same emulator. Run: node dist/bench/throughput.js

import { pathToFileURL } from 'node:url';

import { connectorEnv, readArguments, writeConnectorInputs } from './support/connector-inputs.js';
import { formatGroupComparison, formatTopFunctions, profileNodeRun } from './support/cpu-profile.js';
import { writeDocsSection } from './support/docs-section.js';
import { BENCH_TOKEN, startEmulatorCli, type EmulatorProcess } from './support/emulator-process.js';
import { describeMachine, formatMachine } from './support/machine.js';
import { runMeasured, type MeasuredRun, type MeasureOptions } from './support/measured-process.js';
import { baselineFetch, relativeToRepo } from './support/paths.js';
import { processCpuMs } from './support/process-cpu.js';
import { assertReadCompleted } from './support/read-outcome.js';
import { runCount } from './support/run-count.js';
import { formatSummary, integer, megabytes, ratio, seconds, summarize, type Summary } from './support/statistics.js';

const RUNS = runCount(5);
const EXPECTED_RECORDS = 1_000_000;
const PAGE_SIZE = 100;
const TARGET_RATIO = 1.3;
const RUN_TIMEOUT_MS = 300_000;
const STREAM = 'card_transactions';

/** One measured run plus the CPU time the emulator spent serving it. */
interface ThroughputRun {
  run: MeasuredRun;
  emulatorCpuMs: number;
}

async function measureAgainst(emulator: EmulatorProcess, options: MeasureOptions, label: string): Promise<ThroughputRun> {
  const emulatorCpuBefore = processCpuMs(emulator.child.pid!);
  const run = await runMeasured(options);
  const emulatorCpuMs = processCpuMs(emulator.child.pid!) - emulatorCpuBefore;

  if (run.output.records !== EXPECTED_RECORDS) {
    throw new Error(`${label} wrote ${run.output.records} records, expected ${EXPECTED_RECORDS} (exit code ${run.exitCode}).\n${run.stderr.slice(-2000)}`);
  }
  console.log(
    `  ${label}: ${seconds(run.wallMs)}, ${integer(EXPECTED_RECORDS / (run.wallMs / 1000))} records/s, ` +
      `CPU ${seconds(run.cpuMs ?? Number.NaN)}, emulator CPU ${seconds(emulatorCpuMs)}, peak RSS ${megabytes(run.peakRssBytes)}`,
  );
  return { run, emulatorCpuMs };
}

export async function runThroughputBenchmark(command = 'node dist/bench/throughput.js'): Promise<void> {
  const machine = describeMachine();
  const emulator = await startEmulatorCli(['--size', 'large', '--rate-limit', 'off', '--today', machine.date]);
  // The connector's own limiter is lifted (loopback only), so both programs run as fast as they can.
  const env = connectorEnv(emulator.url, { BREX_REQUESTS_PER_MINUTE: 'off' });
  const inputs = writeConnectorInputs({ page_size: PAGE_SIZE }, [{ name: STREAM, syncMode: 'full_refresh' }]);
  const connectorOptions: MeasureOptions = { command: process.execPath, args: readArguments(inputs), env, timeoutMs: RUN_TIMEOUT_MS };
  const baselineOptions: MeasureOptions = {
    command: process.execPath,
    args: [baselineFetch, '--limit', String(PAGE_SIZE)],
    env: { ...process.env, BREX_API_BASE_URL: emulator.url, BREX_TOKEN: BENCH_TOKEN },
    timeoutMs: RUN_TIMEOUT_MS,
  };

  try {
    console.log(`Throughput: ${RUNS} runs each of the fetch baseline and the connector, alternating, ${integer(EXPECTED_RECORDS)} records per run`);
    const baseline: ThroughputRun[] = [];
    const connector: ThroughputRun[] = [];
    for (let i = 1; i <= RUNS; i++) {
      baseline.push(await measureAgainst(emulator, baselineOptions, `baseline #${i}`));
      const connectorRun = await measureAgainst(emulator, connectorOptions, `connector #${i}`);
      assertReadCompleted(connectorRun.run, [STREAM], `connector #${i}`);
      connector.push(connectorRun);
    }

    const measuredRatio = summarize(connector.map((r) => r.run.wallMs)).median / summarize(baseline.map((r) => r.run.wallMs)).median;
    // Runs alternate, so run i of each program saw about the same load on the machine.
    const pairedRatios = summarize(connector.map((r, i) => r.run.wallMs / baseline[i].run.wallMs));

    const met = measuredRatio <= TARGET_RATIO;
    // A miss by either statistic is worth a profile: on a busy machine the two can disagree.
    const cause = met && pairedRatios.median <= TARGET_RATIO ? '' : await profileBoth(connectorOptions, baselineOptions);

    const body = renderSection({ machine: formatMachine(machine), command, emulator, baseline, connector, measuredRatio, pairedRatios, met, cause });
    writeDocsSection('Connector throughput', body);
    console.log(body);
  } finally {
    inputs.dispose();
    await emulator.stop();
  }
}

/** Profiles one run of each program and renders where their CPU time goes, side by side. */
async function profileBoth(connectorOptions: MeasureOptions, baselineOptions: MeasureOptions): Promise<string> {
  const connector = await profileNodeRun('throughput-connector', connectorOptions);
  const baseline = await profileNodeRun('throughput-baseline', baselineOptions);
  const comparison = formatGroupComparison({ label: 'connector', summary: connector }, { label: 'fetch baseline', summary: baseline });

  return `

Where the time goes: one run of each program under \`node --cpu-prof\`, self time by where the code lives. The profiler samples wall time: \`(idle)\` is time spent waiting for the emulator or the pipe, and on a busy machine a function's self time includes time its thread was not scheduled. The profiles are in bench/out/profiles/.

${comparison}

Top functions of the connector by self time:

${formatTopFunctions(connector)}`;
}

interface SectionInput {
  machine: string;
  command: string;
  emulator: EmulatorProcess;
  baseline: ThroughputRun[];
  connector: ThroughputRun[];
  measuredRatio: number;
  pairedRatios: Summary;
  met: boolean;
  cause: string;
}

function renderSection(input: SectionInput): string {
  const medianCpu = (runs: ThroughputRun[]) => summarize(runs.map((r) => r.run.cpuMs ?? Number.NaN)).median;
  const cpuRatio = medianCpu(input.connector) / medianCpu(input.baseline);

  const row = (label: string, runs: ThroughputRun[]) => {
    const wall = summarize(runs.map((r) => r.run.wallMs));
    const rate = summarize(runs.map((r) => EXPECTED_RECORDS / (r.run.wallMs / 1000)));
    const cpu = summarize(runs.map((r) => r.run.cpuMs ?? Number.NaN));
    const emulatorCpu = summarize(runs.map((r) => r.emulatorCpuMs));
    const rss = summarize(runs.map((r) => r.run.peakRssBytes));
    const bytes = runs[0].run.output.bytes;
    return `| ${label} | ${formatSummary(wall, seconds)} | ${formatSummary(rate, integer)} | ${formatSummary(cpu, seconds)} | ${formatSummary(emulatorCpu, seconds)} | ${formatSummary(rss, megabytes)} | ${megabytes(bytes)} |`;
  };

  return `Measured ${input.machine}. Command: \`${input.command}\`. ${RUNS} runs of each program, alternating, each reading all ${integer(EXPECTED_RECORDS)} card transactions in pages of ${PAGE_SIZE}.

- Emulator: \`${input.emulator.commandLine}\` (no rate limit, no latency).
- Connector: \`node dist/src/index.js read\`, full refresh of card_transactions only, page_size ${PAGE_SIZE}, with \`BREX_REQUESTS_PER_MINUTE=off\` so its client-side limiter does not pace requests (the variable is honoured only for a loopback base URL).
- Baseline: \`node ${relativeToRepo(baselineFetch)} --limit ${PAGE_SIZE}\`, a loop over the same endpoint with Node's fetch and the same Authorization header that writes each item as a RECORD line and nothing else.
- Both write to a pipe that the benchmark reads and drops, counting the RECORD lines (each run must have ${integer(EXPECTED_RECORDS)}). CPU time is user plus system time of the measured process; emulator CPU is what the emulator process used during the run.

| program | wall time | records/s | CPU time | emulator CPU | peak RSS | stdout |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row('fetch baseline', input.baseline)}
${row('connector', input.connector)}

Connector wall time ÷ baseline wall time of the same pair of runs: ${formatSummary(input.pairedRatios, ratio)}. Connector CPU time ÷ baseline CPU time (medians): ${ratio(cpuRatio)}.

Target: connector wall time ≤ ${TARGET_RATIO} × baseline (medians): **${input.met ? 'met' : 'missed'}** (${ratio(input.measuredRatio)}).${input.cause}`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runThroughputBenchmark();
}

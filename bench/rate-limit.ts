// Benchmark 2: a sync of all eight streams against the emulator's rate limit and latency,
// compared with the lower bound those two impose. Run: node dist/bench/rate-limit.js

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { StreamSelection } from '../test/helpers/cli.js';
import { connectorEnv, readArguments, writeConnectorInputs, type BenchConfig } from './support/connector-inputs.js';
import { writeDocsSection } from './support/docs-section.js';
import { BENCH_TOKEN, startEmulatorHost } from './support/emulator-process.js';
import { describeMachine, formatMachine } from './support/machine.js';
import { runMeasured } from './support/measured-process.js';
import { baselineFetch, relativeToRepo } from './support/paths.js';
import { decomposeChainDelay, type ChainDelay } from './support/chain-delay.js';
import { assertReadCompleted } from './support/read-outcome.js';
import { analyzeRequestLog, readRequestLog, type RequestLogAnalysis } from './support/request-log.js';
import { runCount } from './support/run-count.js';
import { formatSummary, integer, milliseconds, ratio, seconds, summarize } from './support/statistics.js';

const RUNS = runCount(5);
const LATENCY_MS = 300;
/** Brex allows 1,000 requests per 60 s; the same rate over a 6 s window keeps runs short. */
const RATE_LIMIT = { limit: 100, windowMs: 6_000, retryAfter: 'seconds' } as const;
const TARGET_RATIO = 1.1;
const RUN_TIMEOUT_MS = 300_000;

/** 95% of the emulator's 1,000 requests per minute. */
const REQUESTS_PER_MINUTE = 950;
const MAX_CONCURRENT_REQUESTS = 8;
/** Other bounds tried once each, to show how the chosen one compares. */
const CONCURRENCY_SWEEP = [4, 16];

const FULL_REFRESH_STREAMS = ['card_transactions', 'cash_transactions', 'expenses', 'users', 'departments', 'locations', 'vendors', 'budgets'];
const INCREMENTAL_STREAMS = new Set(['card_transactions', 'cash_transactions', 'expenses']);

interface Variant {
  label: string;
  streams: StreamSelection[];
}

const VARIANTS: Variant[] = [
  { label: 'all 8 streams, full refresh', streams: FULL_REFRESH_STREAMS.map((name) => ({ name, syncMode: 'full_refresh' })) },
  {
    label: '3 incremental (no state) + 5 full refresh',
    streams: FULL_REFRESH_STREAMS.map((name) => ({ name, syncMode: INCREMENTAL_STREAMS.has(name) ? 'incremental' : 'full_refresh' })),
  },
];

interface SyncRun {
  wallMs: number;
  analysis: RequestLogAnalysis;
  rateBoundMs: number;
  chainBoundMs: number;
  boundMs: number;
  /** Retry warnings for HTTP 429 in the connector's own log. */
  loggedRetries429: number;
  /** Breakdown of the wall time beyond the longest chain's pages × latency. */
  delay: ChainDelay;
}

/** Runs one sync against a fresh emulator, so each run starts with an empty rate-limit window. */
async function runSync(variant: Variant, maxConcurrent: number, today: string): Promise<SyncRun> {
  const config: BenchConfig = { page_size: 100, requests_per_minute: REQUESTS_PER_MINUTE, max_concurrent_requests: maxConcurrent };
  const inputs = writeConnectorInputs(config, variant.streams);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'source-brex-bench-log-'));
  const logFile = path.join(scratch, 'requests.json');
  const emulator = await startEmulatorHost({ size: 'medium', latencyMs: LATENCY_MS, rateLimit: RATE_LIMIT, today }, logFile);

  try {
    const run = await runMeasured({
      command: process.execPath,
      args: readArguments(inputs),
      env: connectorEnv(emulator.url),
      timeoutMs: RUN_TIMEOUT_MS,
      output: { keepAll: true },
    });
    await emulator.stop();
    assertReadCompleted(run, FULL_REFRESH_STREAMS, `rate-limit sync (${variant.label})`);

    const analysis = analyzeRequestLog(readRequestLog(logFile));
    const rateBoundMs = (analysis.requests * RATE_LIMIT.windowMs) / RATE_LIMIT.limit;
    const chainBoundMs = (analysis.chains[0]?.pages ?? 0) * LATENCY_MS;
    return {
      wallMs: run.wallMs,
      analysis,
      rateBoundMs,
      chainBoundMs,
      boundMs: Math.max(rateBoundMs, chainBoundMs),
      loggedRetries429: countLoggedRetries429(run.output.text ?? ''),
      delay: decomposeChainDelay(analysis, run.startedAt, run.startedAt + run.wallMs, LATENCY_MS),
    };
  } finally {
    await emulator.stop();
    inputs.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Counts the connector's "Retrying Brex request" LOG lines for status 429. */
function countLoggedRetries429(output: string): number {
  return output.split('\n').filter((line) => line.includes('"type":"LOG"') && line.includes('Retrying Brex request') && line.includes('status=429')).length;
}

/** One plain fetch loop over the card transaction chain alone, as a reference for what any client needs. */
interface ReferenceRun {
  wallMs: number;
  pages: number;
  /** Median time between two page requests; a median is not thrown off by one step of the system clock. */
  medianIntervalMs: number;
}

async function runReference(today: string): Promise<ReferenceRun> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'source-brex-bench-log-'));
  const logFile = path.join(scratch, 'requests.json');
  const emulator = await startEmulatorHost({ size: 'medium', latencyMs: LATENCY_MS, rateLimit: RATE_LIMIT, today }, logFile);

  try {
    const run = await runMeasured({
      command: process.execPath,
      args: [baselineFetch, '--limit', '100'],
      env: { ...process.env, BREX_API_BASE_URL: emulator.url, BREX_TOKEN: BENCH_TOKEN },
      timeoutMs: RUN_TIMEOUT_MS,
    });
    await emulator.stop();
    if (run.exitCode !== 0) throw new Error(`the fetch baseline exited with ${run.exitCode}: ${run.stderr.slice(-2000)}`);

    const arrivals = readRequestLog(logFile).map((entry) => entry.at);
    const intervals = arrivals.slice(1).map((at, i) => at - arrivals[i]);
    return { wallMs: run.wallMs, pages: arrivals.length, medianIntervalMs: summarize(intervals).median };
  } finally {
    await emulator.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface VariantResult {
  variant: Variant;
  runs: SyncRun[];
}

export async function runRateLimitBenchmark(command = 'node dist/bench/rate-limit.js'): Promise<void> {
  const machine = describeMachine();
  const today = machine.date;
  console.log(`Rate-limit-bound sync: ${RUNS} runs per variant, max_concurrent_requests ${MAX_CONCURRENT_REQUESTS}`);

  const results: VariantResult[] = [];
  for (const variant of VARIANTS) {
    const runs: SyncRun[] = [];
    for (let i = 1; i <= RUNS; i++) {
      const run = await runSync(variant, MAX_CONCURRENT_REQUESTS, today);
      runs.push(run);
      console.log(
        `  ${variant.label} #${i}: ${seconds(run.wallMs)} wall, bound ${seconds(run.boundMs)}, ratio ${ratio(run.wallMs / run.boundMs)}, ` +
          `${run.analysis.requests} requests, ${run.analysis.rateLimited} x 429`,
      );
    }
    results.push({ variant, runs });
  }

  const sweep: Array<{ maxConcurrent: number; run: SyncRun }> = [];
  for (const maxConcurrent of CONCURRENCY_SWEEP) {
    const run = await runSync(VARIANTS[0], maxConcurrent, today);
    sweep.push({ maxConcurrent, run });
    console.log(`  max_concurrent_requests ${maxConcurrent}: ${seconds(run.wallMs)} wall, ratio ${ratio(run.wallMs / run.boundMs)}`);
  }

  const reference = await runReference(today);
  console.log(`  fetch baseline, card transactions alone: ${seconds(reference.wallMs)} for ${reference.pages} pages`);

  const body = renderSection(results, sweep, reference, formatMachine(machine), command);
  writeDocsSection('Rate-limit-bound sync', body);
  console.log(body);
}

function renderSection(
  results: VariantResult[],
  sweep: Array<{ maxConcurrent: number; run: SyncRun }>,
  reference: ReferenceRun,
  machine: string,
  command: string,
): string {
  const rows = results.map(({ variant, runs }) => {
    const wall = summarize(runs.map((run) => run.wallMs));
    const bound = summarize(runs.map((run) => run.boundMs));
    const ratios = summarize(runs.map((run) => run.wallMs / run.boundMs));
    const requests = summarize(runs.map((run) => run.analysis.requests));
    const rateLimited = runs.reduce((sum, run) => sum + run.analysis.rateLimited, 0);
    const logged = runs.reduce((sum, run) => sum + run.loggedRetries429, 0);
    const chain = runs[0].analysis.chains[0];
    return `| ${variant.label} | ${formatSummary(wall, seconds)} | ${formatSummary(bound, seconds)} | ${formatSummary(ratios, ratio)} | ${formatSummary(requests, integer)} | ${rateLimited} (${logged} in the connector log) | ${chain?.pages ?? 0} pages (\`${chain?.name ?? '-'}\`) |`;
  });

  const breakdown = results.map(({ variant, runs }) => {
    const part = (pick: (delay: ChainDelay) => number) => formatSummary(summarize(runs.map((run) => pick(run.delay))), milliseconds);
    const excess = formatSummary(summarize(runs.map((run) => run.wallMs - run.chainBoundMs)), milliseconds);
    const intervals = `${runs[0].delay.sharedIntervals} / ${runs[0].delay.aloneIntervals}`;
    return `| ${variant.label} | ${excess} | ${part((d) => d.startMs)} | ${part((d) => d.sharedMs)} | ${part((d) => d.aloneMs)} | ${part((d) => d.finishMs)} | ${intervals} |`;
  });

  const sweepEntries = [...sweep.map(({ maxConcurrent, run }) => ({ maxConcurrent, runs: [run] })), { maxConcurrent: MAX_CONCURRENT_REQUESTS, runs: results[0].runs }];
  const sweepRows = sweepEntries
    .sort((a, b) => a.maxConcurrent - b.maxConcurrent)
    .map(({ maxConcurrent, runs }) => {
      const wall = summarize(runs.map((run) => run.wallMs)).median;
      const ratios = summarize(runs.map((run) => run.wallMs / run.boundMs)).median;
      const rateLimited = runs.reduce((sum, run) => sum + run.analysis.rateLimited, 0);
      return `| ${maxConcurrent} | ${runs.length} | ${seconds(wall)} | ${ratio(ratios)} | ${rateLimited} |`;
    });

  const worstRatio = Math.max(...results.map(({ runs }) => summarize(runs.map((run) => run.wallMs / run.boundMs)).median));
  const total429 = results.reduce((sum, { runs }) => sum + runs.reduce((inner, run) => inner + run.analysis.rateLimited, 0), 0);
  const met = worstRatio <= TARGET_RATIO && total429 === 0;

  return `Measured ${machine}. Command: \`${command}\`, ${RUNS} runs per variant, each against a fresh emulator.

- Emulator: \`node dist/bench/support/emulator-host.js\`, which serves the emulator of \`emulator/\` in its own process like \`node dist/emulator/cli.js --size medium --latency-ms ${LATENCY_MS} --rate-limit ${RATE_LIMIT.limit}/${RATE_LIMIT.windowMs / 1000}\` and writes its request log at exit. Every response waits ${LATENCY_MS} ms, and each token may send ${RATE_LIMIT.limit} requests per ${RATE_LIMIT.windowMs / 1000} s: Brex's 1,000 per 60 s, scaled to a short run.
- Connector: \`node dist/src/index.js read\` with page_size 100, requests_per_minute ${REQUESTS_PER_MINUTE} (95% of the emulator's rate) and max_concurrent_requests ${MAX_CONCURRENT_REQUESTS}; stdout read and dropped by the benchmark.
- Lower bound: the larger of (requests made ÷ ${RATE_LIMIT.limit} per ${RATE_LIMIT.windowMs / 1000} s) and (pages of the longest chain × ${LATENCY_MS} ms). Requests and chains come from the emulator's request log: one chain per path (one per stream, one per cash account), where the cash account listing comes before each account's chain. The wall time includes Node start-up; the bound does not.
- 429 responses are counted in the emulator's log and, as a cross-check, in the connector's "Retrying Brex request" warnings.

| sync | wall time | lower bound | wall ÷ bound | requests | 429 responses | longest chain |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}

The next table splits the time beyond the chain bound (longest chain × ${LATENCY_MS} ms) into four parts, from the request log. The first is the time from spawn to the chain's first request. The next two are the time its pages took beyond the ${LATENCY_MS} ms latency while other requests were sent in between, sharing the connector's rate limiter and concurrency bound, and while it was alone. The last is the time from its last response to exit. The parts come from the system clock (Date.now in the emulator and in the benchmark), so an adjustment of that clock during a run shifts them. A negative value is the sign of one.

| sync | wall − chain bound | spawn to first page | extra while shared | extra while alone | last response to exit | page intervals shared / alone (first run) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${breakdown.join('\n')}

Reference, one run: \`node ${relativeToRepo(baselineFetch)} --limit 100\` (a plain fetch loop) reading only card_transactions, the longest chain, from the same emulator takes ${seconds(reference.wallMs)} for ${reference.pages} pages (${ratio(reference.wallMs / (reference.pages * LATENCY_MS))} its chain bound), with a median of ${milliseconds(reference.medianIntervalMs)} between pages. That part of the excess, process start and the emulator's own time per page, is the same for any client.

max_concurrent_requests, full refresh of all 8 streams (medians where there are several runs):

| max_concurrent_requests | runs | wall time | wall ÷ bound | 429 responses |
| ---: | ---: | ---: | ---: | ---: |
${sweepRows.join('\n')}

Target: wall time ≤ ${TARGET_RATIO} × bound with no 429 response: **${met ? 'met' : 'missed'}** (worst median ratio ${ratio(worstRatio)}, ${total429} responses with status 429).`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runRateLimitBenchmark();
}

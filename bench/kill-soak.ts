// Kill-and-resume soak test on medium data, run on demand (not part of `npm test` or `npm run bench`):
//
//   npm run build && node dist/bench/kill-soak.js [--seed N] [--rounds N] [--page-size N]
//       [--min-delay-ms N] [--max-delay-ms N] [--requests-per-minute N|off]
//
// It starts the emulator in-process (size medium, rate limit off) and reads users, card_transactions,
// cash_transactions and expenses. Each read is killed with SIGKILL at a seeded random moment and
// restarted from the last STATE per stream, until a read exits 0. It prints one line per round and the
// totals, and exits 1 when a row was lost, a STATE covered an undelivered row, or no read finished.
import { parseArgs } from 'node:util';

import { startEmulator } from '../emulator/index.js';
import { baseConfig } from '../test/resilience/connector.js';
import { runKillLoop, type RoundReport } from '../test/resilience/kill-loop.js';
import { CARD, CASH, EXPENSES, USERS } from '../test/resilience/streams.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '60' },
    'page-size': { type: 'string', default: '25' },
    'min-delay-ms': { type: 'string', default: '300' },
    'max-delay-ms': { type: 'string', default: '4000' },
    'requests-per-minute': { type: 'string', default: '3000' },
  },
});

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

const seed = positiveInteger('seed', values.seed);
const maxRounds = positiveInteger('rounds', values.rounds);
const pageSize = positiveInteger('page-size', values['page-size']);
const minDelayMs = positiveInteger('min-delay-ms', values['min-delay-ms']);
const maxDelayMs = positiveInteger('max-delay-ms', values['max-delay-ms']);
const requestsPerMinute = values['requests-per-minute'];

function describeRound(round: RoundReport): string {
  const outcome = round.killed ? 'killed' : `exit ${round.code}`;
  const cut = round.droppedCutLine ? ', cut last line dropped' : '';
  const problems = round.problems.length > 0 ? `, ${round.problems.length} STATE problems` : '';
  return `round ${String(round.round).padStart(2)}: kill at ${String(round.delayMs).padStart(5)} ms, ${outcome}, ${round.records} records, ${round.states} states${cut}${problems}`;
}

const emulator = await startEmulator({ size: 'medium', rateLimit: null });
const startedAt = performance.now();
try {
  console.log(`kill-soak: seed ${seed}, page_size ${pageSize}, kills at ${minDelayMs}..${maxDelayMs} ms, at most ${maxRounds} rounds, ${requestsPerMinute} requests/min`);
  const report = await runKillLoop({
    emulator,
    streams: [CARD, CASH, EXPENSES, USERS],
    config: baseConfig({ page_size: pageSize }),
    env: { BREX_REQUESTS_PER_MINUTE: requestsPerMinute },
    seed,
    minDelayMs,
    maxDelayMs,
    maxRounds,
    onRound: (round) => console.log(describeRound(round)),
  });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`\n${report.rounds.length} rounds (${report.rounds.filter((round) => round.killed).length} killed) in ${seconds} s; finished: ${report.finished}`);
  for (const name of Object.keys(report.emitted)) {
    const missing = report.missing[name];
    const lost = missing === undefined ? '' : `, ${missing.length} rows never delivered, ${report.unknown[name].length} unknown`;
    console.log(`  ${name}: ${report.emitted[name]} records emitted, ${report.delivered[name]} distinct keys delivered${lost}`);
  }

  const problems = report.rounds.flatMap((round) => round.problems.map((problem) => `round ${round.round}: ${problem}`));
  for (const problem of problems.slice(0, 20)) console.log(`  STATE problem: ${problem}`);
  const lostRows = Object.values(report.missing).some((keys) => keys.length > 0) || Object.values(report.unknown).some((keys) => keys.length > 0);
  if (!report.finished || lostRows || problems.length > 0) process.exitCode = 1;
} finally {
  await emulator.stop();
}

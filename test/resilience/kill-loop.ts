// Kill-and-resume loop: start a read, SIGKILL it at a seeded random moment, restart from the last
// STATE per stream it wrote, until one read exits 0. Records count as delivered only when a later
// STATE of their stream covers them, as a destination commits them.
import type { Emulator } from '../../emulator/index.js';
import type { StreamSelection } from '../helpers/cli.js';
import { configuredCatalog, readOptions } from './connector.js';
import { runAndKill } from './killable-run.js';
import { randomInt, seededRandom } from './random.js';
import { duplicateKeys, missingKeys } from './records.js';
import { checkStates, committedKeys } from './state-checks.js';
import { nextStateFile, streamStateIn, type StateFile } from './state-file.js';
import type { Row, StreamFacts } from './streams.js';

export interface KillLoopOptions {
  emulator: Emulator;
  /** Streams to read: those with a cursor incrementally, the others in full refresh. */
  streams: StreamFacts[];
  config: Record<string, unknown>;
  env?: Record<string, string>;
  seed: number;
  minDelayMs: number;
  maxDelayMs: number;
  maxRounds: number;
  onRound?: (round: RoundReport) => void;
}

export interface RoundReport {
  round: number;
  delayMs: number;
  killed: boolean;
  code: number | null;
  records: number;
  states: number;
  droppedCutLine: boolean;
  /** State invariants broken in this round. */
  problems: string[];
}

export interface KillLoopReport {
  seed: number;
  rounds: RoundReport[];
  /** Whether a read exited 0 within `maxRounds`. */
  finished: boolean;
  /** Per incremental stream: keys of rows never delivered, and keys delivered that the emulator does not have. */
  missing: Record<string, string[]>;
  unknown: Record<string, string[]>;
  /** Per stream: records emitted over all rounds, and distinct keys delivered. */
  emitted: Record<string, number>;
  delivered: Record<string, number>;
}

export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopReport> {
  const { emulator, streams } = options;
  const random = seededRandom(options.seed);
  const selections: StreamSelection[] = streams.map((facts) => ({ name: facts.name, syncMode: facts.cursor ? 'incremental' : 'full_refresh' }));
  const catalog = await configuredCatalog(selections);
  const rows = new Map(streams.map((facts) => [facts.name, emulator.control.rows(facts.table) as Row[]]));

  const delivered = new Map(streams.map((facts) => [facts.name, new Set<string>()]));
  const emitted = new Map(streams.map((facts) => [facts.name, 0]));
  const rounds: RoundReport[] = [];
  let state: StateFile = [];
  let finished = false;

  for (let round = 1; round <= options.maxRounds && !finished; round += 1) {
    const delayMs = randomInt(random, options.minDelayMs, options.maxDelayMs);
    const run = await runAndKill(readOptions({ baseUrl: emulator.url, config: options.config, catalog, state: state.length > 0 ? state : undefined, env: options.env }), delayMs);

    const problems: string[] = [];
    let records = 0;
    for (const facts of streams) {
      const before = delivered.get(facts.name)!;
      if (facts.cursor) {
        const check = checkStates({ messages: run.messages, facts, rows: rows.get(facts.name)!, delivered: before, inputState: streamStateIn(state, facts.name) });
        problems.push(...check.problems);
      }
      const count = run.messages.filter((message) => message.type === 'RECORD' && message.record?.stream === facts.name).length;
      emitted.set(facts.name, emitted.get(facts.name)! + count);
      records += count;
      for (const key of committedKeys(run.messages, facts)) before.add(key);
    }

    finished = !run.killed && run.code === 0;
    if (!run.killed && run.code !== 0) problems.push(`the read exited ${run.code} without being killed: ${run.stderr.slice(-500)}`);
    state = nextStateFile(run.messages, state);

    const report: RoundReport = {
      round,
      delayMs,
      killed: run.killed,
      code: run.code,
      records,
      states: run.messages.filter((message) => message.type === 'STATE').length,
      droppedCutLine: run.droppedCutLine,
      problems,
    };
    rounds.push(report);
    options.onRound?.(report);
  }

  return summarize(options, rounds, finished, rows, delivered, emitted);
}

function summarize(
  options: KillLoopOptions,
  rounds: RoundReport[],
  finished: boolean,
  rows: Map<string, Row[]>,
  delivered: Map<string, Set<string>>,
  emitted: Map<string, number>,
): KillLoopReport {
  const missing: Record<string, string[]> = {};
  const unknown: Record<string, string[]> = {};
  for (const facts of options.streams.filter((candidate) => candidate.cursor)) {
    const expected = rows.get(facts.name)!.map((row) => facts.keyOf(row));
    if (duplicateKeys(expected).length > 0) throw new Error(`the emulator serves duplicate keys for ${facts.name}`);
    missing[facts.name] = missingKeys(expected, delivered.get(facts.name)!);
    unknown[facts.name] = missingKeys(delivered.get(facts.name)!, expected);
  }
  return {
    seed: options.seed,
    rounds,
    finished,
    missing,
    unknown,
    emitted: Object.fromEntries(emitted),
    delivered: Object.fromEntries([...delivered].map(([name, keys]) => [name, keys.size])),
  };
}

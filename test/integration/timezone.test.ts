// The process time zone must not change a result: the incremental reads run under UTC+14, UTC-12
// and UTC, and every record, every STATE and every filter sent to Brex must be identical.
import { execFileSync } from 'node:child_process';

import { startEmulator, type Emulator, type RequestLogEntry } from '../../emulator/index.js';
import { recordsOf, statesOf, type AirbyteMessage } from '../helpers/protocol.js';
import { baseConfig, configuredCatalog, runRead } from '../resilience/connector.js';
import { nextStateFile, type StateFile } from '../resilience/state-file.js';
import { INCREMENTAL_STREAMS } from '../resilience/streams.js';

/** Kiritimati is UTC+14 and Etc/GMT+12 is UTC-12 (POSIX signs are inverted), so their dates differ by up to two days. */
const TIME_ZONES = ['Pacific/Kiritimati', 'Etc/GMT+12', 'UTC'];

/** Minutes that `Date#getTimezoneOffset` reports in each zone (UTC minus local time). */
const EXPECTED_OFFSETS: Record<string, number> = { 'Pacific/Kiritimati': -840, 'Etc/GMT+12': 720, UTC: 0 };

/**
 * An offset start date, so the UTC conversion matters. One request at a time keeps the expense
 * windows, which are sized by the records of the windows finished before, the same in every run.
 */
const CONFIG = baseConfig({ start_date: '2025-06-15T20:30:00-07:00', page_size: 5, max_concurrent_requests: 1 });

interface ReadSummary {
  records: Record<string, string[]>;
  states: Record<string, string[]>;
  requests: string[];
}

interface ZoneSummary {
  first: ReadSummary;
  second: ReadSummary;
}

let emulator: Emulator;
const summaries = new Map<string, ZoneSummary>();

beforeAll(async () => {
  emulator = await startEmulator({ size: 'small', rateLimit: null });
  for (const timeZone of TIME_ZONES) summaries.set(timeZone, await readTwice(timeZone));
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
});

/** Runs a first read from no state, then a second from the first read's states. */
async function readTwice(timeZone: string): Promise<ZoneSummary> {
  const first = await readIn(timeZone);
  const second = await readIn(timeZone, nextStateFile(first.messages));
  return { first: first.summary, second: second.summary };
}

async function readIn(timeZone: string, state?: StateFile): Promise<{ messages: AirbyteMessage[]; summary: ReadSummary }> {
  const catalog = await configuredCatalog(INCREMENTAL_STREAMS.map((facts) => ({ name: facts.name, syncMode: 'incremental' as const })));
  emulator.clearRequests();
  const run = await runRead({ baseUrl: emulator.url, config: CONFIG, catalog, state, env: { TZ: timeZone, BREX_REQUESTS_PER_MINUTE: 'off' } });
  if (run.code !== 0) throw new Error(`read under TZ=${timeZone} exited ${run.code}\n${run.stdout.slice(-2000)}`);
  return { messages: run.messages, summary: summarize(run.messages, emulator.requests) };
}

/**
 * Summarizes a read: the records (without emitted_at) sorted per stream, the STATE sequence per
 * stream, and every request without its page cursor, sorted. Streams run concurrently, so only each
 * stream's own order is fixed.
 */
function summarize(messages: AirbyteMessage[], requests: RequestLogEntry[]): ReadSummary {
  const records: Record<string, string[]> = {};
  const states: Record<string, string[]> = {};
  for (const facts of INCREMENTAL_STREAMS) {
    records[facts.name] = recordsOf(messages, facts.name).map((record) => JSON.stringify(record.data)).sort();
    states[facts.name] = statesOf(messages, facts.name).map((state) => JSON.stringify({ state: state.stream?.stream_state, stats: state.sourceStats }));
  }
  const withoutCursor = requests.map(({ path, query }) => JSON.stringify({ path, query: { ...query, cursor: query.cursor === undefined ? undefined : '(cursor)' } }));
  return { records, states, requests: withoutCursor.sort() };
}

describe('time zone of the process', () => {
  it.each(TIME_ZONES)('%s is known to Node', (timeZone) => {
    const offset = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()))'], {
      env: { ...process.env, TZ: timeZone },
    }).toString();
    expect(Number(offset)).toBe(EXPECTED_OFFSETS[timeZone]);
  });

  it('reads records at all', () => {
    const utc = summaries.get('UTC')!;
    for (const facts of INCREMENTAL_STREAMS) expect({ stream: facts.name, some: utc.first.records[facts.name].length > 0 }).toEqual({ stream: facts.name, some: true });
  });

  for (const read of ['first', 'second'] as const) {
    for (const timeZone of TIME_ZONES.filter((zone) => zone !== 'UTC')) {
      describe(`${read} read under ${timeZone}`, () => {
        it('emits the same records as under UTC', () => {
          expect(summaries.get(timeZone)![read].records).toEqual(summaries.get('UTC')![read].records);
        });

        it('emits the same states as under UTC', () => {
          expect(summaries.get(timeZone)![read].states).toEqual(summaries.get('UTC')![read].states);
        });

        it('sends the same filters as under UTC', () => {
          expect(summaries.get(timeZone)![read].requests).toEqual(summaries.get('UTC')![read].requests);
        });
      });
    }
  }

  it('filters from the start date in UTC', () => {
    const cardRequests = summaries.get('UTC')!.first.requests.filter((request) => request.includes('/v2/transactions/card/primary'));
    expect(cardRequests.length).toBeGreaterThan(0);
    for (const request of cardRequests) expect(JSON.parse(request).query.posted_at_start).toBe('2025-06-16T03:30:00Z');
  });
});

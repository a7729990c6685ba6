// 429 handling: Retry-After in seconds and as an HTTP date is waited out in full, a 429 without
// the header falls back to exponential backoff, and a storm of 429s is survived without losing rows.
import { startEmulator, type Emulator, type Fault, type RequestLogEntry } from '../../emulator/index.js';
import type { RunResult } from '../helpers/cli.js';
import { streamStatuses } from '../helpers/protocol.js';
import { baseConfig, configuredCatalog, runRead } from '../resilience/connector.js';
import { duplicateKeys, errorTraces, missingKeys, recordKeys, rowKeys } from '../resilience/records.js';
import { CARD, CASH, EXPENSES, USERS, type Row } from '../resilience/streams.js';

/**
 * Node timers are scheduled against a loop clock that can lag Date.now() by a few milliseconds,
 * so a wait may end that much before the wall-clock deadline. The slack keeps the checks about
 * the header, not about the clock.
 */
const TIMER_SLACK_MS = 5;

/** Without the connector's own pacing, request times show only the retry waits. */
const UNPACED = { BREX_REQUESTS_PER_MINUTE: 'off' };

const emulators: Emulator[] = [];

afterAll(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.stop()));
});

async function startSmall(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  const emulator = await startEmulator({ size: 'small', rateLimit: null, ...options });
  emulators.push(emulator);
  return emulator;
}

/** Reads card_transactions alone, 10 rows a page, with one fault on its 2nd page request. */
async function readCardWithFault(fault: Fault, times: number, env: Record<string, string> = {}): Promise<{ run: RunResult; requests: RequestLogEntry[]; rows: Row[] }> {
  const emulator = await startSmall();
  emulator.control.injectFault({ path: CARD.path, fault, nth: 2, times });
  const catalog = await configuredCatalog([{ name: CARD.name, syncMode: 'incremental' }]);
  const run = await runRead({ baseUrl: emulator.url, config: baseConfig({ page_size: 10 }), catalog, env: { ...UNPACED, ...env } });
  return { run, requests: emulator.requests.filter((entry) => entry.path === CARD.path), rows: emulator.control.rows('card_transactions') as Row[] };
}

function expectCompleteCardRead(run: RunResult, rows: Row[]): void {
  expect(errorTraces(run.messages)).toEqual([]);
  expect(run.code).toBe(0);
  expect(missingKeys(rowKeys(rows, CARD), recordKeys(run.messages, CARD))).toEqual([]);
}

/** Returns the milliseconds between the arrival of request `index` and of the next request. */
function gapAfter(requests: RequestLogEntry[], index: number): number {
  return requests[index + 1].at - requests[index].at;
}

describe('429 Retry-After', () => {
  it('waits the seconds it names', async () => {
    const { run, requests, rows } = await readCardWithFault({ kind: 'rate-limit', retryAfter: 'seconds', seconds: 2 }, 1);

    expectCompleteCardRead(run, rows);
    expect(requests[1].status).toBe(429);
    expect(gapAfter(requests, 1)).toBeGreaterThanOrEqual(2000 - TIMER_SLACK_MS);
  });

  it('waits until the HTTP date the emulator sends', async () => {
    const { run, requests, rows } = await readCardWithFault({ kind: 'rate-limit', retryAfter: 'http-date', seconds: 2 }, 1);

    expectCompleteCardRead(run, rows);
    expect(requests[1].status).toBe(429);
    // The emulator names the whole second at or after 2 s from the request's arrival.
    const retryAfterDate = Math.ceil((requests[1].at + 2000) / 1000) * 1000;
    expect(requests[2].at).toBeGreaterThanOrEqual(retryAfterDate - TIMER_SLACK_MS);
  });

  it('waits until an HTTP date given in the header', async () => {
    // An IMF-fixdate 3 to 4 s ahead, on a whole second as HTTP dates are.
    const retryAfterDate = Math.ceil((Date.now() + 3000) / 1000) * 1000;
    const header = new Date(retryAfterDate).toUTCString();
    const fault: Fault = {
      kind: 'status',
      status: 429,
      body: { type: 'TOO_MANY_REQUESTS', message: 'Rate limit exceeded' },
      headers: { 'Retry-After': header },
    };
    const { run, requests, rows } = await readCardWithFault(fault, 1);

    expectCompleteCardRead(run, rows);
    expect(requests[1].status).toBe(429);
    expect(requests[2].at).toBeGreaterThanOrEqual(retryAfterDate - TIMER_SLACK_MS);
  });

  it('backs off exponentially without the header', async () => {
    // First retry waits 200..400 ms, the second 400..800 ms (half fixed, half random jitter).
    const { run, requests, rows } = await readCardWithFault({ kind: 'rate-limit', retryAfter: 'none' }, 2, { BREX_RETRY_BASE_DELAY_MS: '400' });

    expectCompleteCardRead(run, rows);
    expect(requests.slice(1, 4).map((entry) => entry.status)).toEqual([429, 429, 200]);

    const firstWait = gapAfter(requests, 1);
    const secondWait = gapAfter(requests, 2);
    expect(firstWait).toBeGreaterThanOrEqual(200 - TIMER_SLACK_MS);
    expect(firstWait).toBeLessThan(1000);
    expect(secondWait).toBeGreaterThanOrEqual(400 - TIMER_SLACK_MS);
    expect(secondWait).toBeLessThan(1500);
  });
});

describe('429 storm', () => {
  const streams = [USERS, CASH, CARD, EXPENSES];

  async function readAllStreams(emulator: Emulator, env: Record<string, string>): Promise<RunResult> {
    const catalog = await configuredCatalog(streams.map((facts) => ({ name: facts.name, syncMode: facts.cursor ? ('incremental' as const) : ('full_refresh' as const) })));
    return runRead({ baseUrl: emulator.url, config: baseConfig({ page_size: 5 }), catalog, env });
  }

  function expectEveryRow(run: RunResult, emulator: Emulator): void {
    expect(errorTraces(run.messages)).toEqual([]);
    expect(run.code).toBe(0);
    for (const facts of streams) {
      const emitted = recordKeys(run.messages, facts);
      expect({ stream: facts.name, status: streamStatuses(run.messages, facts.name).at(-1) }).toEqual({ stream: facts.name, status: 'COMPLETE' });
      expect({ stream: facts.name, missing: missingKeys(rowKeys(emulator.control.rows(facts.table) as Row[], facts), emitted) }).toEqual({
        stream: facts.name,
        missing: [],
      });
      if (!facts.cursor) expect(duplicateKeys(emitted)).toEqual([]);
    }
  }

  it('survives twelve 429s in a row on every endpoint', async () => {
    const emulator = await startSmall();
    emulator.control.injectFault({ path: /^\/v\d\//, fault: { kind: 'rate-limit', retryAfter: 'seconds', seconds: 1 }, nth: 3, times: 12 });

    const run = await readAllStreams(emulator, UNPACED);

    expectEveryRow(run, emulator);
    expect(emulator.requests.filter((entry) => entry.status === 429)).toHaveLength(12);
  }, 120_000);

  it('survives a server limit below its own request rate', async () => {
    // 10 requests per second against an unpaced connector: most bursts end in a 429.
    const emulator = await startSmall({ rateLimit: { limit: 10, windowMs: 1000, retryAfter: 'seconds' } });

    const run = await readAllStreams(emulator, UNPACED);

    expectEveryRow(run, emulator);
    expect(emulator.requests.some((entry) => entry.status === 429)).toBe(true);
  }, 120_000);
});

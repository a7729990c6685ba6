// Follows a page cursor on the emulator directly, to prove what a resumed read would receive.
import type { Emulator, RequestLogEntry } from '../../emulator/index.js';
import type { ResumeCheckpoint } from './state-checks.js';
import { cashAccountPath, passesFilter, type Row, type StreamFacts } from './streams.js';

/** Pages followed before the replay gives up, far above any chain of the small data set. */
const MAX_REPLAY_PAGES = 500;

/**
 * Fetches every page from `cursor` to the end with `query` (the filters of the chain) and returns
 * the items. Throws on any non-200 response, so call it after clearing the injected faults.
 */
export async function followCursor(emulator: Emulator, token: string, path: string, query: RequestLogEntry['query'], cursor: string): Promise<Row[]> {
  const items: Row[] = [];
  let next: string | null = cursor;
  for (let page = 0; next !== null; page += 1) {
    if (page >= MAX_REPLAY_PAGES) throw new Error(`replay of ${path} passed ${MAX_REPLAY_PAGES} pages without reaching the end`);

    const url = new URL(`${emulator.url}${path}`);
    for (const [key, value] of Object.entries({ ...query, cursor: next })) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
    }
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { items?: Row[]; next_cursor?: string | null };
    if (response.status !== 200 || !Array.isArray(body.items)) {
      throw new Error(`replay of ${path} got HTTP ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    }
    items.push(...body.items);
    next = body.next_cursor ? body.next_cursor : null;
  }
  return items;
}

/**
 * Proves a checkpoint loses nothing: the rows of its chain that its filter selects must all be
 * either delivered before the checkpoint or served from its page cursor onwards. The filters are
 * taken from the connector's own request with that cursor in the request log.
 */
export async function checkResumeCheckpoint(
  emulator: Emulator,
  token: string,
  facts: StreamFacts,
  checkpoint: ResumeCheckpoint,
  rows: Row[],
): Promise<string[]> {
  const path = checkpoint.accountId === undefined ? facts.path : cashAccountPath(checkpoint.accountId);
  const where = `STATE #${checkpoint.stateNumber} of ${facts.name}${checkpoint.accountId ? ` (cash account ${checkpoint.accountId})` : ''}`;
  const request = emulator.requests.find((entry) => entry.path === path && entry.query.cursor === checkpoint.pageCursor);
  if (!request) return [`${where}: the connector never requested its resume page_cursor, so the checkpoint cannot be replayed`];

  const { cursor: _cursor, ...query } = request.query;
  const served = await followCursor(emulator, token, path, query, checkpoint.pageCursor);
  const withAccount = served.map((item) => (checkpoint.accountId === undefined ? item : { ...item, account_id: checkpoint.accountId }));
  const reachable = new Set(withAccount.map((row) => facts.keyOf(row)));

  const chainRows = rows.filter((row) => checkpoint.accountId === undefined || row.account_id === checkpoint.accountId);
  const lost = chainRows.filter(
    (row) => passesFilter(facts, row, checkpoint.filter) && !checkpoint.deliveredBefore.has(facts.keyOf(row)) && !reachable.has(facts.keyOf(row)),
  );
  if (lost.length === 0) return [];
  return [`${where}: resuming from its page_cursor would lose ${lost.length} rows, e.g. ${lost.slice(0, 3).map((row) => facts.keyOf(row)).join(', ')}`];
}

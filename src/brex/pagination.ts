import { createHash } from 'node:crypto';

import type { BrexClient, RequestContext } from './client.js';
import { BrexApiError } from './errors.js';
import type { QueryParams } from './query.js';

export interface Page {
  items: unknown[];
  /** The cursor this page was requested with; undefined for the first page. */
  cursor?: string;
  /** The cursor of the next page; null on the last page. */
  nextCursor: string | null;
  traceId?: string;
}

/**
 * Pages empty in a row that still carry a cursor before the chain is called a loop. Brex may
 * return an empty page that is not the last one, so one empty page is no reason to stop.
 */
const MAX_EMPTY_PAGES_IN_A_ROW = 50;

/**
 * Follows Brex's cursor pagination from `startCursor` (or the first page) to the end. The same
 * filters go out with every page because Brex does not document whether cursors carry them.
 * A `next_cursor` already seen in this chain raises a `pagination_loop` error.
 */
export async function* paginate(
  client: BrexClient,
  path: string,
  query: QueryParams,
  context: RequestContext,
  startCursor?: string,
): AsyncGenerator<Page> {
  // Digests, not the cursors: a chain of a million rows has 10,000 cursors of about 200 characters.
  const seen = new Set<string>();
  let cursor = startCursor;
  let emptyInARow = 0;
  let pagesRead = 0;
  if (cursor) seen.add(digest(cursor));

  for (;;) {
    const response = await client.getJson(path, { ...query, cursor }, { ...context, priority: pagesRead }, envelopeProblem);
    const page = toPage(response.body, response.traceId);

    emptyInARow = page.items.length === 0 && page.nextCursor ? emptyInARow + 1 : 0;
    if (page.nextCursor && seen.has(digest(page.nextCursor))) {
      throw new BrexApiError(`Brex returned the same page cursor twice for ${path}, so paging would never end`, {
        kind: 'pagination_loop',
        path,
        traceId: page.traceId,
      });
    }
    if (emptyInARow > MAX_EMPTY_PAGES_IN_A_ROW) {
      throw new BrexApiError(`Brex returned ${emptyInARow} empty pages in a row for ${path}, each with a new cursor`, {
        kind: 'pagination_loop',
        path,
        traceId: page.traceId,
      });
    }

    pagesRead += 1;
    yield { ...page, cursor };
    if (!page.nextCursor) return;
    seen.add(digest(page.nextCursor));
    cursor = page.nextCursor;
  }
}

/** Describes what is wrong with a page envelope `{items, next_cursor}`, or returns undefined. */
function envelopeProblem(body: unknown): string | undefined {
  const envelope = body as { items?: unknown; next_cursor?: unknown } | null;
  if (!envelope || typeof envelope !== 'object' || !Array.isArray(envelope.items)) return 'a page without an items array';
  const nextCursor = envelope.next_cursor;
  if (nextCursor !== undefined && nextCursor !== null && typeof nextCursor !== 'string') return 'a next_cursor that is not a string';
  return undefined;
}

function toPage(body: unknown, traceId?: string): Omit<Page, 'cursor'> {
  const envelope = body as { items: unknown[]; next_cursor?: string | null };
  // An empty string ends the chain like null does.
  return { items: envelope.items, nextCursor: envelope.next_cursor ? envelope.next_cursor : null, traceId };
}

/** Returns a 96-bit digest of a cursor; a collision among one chain's cursors is vanishingly unlikely. */
function digest(cursor: string): string {
  return createHash('sha256').update(cursor).digest('base64').slice(0, 16);
}

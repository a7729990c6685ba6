// One page of a list endpoint: {items, next_cursor}.

import type { Listing, ScanHint } from '../store/ordering.js';
import type { ServerState } from './state.js';
import { badRequest, type Reply } from './reply.js';
import { parseLimit, singleValue, type Query } from './query.js';
import type { CursorPosition } from './cursor.js';

export interface EndpointResult {
  reply: Reply;
  /** Start position of the request; set for list endpoints so faults can build cursors. */
  position?: CursorPosition;
  /** The cursor the request sent, if any. */
  requestCursor?: string;
}

export interface PageRequest<R> {
  state: ServerState;
  query: Query;
  now: number;
  /** Identifies the list a cursor belongs to (the URL path). */
  route: string;
  listing: Listing<R>;
  maxLimit: number;
  filter: (row: R) => boolean;
  hint: ScanHint;
  serialize: (row: R) => unknown;
}

/**
 * Serves the page after the request's cursor position. Filters come from the request
 * itself, never from the cursor; the cursor fixes order and position only.
 */
export function listPage<R>(request: PageRequest<R>): EndpointResult {
  const { state, query, route, listing } = request;
  const limit = parseLimit(query, request.maxLimit);
  const cursorText = singleValue(query, 'cursor');
  let position: CursorPosition = { route, order: state.order, salt: state.shuffleSalt, key: null };

  if (cursorText !== undefined && cursorText !== '') {
    const check = state.codec.decode(cursorText, request.now, state.cursorTtlMs);
    if (!check.ok) {
      const message = check.reason === 'expired'
        ? 'cursor has expired; start again from the first page without a cursor'
        : 'cursor is not valid';
      return { reply: badRequest(message) };
    }
    if (check.position.route !== route) {
      return { reply: badRequest('cursor is not valid for this endpoint') };
    }
    position = check.position;
  }

  const rows: R[] = [];
  let hasMore = false;
  for (const row of listing.scan(position.order, position.salt, position.key, request.hint)) {
    if (!request.filter(row)) {
      continue;
    }
    if (rows.length === limit) {
      hasMore = true;
      break;
    }
    rows.push(row);
  }

  const last = rows[rows.length - 1];
  const nextCursor = hasMore && last !== undefined
    ? state.codec.encode({ ...position, key: listing.keyOf(last, position.order, position.salt) }, request.now)
    : null;
  return {
    reply: { kind: 'json', status: 200, body: { next_cursor: nextCursor, items: rows.map(request.serialize) } },
    position,
    requestCursor: cursorText || undefined,
  };
}

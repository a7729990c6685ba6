// The HTTP server: authentication, rate limit, faults, routing and the request log.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Emulator, EmulatorOptions, Fault, RequestLogEntry, TokenSpec } from './types.js';
import { Dataset } from './data/dataset.js';
import { isCalendarDate } from './dates.js';
import { hash32 } from './random.js';
import { CursorCodec } from './http/cursor.js';
import { FaultBook } from './http/faults.js';
import { SlidingWindowLimiter, tooManyRequests } from './http/rate-limit.js';
import { authenticate, hasAnyScope, missingScope } from './http/auth.js';
import { findEndpoint, notFound } from './http/endpoints.js';
import { InvalidParameter, parseQuery } from './http/query.js';
import { badRequest, brexError, writeReply, type Reply } from './http/reply.js';
import type { EndpointResult } from './http/paging.js';
import type { ServerState } from './http/state.js';
import { createControl } from './control.js';

const CASH_DISABLED_MESSAGE = 'Brex Cash is not enabled for this account, or the user is not a cash admin, cash bookkeeper or cash user';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = createState(options);
  const sockets = new Set<Socket>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  let stopped = false;

  // Waits `ms`; stop() ends every wait at once.
  const delay = (ms: number) => new Promise<void>((resolve) => {
    if (ms <= 0 || stopped) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.set(timer, resolve);
  });

  const server = createServer((request, response) => {
    handleRequest(state, request, response, delay, () => stopped).catch((error: unknown) => {
      // A bug in the emulator must not hang the client, so it gets a 500 and the server goes on.
      console.error('Brex emulator: request failed:', error);
      if (!response.headersSent && !response.destroyed) {
        writeReply(response, brexError(500, 'INTERNAL_SERVER_ERROR', 'Emulator error'));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const port = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    control: createControl(state),
    requests: state.requests,
    clearRequests: () => {
      state.requests.length = 0;
    },
    stop: async () => {
      if (stopped) {
        return;
      }
      stopped = true;
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) {
        socket.destroy();
      }
      await closed;
    },
  };
}

function createState(options: EmulatorOptions): ServerState {
  const seed = options.seed ?? 1;
  const today = options.today ?? '2026-11-30';
  if (!isCalendarDate(today)) {
    throw new Error(`today must be a date like 2026-11-30, got '${today}'`);
  }
  const size = options.size ?? 'small';
  if (!['small', 'medium', 'large'].includes(size)) {
    throw new Error(`size must be small, medium or large, got '${size}'`);
  }
  if (!Number.isInteger(seed)) {
    throw new Error(`seed must be an integer, got ${seed}`);
  }
  const tokens = options.tokens ?? { 'demo-token': { scopes: 'all' } };
  const rateLimit = options.rateLimit === undefined ? { limit: 1000, windowMs: 60_000, retryAfter: 'seconds' as const } : options.rateLimit;

  return {
    dataset: new Dataset(seed, size, today),
    order: options.order ?? 'newest',
    shuffleSalt: hash32(seed, 0x5a17),
    cashEnabled: options.cashEnabled ?? true,
    latencyMs: options.latencyMs ?? 0,
    cursorTtlMs: options.cursorTtlMs ?? 600_000,
    tokens: new Map<string, TokenSpec>(Object.entries(tokens)),
    codec: new CursorCodec(),
    faults: new FaultBook(),
    limiter: new SlidingWindowLimiter(rateLimit),
    requests: [],
  };
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

async function handleRequest(
  state: ServerState,
  request: IncomingMessage,
  response: ServerResponse,
  delay: (ms: number) => Promise<void>,
  isStopped: () => boolean,
): Promise<void> {
  const now = Date.now();
  const url = new URL(request.url ?? '/', 'http://emulator.invalid');
  const entry: RequestLogEntry = {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: parseQuery(url.searchParams),
    authSent: request.headers.authorization !== undefined,
    status: 0,
    at: now,
  };
  state.requests.push(entry);
  response.setHeader('X-Brex-Trace-Id', randomBytes(12).toString('hex'));

  const reply = await decide(state, request, entry, now, delay);
  await delay(state.latencyMs);
  if (isStopped() || response.destroyed) {
    return;
  }
  entry.status = writeReply(response, reply);
}

/** Runs the checks in order: auth, rate limit, faults, route, scope, Brex Cash, then the endpoint. */
async function decide(state: ServerState, request: IncomingMessage, entry: RequestLogEntry, now: number, delay: (ms: number) => Promise<void>): Promise<Reply> {
  const auth = authenticate(request.headers.authorization, state.tokens);
  if (!auth.ok) {
    return auth.reply;
  }

  const admission = state.limiter.admit(auth.token, now);
  if (!admission.admitted) {
    return admission.reply;
  }

  const fault = state.faults.next(entry.path);
  if (fault?.kind === 'latency') {
    await delay(fault.ms);
  } else if (fault) {
    const faultReply = replyForFault(state, fault, () => route(state, auth.spec, entry, now), now);
    if (faultReply.kind === 'json' && faultReply.status === 429) {
      // 429s count toward nothing.
      admission.release();
    }
    return faultReply;
  }
  return route(state, auth.spec, entry, now).reply;
}

function route(state: ServerState, spec: TokenSpec, entry: RequestLogEntry, now: number): EndpointResult {
  const found = findEndpoint(entry.path);
  if (!found) {
    return { reply: notFound(`No route for ${entry.path}`) };
  }
  if (entry.method !== 'GET') {
    return { reply: brexError(405, 'METHOD_NOT_ALLOWED', `${entry.method} is not supported on ${entry.path}; the emulator serves GET only`) };
  }

  const { endpoint, params } = found;
  if (!hasAnyScope(spec, endpoint.scopes)) {
    return { reply: missingScope(endpoint.scopes[0]) };
  }
  if (endpoint.cash && !state.cashEnabled) {
    return { reply: brexError(401, 'UNAUTHORIZED', CASH_DISABLED_MESSAGE) };
  }

  try {
    return endpoint.handle({ state, query: entry.query, path: entry.path, params, now });
  } catch (error) {
    if (error instanceof InvalidParameter) {
      return { reply: badRequest(error.message) };
    }
    throw error;
  }
}

function replyForFault(state: ServerState, fault: Exclude<Fault, { kind: 'latency' }>, serve: () => EndpointResult, now: number): Reply {
  switch (fault.kind) {
    case 'status':
      return statusFault(fault);
    case 'rate-limit':
      return tooManyRequests(fault.retryAfter ?? 'seconds', fault.seconds ?? 1, now);
    case 'reset':
      return { kind: 'reset' };
    case 'hang':
      return { kind: 'hang' };
    case 'non-json':
      return { kind: 'text', status: 200, contentType: 'text/html; charset=utf-8', text: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
    case 'truncated': {
      const result = serve();
      return result.reply.kind === 'json' ? { kind: 'truncated', status: result.reply.status, body: result.reply.body } : result.reply;
    }
    case 'empty-page-with-cursor':
      return emptyPageFault(state, serve(), now);
    case 'repeat-cursor':
      return repeatCursorFault(state, serve(), now);
  }
}

function statusFault(fault: Extract<Fault, { kind: 'status' }>): Reply {
  const headers = fault.headers;
  if (fault.body === undefined) {
    const reply = brexError(fault.status, statusType(fault.status), `Injected fault: HTTP ${fault.status}`);
    return reply.kind === 'json' ? { ...reply, headers } : reply;
  }
  if (fault.body === null) {
    return { kind: 'empty', status: fault.status, headers };
  }
  if (typeof fault.body === 'string') {
    return { kind: 'text', status: fault.status, contentType: 'text/plain; charset=utf-8', text: fault.body, headers };
  }
  return { kind: 'json', status: fault.status, body: fault.body, headers };
}

function statusType(status: number): string {
  const names: Record<number, string> = {
    400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 429: 'TOO_MANY_REQUESTS',
    500: 'INTERNAL_SERVER_ERROR', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT',
  };
  return names[status] ?? `HTTP_${status}`;
}

// 200 with no items and a fresh cursor that points at the position the request asked for.
function emptyPageFault(state: ServerState, result: EndpointResult, now: number): Reply {
  if (!result.position) {
    return result.reply;
  }
  return { kind: 'json', status: 200, body: { next_cursor: state.codec.encode(result.position, now), items: [] } };
}

// The normal page, but its next_cursor leads back to the same page: the request's own
// cursor, or on a first page a cursor to the start of the list.
function repeatCursorFault(state: ServerState, result: EndpointResult, now: number): Reply {
  const reply = result.reply;
  if (!result.position || reply.kind !== 'json' || reply.status !== 200) {
    return reply;
  }
  const cursor = result.requestCursor ?? state.codec.encode({ ...result.position, key: null }, now);
  return { ...reply, body: { ...(reply.body as object), next_cursor: cursor } };
}

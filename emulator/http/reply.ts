// The response to one request, decided before anything is written.

import type { ServerResponse } from 'node:http';

export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'empty'; status: number; headers?: Record<string, string> }
  | { kind: 'text'; status: number; contentType: string; text: string; headers?: Record<string, string> }
  /** 200 with the Content-Length of the whole body, half of the body sent, then the socket closed. */
  | { kind: 'truncated'; status: number; body: unknown }
  /** The socket is destroyed without a response. */
  | { kind: 'reset' }
  /** No response until the emulator stops. */
  | { kind: 'hang' };

/** Builds Brex's error body: {"type": ..., "message": ..., "code"?: ...}. */
export function brexError(status: number, type: string, message: string, code?: string): Reply {
  const body: Record<string, string> = { type, message };
  if (code) {
    body.code = code;
  }
  return { kind: 'json', status, body };
}

export function badRequest(message: string): Reply {
  return brexError(400, 'BAD_REQUEST', message);
}

/** Writes a reply that has a status line; returns the status written, or 0 for 'reset' and 'hang'. */
export function writeReply(response: ServerResponse, reply: Reply): number {
  switch (reply.kind) {
    case 'json': {
      const text = JSON.stringify(reply.body);
      writeBody(response, reply.status, 'application/json', text, reply.headers);
      return reply.status;
    }
    case 'text':
      writeBody(response, reply.status, reply.contentType, reply.text, reply.headers);
      return reply.status;
    case 'empty':
      response.writeHead(reply.status, { ...reply.headers, 'Content-Length': '0' });
      response.end();
      return reply.status;
    case 'truncated': {
      const bytes = Buffer.from(JSON.stringify(reply.body), 'utf8');
      response.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) });
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy());
      return reply.status;
    }
    case 'reset':
      response.socket?.destroy();
      return 0;
    case 'hang':
      return 0;
  }
}

function writeBody(response: ServerResponse, status: number, contentType: string, text: string, headers?: Record<string, string>): void {
  const bytes = Buffer.from(text, 'utf8');
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(bytes.length), ...headers });
  response.end(bytes);
}

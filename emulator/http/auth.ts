// Bearer-token checks with the statuses and bodies Brex documents (see README.md).

import type { TokenSpec } from '../types.js';
import { brexError, type Reply } from './reply.js';

export type AuthOutcome = { ok: true; token: string; spec: TokenSpec } | { ok: false; reply: Reply };

export function authenticate(header: string | undefined, tokens: ReadonlyMap<string, TokenSpec>): AuthOutcome {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    // A probe of Brex with no credential got 401 and an empty body.
    return { ok: false, reply: { kind: 'empty', status: 401 } };
  }
  const token = match[1];
  const spec = tokens.get(token);
  if (!spec) {
    return { ok: false, reply: brexError(401, 'UNAUTHORIZED', 'PERMISSION_DENIED: Invalid or Revoked Token') };
  }
  if (spec.expired) {
    return { ok: false, reply: brexError(403, 'FORBIDDEN', 'Invalid or Revoked Token') };
  }
  return { ok: true, token, spec };
}

/** Returns true when the token has any of `accepted` (a read-only scope or its read-write form). */
export function hasAnyScope(spec: TokenSpec, accepted: readonly string[]): boolean {
  return spec.scopes === 'all' || accepted.some((scope) => (spec.scopes as string[]).includes(scope));
}

export function missingScope(scope: string): Reply {
  return brexError(403, 'FORBIDDEN', `Missing required scope: ${scope}`, 'INSUFFICIENT_SCOPE');
}

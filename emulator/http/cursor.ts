// Page cursors. A cursor holds only a position: the route it belongs to, the order and
// shuffle salt of its chain, the key of the last row served, and its issue time. It is
// encrypted and authenticated (AES-256-GCM with a key made per emulator), so a client can
// neither read nor forge one, and a cursor from another emulator process is invalid.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ListOrder } from '../types.js';
import type { SortKey } from '../store/ordering.js';

export interface CursorPosition {
  route: string;
  order: ListOrder;
  salt: number;
  /** Key of the last row served; null means the start of the list. */
  key: SortKey | null;
}

export type CursorCheck = { ok: true; position: CursorPosition } | { ok: false; reason: 'malformed' | 'expired' };

const ORDERS: ListOrder[] = ['newest', 'oldest', 'shuffled'];

export class CursorCodec {
  private readonly secret = randomBytes(32);

  encode(position: CursorPosition, issuedAt: number): string {
    const payload = JSON.stringify([position.route, ORDERS.indexOf(position.order), position.salt, position.key, issuedAt]);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secret, iv);
    const encrypted = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, encrypted, cipher.getAuthTag()]).toString('base64url');
  }

  decode(text: string, now: number, ttlMs: number): CursorCheck {
    const payload = this.open(text);
    if (!payload) {
      return { ok: false, reason: 'malformed' };
    }
    const [route, orderIndex, salt, key, issuedAt] = payload;
    if (now - issuedAt > ttlMs) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, position: { route, order: ORDERS[orderIndex], salt, key } };
  }

  private open(text: string): [string, number, number, SortKey | null, number] | null {
    const bytes = Buffer.from(text, 'base64url');
    if (bytes.length < 29 || bytes.toString('base64url') !== text) {
      return null;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.secret, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      const plain = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    } catch {
      // A failed authentication tag or broken JSON both mean the cursor was not issued here.
      return null;
    }
  }
}

// Seeded randomness. Every generated value comes from here, never from Math.random,
// so the same seed gives the same rows and ids.

/** Mixes a 32-bit integer into a well-spread 32-bit unsigned integer (the murmur3 finalizer). */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of integers into one unsigned 32-bit value; a pure function of its arguments. */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = mix32(h ^ mix32(part));
  }
  return h;
}

/** FNV-1a hash of a string, as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A sequence of pseudo-random numbers (mulberry32) with helpers for picking values. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = hash32(seed) | 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns an integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }

  /** Returns a shuffled copy (Fisher-Yates). */
  shuffle<T>(values: readonly T[]): T[] {
    const copy = values.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  /** Returns `length` characters from [0-9a-z]. */
  base36(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += BASE36[Math.floor(this.next() * 36)];
    }
    return out;
  }

  /** Returns a new generator whose sequence depends only on this one's seed and `label`. */
  fork(label: string): Random {
    return new Random(hash32(this.state, hashString(label)));
  }
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Returns `length` base-36 characters derived only from `value` (for ids that must be pure functions). */
export function base36FromHash(value: number, length: number): string {
  let out = '';
  let h = mix32(value);
  for (let i = 0; i < length; i++) {
    // Six base-36 digits use up about 31 bits, so draw fresh bits from the value every six.
    if (i % 6 === 0 && i > 0) {
      h = mix32((value + Math.imul(i, 0x9e3779b9)) | 0);
    }
    out += BASE36[h % 36];
    h = Math.floor(h / 36);
  }
  return out;
}

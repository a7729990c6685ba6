// Mutable settings and shared parts of one running emulator.

import type { ListOrder, RequestLogEntry, TokenSpec } from '../types.js';
import type { Dataset } from '../data/dataset.js';
import type { CursorCodec } from './cursor.js';
import type { FaultBook } from './faults.js';
import type { SlidingWindowLimiter } from './rate-limit.js';

export interface ServerState {
  dataset: Dataset;
  order: ListOrder;
  /** Seeded salt of the 'shuffled' order. */
  shuffleSalt: number;
  cashEnabled: boolean;
  latencyMs: number;
  cursorTtlMs: number;
  tokens: Map<string, TokenSpec>;
  codec: CursorCodec;
  faults: FaultBook;
  limiter: SlidingWindowLimiter;
  requests: RequestLogEntry[];
}

import type { BrexClient } from '../brex/client.js';
import type { SourceConfig } from '../config.js';
import type { Logger } from '../logger.js';

/** Dependencies shared by every stream reader during one `read`. */
export interface ReadContext {
  client: BrexClient;
  config: SourceConfig;
  logger: Logger;
  /** Aborted on SIGTERM/SIGINT and when the token turns out to be invalid. */
  signal: AbortSignal;
}

/** A page chain writes a resume checkpoint after this many pages, or after `CHECKPOINT_INTERVAL_MS`. */
export const CHECKPOINT_EVERY_PAGES = 10;
export const CHECKPOINT_INTERVAL_MS = 30_000;

/** A progress line is logged every this many pages of a chain. */
export const PROGRESS_EVERY_PAGES = 10;

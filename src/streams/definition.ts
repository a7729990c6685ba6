import type { SourceConfig } from '../config.js';
import type { QueryParams } from '../brex/query.js';

/** How a stream's cursor field is typed; it decides how filters and watermarks are computed. */
export type CursorKind = 'date' | 'date-time';

export interface StreamCursor {
  /** Record field holding the cursor value. */
  field: string;
  kind: CursorKind;
  /** Query parameter that keeps rows whose cursor is on or after its value. */
  filterParam: string;
  /**
   * Query parameter that keeps rows whose cursor is on or before its value. When Brex offers one,
   * the reader splits the range into windows read in parallel (see `windowed.ts`).
   */
  endFilterParam?: string;
}

/**
 * One Brex table, declared as data. The generic reader in `reader.ts` runs every stream from
 * this: adding a table means adding a definition and a schema file.
 */
export interface StreamDefinition {
  name: string;
  /** API path; `{account_id}` is filled in per cash account for fan-out streams. */
  path: string;
  primaryKey: string[][];
  /** Present on incremental streams. */
  cursor?: StreamCursor;
  /** The read-only scope Brex requires for `path`. */
  scope: string;
  /** Largest `limit` Brex accepts on this endpoint. */
  maxPageSize: number;
  /** Set when the stream is read once per cash account listed by `GET /v2/accounts/cash`. */
  fanOut?: 'cash_accounts';
  /** Extra query parameters taken from the config. */
  query?: (config: SourceConfig) => QueryParams;
}

// Configured catalogs built from the discovered catalog, so tests run with the connector's own schemas.
import { catalogFor, type StreamSelection } from '../../helpers/cli.js';
import type { AirbyteCatalog, ConfiguredAirbyteCatalog } from '../../helpers/protocol.js';

export type SyncMode = StreamSelection['syncMode'];

/** Streams with a cursor, read incrementally in most tests. */
export const INCREMENTAL_STREAMS = ['card_transactions', 'cash_transactions', 'expenses'] as const;

/** Streams the connector always reads in full. */
export const FULL_REFRESH_STREAMS = ['users', 'departments', 'locations', 'vendors', 'budgets'] as const;

export const ALL_STREAMS = [...INCREMENTAL_STREAMS, ...FULL_REFRESH_STREAMS];

/** Builds a configured catalog with the given sync mode per stream name, e.g. `{ expenses: 'incremental' }`. */
export function catalogWith(discovered: AirbyteCatalog, modes: Record<string, SyncMode>): ConfiguredAirbyteCatalog {
  const selections = Object.entries(modes).map(([name, syncMode]) => ({ name, syncMode }));
  return catalogFor(discovered, selections);
}

/** Configures every discovered stream: the cursor streams in `cursorMode` and the others in full refresh. */
export function catalogOfAllStreams(discovered: AirbyteCatalog, cursorMode: SyncMode): ConfiguredAirbyteCatalog {
  const modes: Record<string, SyncMode> = {};
  for (const stream of discovered.streams) {
    modes[stream.name] = stream.supported_sync_modes.includes(cursorMode) ? cursorMode : 'full_refresh';
  }
  return catalogWith(discovered, modes);
}

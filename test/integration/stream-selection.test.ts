// Only the configured streams are read: no messages and no requests for the others.
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { catalogWith, type SyncMode } from './support/catalog.js';
import { discoverFrom, readFrom } from './support/connector.js';
import { useEmulators } from './support/emulator.js';
import { expectCompleteRead, streamsMentioned } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { expectRecordsMatchRows, recordData, tableRows } from './support/rows.js';
import { distinctPaths } from './support/requests.js';

interface Selection {
  modes: Record<string, SyncMode>;
  /** Request paths, with cash account ids replaced by `{id}`. */
  paths: string[];
}

const SELECTIONS: Selection[] = [
  {
    modes: { users: 'full_refresh', card_transactions: 'incremental' },
    paths: ['/v2/transactions/card/primary', '/v2/users'],
  },
  {
    modes: { cash_transactions: 'incremental', budgets: 'full_refresh' },
    paths: ['/v2/accounts/cash', '/v2/budgets', '/v2/transactions/cash/{id}'],
  },
];

describe('stream selection', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;

  beforeAll(async () => {
    discovered = await discoverFrom(await emulators.start());
    schemas = recordSchemasOf(discovered);
  });

  it.each(SELECTIONS)('reads $paths only', async ({ modes, paths }) => {
    const emulator = await emulators.start();
    const streams = Object.keys(modes);

    const result = await readFrom(emulator, { catalog: catalogWith(discovered, modes) });
    expectCompleteRead(result, streams, schemas);

    expect(streamsMentioned(result.messages)).toEqual([...streams].sort());
    const requested = new Set(distinctPaths(emulator).map((path) => path.replace(/^\/v2\/transactions\/cash\/.+$/, '/v2/transactions/cash/{id}')));
    expect([...requested].sort()).toEqual([...paths].sort());

    for (const stream of streams) {
      expectRecordsMatchRows(stream, recordData(result.messages, stream), tableRows(emulator, stream));
    }
  });
});

// Brex documents no list order: oldest-first and shuffled lists give the same records and watermarks.
import type { RunResult } from '../helpers/cli.js';
import type { AirbyteCatalog } from '../helpers/protocol.js';
import { ALL_STREAMS, catalogOfAllStreams } from './support/catalog.js';
import { discoverFrom, readFrom, testConfig } from './support/connector.js';
import { latestDate, latestDateTime } from './support/dates.js';
import { useEmulators } from './support/emulator.js';
import type { ListOrder } from '../../emulator/index.js';
import { expectCompleteRead } from './support/read-checks.js';
import { recordSchemasOf, type RecordSchemas } from './support/record-schemas.js';
import { byKey, expectRecordsMatchRows, recordData, tableRows, type Row } from './support/rows.js';
import { lastStreamState } from './support/states.js';

// Pages of 7 spread each stream over several pages, so the newest row is rarely on the first one.
const config = testConfig({ page_size: 7, expense_expand: [] });

/** Records of every stream, sorted by primary key, so reads in different orders compare equal. */
function recordsByStream(result: RunResult): Record<string, Row[]> {
  return Object.fromEntries(
    ALL_STREAMS.map((stream) => {
      const sorted = [...byKey(stream, recordData(result.messages, stream)).entries()].sort(([a], [b]) => a.localeCompare(b));
      return [stream, sorted.map(([, row]) => row)];
    }),
  );
}

describe('list order', () => {
  const emulators = useEmulators();
  let discovered: AirbyteCatalog;
  let schemas: RecordSchemas;
  let reference: Record<string, Row[]>;

  beforeAll(async () => {
    const emulator = await emulators.start({ order: 'newest' });
    discovered = await discoverFrom(emulator);
    schemas = recordSchemasOf(discovered);

    const result = await readFrom(emulator, { config, catalog: catalogOfAllStreams(discovered, 'incremental') });
    expectCompleteRead(result, ALL_STREAMS, schemas);
    reference = recordsByStream(result);
  });

  it.each<ListOrder>(['oldest', 'shuffled'])('%s order gives the same records and watermarks', async (order) => {
    const emulator = await emulators.start({ order });

    const result = await readFrom(emulator, { config, catalog: catalogOfAllStreams(discovered, 'incremental') });
    expectCompleteRead(result, ALL_STREAMS, schemas);

    for (const stream of ALL_STREAMS) {
      expectRecordsMatchRows(stream, recordData(result.messages, stream), tableRows(emulator, stream));
    }
    expect(recordsByStream(result)).toEqual(reference);

    const cardDates = tableRows(emulator, 'card_transactions').map((row) => row.posted_at_date as string);
    expect(lastStreamState(result.messages, 'card_transactions').posted_at_date).toBe(latestDate(cardDates));

    const expenseTimes = tableRows(emulator, 'expenses').map((row) => row.updated_at as string);
    expect(Date.parse(lastStreamState(result.messages, 'expenses').updated_at as string)).toBe(Date.parse(latestDateTime(expenseTimes)));

    const cashRows = tableRows(emulator, 'cash_transactions');
    const accounts = lastStreamState(result.messages, 'cash_transactions').accounts as Record<string, { posted_at_date?: string }>;
    for (const account of tableRows(emulator, 'cash_accounts')) {
      const dates = cashRows.filter((row) => row.account_id === account.id).map((row) => row.posted_at_date as string);
      const expected = dates.length > 0 ? latestDate(dates) : undefined;
      expect({ account: account.id, watermark: accounts[account.id as string]?.posted_at_date }).toEqual({ account: account.id, watermark: expected });
    }
  });
});

// The throughput baseline: the least work that moves every card transaction from the Brex API
// to stdout as Airbyte RECORD lines. It pages through GET /v2/transactions/card/primary with
// Node's fetch and the same limit and Authorization header as the connector, one request at a
// time, and writes one RECORD line per item, one write per page, waiting for stdout to drain.
// No retries, no rate limiting, no validation, no logging.
//
// Usage: BREX_API_BASE_URL=http://127.0.0.1:PORT BREX_TOKEN=... node dist/bench/baseline-fetch.js [--limit 100]

import { parseArgs } from 'node:util';

const PATH = '/v2/transactions/card/primary';

interface CardTransactionPage {
  items: unknown[];
  next_cursor: string | null;
}

const { values } = parseArgs({ options: { limit: { type: 'string', default: '100' } } });
const baseUrl = process.env.BREX_API_BASE_URL;
const token = process.env.BREX_TOKEN;
if (!baseUrl || !token) {
  console.error('baseline-fetch: set BREX_API_BASE_URL and BREX_TOKEN.');
  process.exit(2);
}

let cursor: string | null = null;
do {
  const url = new URL(PATH, baseUrl);
  url.searchParams.set('limit', values.limit ?? '100');
  if (cursor) url.searchParams.set('cursor', cursor);

  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (!response.ok) {
    console.error(`baseline-fetch: GET ${PATH} failed with HTTP ${response.status}: ${await response.text()}`);
    process.exit(1);
  }
  const page = (await response.json()) as CardTransactionPage;

  const emittedAt = Date.now();
  const lines = page.items.map((item) => JSON.stringify({ type: 'RECORD', record: { stream: 'card_transactions', data: item, emitted_at: emittedAt } }));
  await writeOut(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  cursor = page.next_cursor;
} while (cursor);

function writeOut(text: string): Promise<void> {
  if (process.stdout.write(text)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

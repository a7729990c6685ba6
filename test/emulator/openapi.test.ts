// Every response body of every endpoint, page by page, validated against Brex's own
// OpenAPI schemas in vendor/brex-openapi (not against the connector's schemas).

import { startEmulator, type Emulator, type EmulatorSize } from '../../emulator/index.js';
import { ENDPOINT_SPECS, responseSchema, responseValidator, type SpecFile } from './helpers/openapi.js';
import { newReport, reachableEnums, walkData, type WalkReport } from './helpers/schema-walk.js';
import { allPages, get, withQuery } from './helpers/http.js';

const EXPAND_ALL = ['location', 'department', 'merchant', 'receipts.download_uris', 'user', 'budget', 'payment', 'spending_entity', 'policy'];

interface Checked {
  file: SpecFile;
  specPath: string;
  report: WalkReport;
}

/** Validates one body; returns ajv's errors as text, or '' when valid. */
function validate(file: SpecFile, specPath: string, body: unknown): string {
  const check = responseValidator(file, specPath);
  return check(body) ? '' : JSON.stringify(check.errors?.slice(0, 5), null, 1);
}

/** Pages through every endpoint and validates every page; returns the walk reports per endpoint. */
async function checkEveryPage(emulator: Emulator, limit: string, expenseLimit: string): Promise<Checked[]> {
  const checked: Checked[] = [];
  const accounts = (await allPages(emulator, '/v2/accounts/cash', { limit })).flatMap((page) => page.items);

  for (const spec of ENDPOINT_SPECS) {
    const report = newReport();
    const root = responseSchema(spec.file, spec.specPath);
    const paths = spec.path.includes('{id}') ? accounts.map((account) => spec.path.replace('{id}', String(account.id))) : [spec.path];
    const queries = spec.path === '/v1/expenses'
      ? [{ limit: expenseLimit }, { limit: expenseLimit, 'expand[]': EXPAND_ALL, load_custom_fields: 'true' }]
      : [{ limit }];

    for (const path of paths) {
      for (const query of queries) {
        const bodies = spec.list ? await allPages(emulator, path, query) : [(await get(emulator, path)).body];
        for (const [index, body] of bodies.entries()) {
          const errors = validate(spec.file, spec.specPath, body);
          if (errors) {
            throw new Error(`${withQuery(path, query)} page ${index + 1} does not match Brex's schema: ${errors}`);
          }
          walkData(spec.file, root, body, report);
        }
      }
    }
    checked.push({ file: spec.file, specPath: spec.specPath, report });
  }
  return checked;
}

function missingEnumValues(checked: Checked[]): string[] {
  const missing: string[] = [];
  // /v2/users/me returns a single user, so it cannot show every status.
  for (const { file, specPath, report } of checked.filter((entry) => entry.specPath !== '/v2/users/me')) {
    for (const [key, values] of reachableEnums(file, responseSchema(file, specPath))) {
      const seen = report.enums.get(key)?.seen ?? new Set();
      const absent = [...values].filter((value) => !seen.has(value));
      if (absent.length > 0) {
        missing.push(`${specPath} ${key}: ${absent.join(', ')}`);
      }
    }
  }
  return missing;
}

describe.each<[EmulatorSize, string, string]>([
  ['small', '7', '9'],
  ['medium', '1000', '100'],
])('OpenAPI conformance, size %s', (size, limit, expenseLimit) => {
  let emulator: Emulator;
  let checked: Checked[];

  beforeAll(async () => {
    emulator = await startEmulator({ size, rateLimit: null });
    checked = await checkEveryPage(emulator, limit, expenseLimit);
  }, 120_000);

  afterAll(async () => {
    await emulator.stop();
  });

  it('validates every page of every endpoint', () => {
    expect(checked).toHaveLength(ENDPOINT_SPECS.length);
  });

  it('serves every enum value of the schemas', () => {
    expect(missingEnumValues(checked)).toEqual([]);
  });

  it('serves no property the schemas lack', () => {
    const undeclared = checked.flatMap(({ specPath, report }) => [...report.undeclared].map((key) => `${specPath} ${key}`));
    expect(undeclared).toEqual([]);
  });
});

describe('OpenAPI conformance, size large', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ size: 'large', rateLimit: null });
  }, 60_000);

  afterAll(async () => {
    await emulator.stop();
  });

  it('validates sampled card transaction pages', async () => {
    const starts = [undefined, '2025-01-01T00:00:00Z', '2026-06-15T12:00:00Z', '2026-11-30T00:00:00Z'];
    for (const order of ['newest', 'oldest', 'shuffled'] as const) {
      emulator.control.setOrder(order);
      for (const start of starts) {
        let cursor: string | undefined;
        for (let page = 0; page < 3; page++) {
          const response = await get(emulator, withQuery('/v2/transactions/card/primary', { limit: '1000', posted_at_start: start, cursor }));
          expect(response.status).toBe(200);
          expect(validate('transactions', '/v2/transactions/card/primary', response.body)).toBe('');
          cursor = response.body.next_cursor ?? undefined;
          if (!cursor) {
            break;
          }
        }
      }
    }
  });

  it('validates the other endpoints first pages', async () => {
    for (const spec of ENDPOINT_SPECS.filter((entry) => !entry.path.includes('{id}'))) {
      const response = await get(emulator, spec.path === '/v1/expenses' ? withQuery(spec.path, { 'expand[]': EXPAND_ALL, load_custom_fields: 'true' }) : spec.path);
      expect(response.status).toBe(200);
      expect(validate(spec.file, spec.specPath, response.body)).toBe('');
    }
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig, parseConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

const now = new Date('2026-12-04T12:00:00Z');
const token = 'bxt_unit_test_token_0001';

describe('parseConfig', () => {
  it('applies defaults', () => {
    const config = parseConfig({ user_token: token }, now);
    expect(config).toMatchObject({
      token,
      lookbackDays: 1,
      expenseExpand: ['merchant'],
      loadCustomFields: false,
      pageSize: 100,
      requestsPerMinute: 900,
      requestTimeoutMs: 60_000,
      unknownKeys: [],
      tokenWasTrimmed: false,
    });
    expect(config.startDate).toBeUndefined();
  });

  it('accepts a date or an RFC 3339 start date', () => {
    expect(parseConfig({ user_token: token, start_date: '2024-01-31' }, now).startDate?.toISOString()).toBe('2024-01-31T00:00:00.000Z');
    expect(parseConfig({ user_token: token, start_date: '2024-01-31T10:00:00+02:00' }, now).startDate?.toISOString()).toBe(
      '2024-01-31T08:00:00.000Z',
    );
  });

  it('rejects a start date in the future', () => {
    expect(() => parseConfig({ user_token: token, start_date: '2027-01-01' }, now)).toThrow(/start_date "2027-01-01" is in the future/);
  });

  it('rejects malformed start dates with an example of the format', () => {
    for (const value of ['2024-02-30', '01/31/2024', '2024-1-5', 'yesterday']) {
      expect(() => parseConfig({ user_token: token, start_date: value }, now)).toThrow(ConfigError);
    }
    expect(() => parseConfig({ user_token: token, start_date: '01/31/2024' }, now)).toThrow(/start_date/);
  });

  it('names wrong types and out-of-range values', () => {
    expect(() => parseConfig({ user_token: token, page_size: 500 }, now)).toThrow(/page_size is 500/);
    expect(() => parseConfig({ user_token: token, page_size: 0 }, now)).toThrow(/page_size is 0/);
    expect(() => parseConfig({ user_token: token, lookback_window_days: 'one' }, now)).toThrow(/lookback_window_days is "one" but must be of type integer/);
    expect(() => parseConfig({ user_token: token, expense_expand: ['receipts'] }, now)).toThrow(/expense_expand/);
  });

  it('requires the token and never prints it', () => {
    expect(() => parseConfig({}, now)).toThrow(/user_token is missing/);
    try {
      parseConfig({ user_token: 12345678 }, now);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(String(error)).toMatch(/user_token is \(hidden\)/);
      expect(String(error)).not.toContain('12345678');
    }
  });

  it('trims stray whitespace around the token and reports it', () => {
    const config = parseConfig({ user_token: `  ${token}\n` }, now);
    expect(config.token).toBe(token);
    expect(config.tokenWasTrimmed).toBe(true);
  });

  it('rejects whitespace inside the token', () => {
    expect(() => parseConfig({ user_token: 'bxt_abc def' }, now)).toThrow(/whitespace inside the token/);
  });

  it('tolerates unknown keys and lists them', () => {
    expect(parseConfig({ user_token: token, page_sise: 10, _comment: 'x' }, now).unknownKeys).toEqual(['page_sise']);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-'));

  it('names a file that is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"user_token": ');
    expect(() => loadConfig(path, now)).toThrow(/config file .*broken\.json is not valid JSON/);
  });

  it('names a file that is not an object', () => {
    const path = join(dir, 'array.json');
    writeFileSync(path, '[]');
    expect(() => loadConfig(path, now)).toThrow(/must contain a JSON object.*not an array/);
  });

  it('does not echo a token from a malformed file', () => {
    const path = join(dir, 'secret.json');
    writeFileSync(path, `{"user_token": "${token}" oops}`);
    expect(() => loadConfig(path, now)).toThrow(ConfigError);
    try {
      loadConfig(path, now);
    } catch (error) {
      expect(String(error)).not.toContain(token);
    }
  });
});

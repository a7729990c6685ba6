import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError } from '../../src/errors.js';
import { loadState } from '../../src/state.js';

const dir = mkdtempSync(join(tmpdir(), 'state-'));
function file(content: unknown): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const streamState = (name: string, state: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'STREAM',
  stream: { stream_descriptor: { name }, stream_state: state },
  ...extra,
});

describe('loadState', () => {
  it('returns nothing without a file or for an empty array', () => {
    expect(loadState(undefined).size).toBe(0);
    expect(loadState(file([])).size).toBe(0);
  });

  it('reads STREAM states and ignores extra fields', () => {
    const state = loadState(file([streamState('users', { a: 1 }, { sourceStats: { recordCount: 3 }, id: 7 })]));
    expect(state.get('users')).toEqual({ a: 1 });
  });

  it('treats stream_state null as a reset stream', () => {
    expect(loadState(file([streamState('expenses', null)])).has('expenses')).toBe(false);
  });

  it('keeps states of streams the catalog may not have', () => {
    expect(loadState(file([streamState('unknown_stream', { x: 1 })])).get('unknown_stream')).toEqual({ x: 1 });
  });

  it('reads the legacy per-stream object and LEGACY messages', () => {
    expect(loadState(file({ expenses: { updated_at: '2026-01-01T00:00:00Z' } })).get('expenses')).toEqual({
      updated_at: '2026-01-01T00:00:00Z',
    });
    expect(loadState(file([{ type: 'LEGACY', data: { users: { a: 1 } } }])).get('users')).toEqual({ a: 1 });
  });

  it('reads GLOBAL states and whole AirbyteMessages', () => {
    const global = { type: 'GLOBAL', global: { stream_states: [{ stream_descriptor: { name: 'users' }, stream_state: { g: 1 } }] } };
    expect(loadState(file([global])).get('users')).toEqual({ g: 1 });
    expect(loadState(file([{ type: 'STATE', state: streamState('budgets', { b: 2 }) }])).get('budgets')).toEqual({ b: 2 });
  });

  it('rejects garbage with the file name and the expected shape', () => {
    const cases = [file('"hello"'), file('42'), file('[1, 2]'), file('{not json'), file(''), file([{ type: 'STREAM', stream: {} }])];
    for (const path of cases) {
      expect(() => loadState(path)).toThrow(ConfigError);
      expect(() => loadState(path)).toThrow(path);
    }
  });

  it('names a state file that does not exist', () => {
    expect(() => loadState(join(dir, 'missing.json'))).toThrow(/state file .*missing\.json does not exist/);
  });
});

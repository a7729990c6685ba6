// The acceptance checks themselves, fed with inputs that break each rule, so a passing
// acceptance run means the rule held and not that the check was blind.
import type { AirbyteMessage, AirbyteStream } from '../helpers/protocol.js';
import { catalogBackwardCompatibilityProblems, specBackwardCompatibilityProblems } from './backward-compatibility.js';
import { cursorPathProblems, primaryKeyPathProblems, primaryKeyTypeProblems, streamKeywordProblems, streamNameProblems } from './catalog-checks.js';
import { checkpointsOf, earlyRecordProblems, sameRecordSetProblems, watermarkFor } from './incremental-checks.js';
import { expectNoProblems, secretLeakProblems, stableStringify } from './problems.js';
import { emittedAtProblems, emptyDataProblems, expectedRecordProblems, primaryKeyValueProblems, recordSchemaProblems } from './record-checks.js';
import { additionalPropertiesProblems } from './schema-walk.js';
import { draft07SchemaProblems } from './schema-validation.js';
import {
  arrayItemsProblems,
  configProblems,
  duplicateEnumProblems,
  duplicateOrderProblems,
  forbiddenKeywordProblems,
  misplacedSecretProblems,
  oneOfProblems,
  propertyTypeProblems,
  unmarkedSecretProblems,
} from './spec-checks.js';
import { monotonicCursorProblems, recordCountProblems, stateTypeProblems, streamStatusProblems } from './state-checks.js';

function record(stream: string, data: Record<string, unknown>, emittedAt = 1): AirbyteMessage {
  return { type: 'RECORD', record: { stream, data, emitted_at: emittedAt } };
}

function state(stream: string, streamState: Record<string, unknown>, recordCount?: number): AirbyteMessage {
  return {
    type: 'STATE',
    state: { type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: streamState }, ...(recordCount === undefined ? {} : { sourceStats: { recordCount } }) },
  };
}

function status(stream: string, value: 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE'): AirbyteMessage {
  return { type: 'TRACE', trace: { type: 'STREAM_STATUS', emitted_at: 1, stream_status: { stream_descriptor: { name: stream }, status: value } } };
}

const usersStream: AirbyteStream = {
  name: 'users',
  json_schema: {
    type: 'object',
    properties: { id: { type: 'string' }, created_at: { type: ['null', 'string'], format: 'date-time' }, tags: { type: 'array' } },
  },
  supported_sync_modes: ['full_refresh'],
  source_defined_primary_key: [['id']],
};

describe('expectNoProblems', () => {
  it('throws listing the problems', () => {
    expect(() => expectNoProblems(['expected 1, got 2'])).toThrow('expected 1, got 2');
  });

  it('passes an empty list', () => {
    expect(() => expectNoProblems([])).not.toThrow();
  });
});

describe('stableStringify', () => {
  it('ignores key order', () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(stableStringify({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
});

describe('secretLeakProblems', () => {
  it('finds a printed token', () => {
    const output = { stdout: '{"type":"LOG","log":{"level":"INFO","message":"token demo-token"}}', stderr: '' };
    expect(secretLeakProblems(output, { user_token: 'demo-token', page_size: 100 })).toEqual(['expected the value of config key user_token never to be printed, got it in stdout']);
  });
});

describe('spec checks', () => {
  it('finds an unmarked token', () => {
    expect(unmarkedSecretProblems({ type: 'object', properties: { Token: { type: 'string' } } })).toHaveLength(1);
  });

  it('accepts a marked token', () => {
    expect(unmarkedSecretProblems({ type: 'object', properties: { token: { type: 'string', airbyte_secret: true } } })).toEqual([]);
  });

  it('finds a secret boolean', () => {
    expect(misplacedSecretProblems({ type: 'object', properties: { flag: { type: 'boolean', airbyte_secret: true } } })).toHaveLength(1);
  });

  it('finds a type union', () => {
    expect(propertyTypeProblems({ type: 'object', properties: { a: { type: ['string', 'integer'] }, b: { type: ['null', 'string'] } } })).toHaveLength(2);
  });

  it('finds a duplicate order', () => {
    expect(duplicateOrderProblems({ type: 'object', properties: { a: { order: 1 }, b: { order: 1 }, c: { order: 1, group: 'x' } } })).toHaveLength(1);
  });

  it('finds forbidden keywords', () => {
    const problems = forbiddenKeywordProblems({ type: 'object', properties: { not: { anyOf: [{ type: 'string' }] } } });
    expect(problems).toEqual(['#/properties/not/anyOf: expected none of not, anyOf, patternProperties, prefixItems, allOf, if, then, else, dependentSchemas, dependentRequired, got this keyword']);
  });

  it('finds additionalProperties false', () => {
    expect(additionalPropertiesProblems({ type: 'object', additionalProperties: false }, 'spec')).toHaveLength(1);
  });

  it('finds a duplicate enum value', () => {
    expect(duplicateEnumProblems({ type: 'string', enum: ['a', 'b', 'a'] })).toHaveLength(1);
  });

  it('finds a oneOf without a discriminator', () => {
    expect(oneOfProblems({ type: 'object', oneOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'string' } } }] })).toHaveLength(1);
  });

  it('finds untyped array items', () => {
    expect(arrayItemsProblems({ type: 'array', items: { type: 'boolean' } })).toHaveLength(1);
  });

  it('finds an invalid config', () => {
    const problems = configProblems({ type: 'object', required: ['user_token'], properties: { user_token: { type: 'string' } } }, { page_size: 5 });
    expect(problems).toHaveLength(1);
  });

  it('finds an invalid schema', () => {
    expect(draft07SchemaProblems({ type: 'nonsense' }, 'schema')).not.toEqual([]);
  });
});

describe('backward compatibility checks', () => {
  const previous = { type: 'object', required: ['a'], properties: { a: { type: ['null', 'string'] }, b: { type: 'string', enum: ['x', 'y'] }, c: { type: 'string' } } };

  it('accepts a widened spec', () => {
    const current = { type: 'object', required: ['a'], properties: { a: { type: ['null', 'string'] }, b: { type: 'string', enum: ['x', 'y', 'z'] }, c: { type: ['string', 'null'] } } };
    expect(specBackwardCompatibilityProblems(previous, current)).toEqual([]);
  });

  it('finds narrowed spec changes', () => {
    const current = { type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' }, b: { type: 'string', enum: ['x'] }, c: { type: 'string', enum: ['q'] } } };
    expect(specBackwardCompatibilityProblems(previous, current)).toHaveLength(4);
  });

  it('finds catalog breaking changes', () => {
    const before = { streams: [usersStream, { ...usersStream, name: 'gone' }] };
    const changed: AirbyteStream = { ...usersStream, default_cursor_field: ['created_at'], json_schema: { type: 'object', properties: { id: { type: 'integer' } } } };
    expect(catalogBackwardCompatibilityProblems(before, { streams: [changed] })).toHaveLength(3);
  });
});

describe('catalog checks', () => {
  it('finds duplicate stream names', () => {
    expect(streamNameProblems({ streams: [usersStream, usersStream] })).toHaveLength(1);
  });

  it('finds a missing cursor', () => {
    expect(cursorPathProblems({ ...usersStream, default_cursor_field: ['updated_at'] })).toHaveLength(1);
  });

  it('finds a missing primary key', () => {
    expect(primaryKeyPathProblems({ ...usersStream, source_defined_primary_key: [['uuid']] })).toHaveLength(1);
  });

  it('finds an array primary key', () => {
    expect(primaryKeyTypeProblems({ ...usersStream, source_defined_primary_key: [['tags']] })).toHaveLength(1);
  });

  it('finds $ref in a stream schema', () => {
    expect(streamKeywordProblems({ ...usersStream, json_schema: { type: 'object', properties: { a: { $ref: '#/definitions/a' } } } })).toHaveLength(1);
  });
});

describe('record checks', () => {
  it('finds a date-time without offset', () => {
    expect(recordSchemaProblems([record('users', { id: 'u1', created_at: '2026-01-01T00:00:00' })], [usersStream])).toHaveLength(1);
  });

  it('accepts a date-time with offset', () => {
    expect(recordSchemaProblems([record('users', { id: 'u1', created_at: '2026-01-01T00:00:00Z' })], [usersStream])).toEqual([]);
  });

  it('finds emitted_at in seconds', () => {
    expect(emittedAtProblems([record('users', { id: 'u1' }, 1_765_000_000)])).toHaveLength(1);
    expect(emittedAtProblems([record('users', { id: 'u1' }, 1_765_000_000_000)])).toEqual([]);
  });

  it('finds empty record data', () => {
    expect(emptyDataProblems([record('users', {})])).toHaveLength(1);
  });

  it('finds a null primary key', () => {
    expect(primaryKeyValueProblems([record('users', { id: null })], [usersStream])).toHaveLength(1);
  });

  it('finds a missing expected record', () => {
    const expected = [{ stream: 'users', data: { id: 'u1' } }, { stream: 'users', data: { id: 'u2' } }];
    expect(expectedRecordProblems([record('users', { id: 'u2' })], [usersStream], expected, false)).toHaveLength(1);
  });

  it('finds expected records out of order', () => {
    const expected = [{ stream: 'users', data: { id: 'u1' } }, { stream: 'users', data: { id: 'u2' } }];
    const messages = [record('users', { id: 'u2' }), record('users', { id: 'u1' })];
    expect(expectedRecordProblems(messages, [usersStream], expected, false)).toEqual([]);
    expect(expectedRecordProblems(messages, [usersStream], expected, true)).toHaveLength(1);
  });
});

describe('state checks', () => {
  it('finds a wrong recordCount', () => {
    const messages = [record('users', { id: 'a' }), record('users', { id: 'b' }), state('users', { p: 1 }, 2), record('users', { id: 'c' }), state('users', { p: 2 }, 2)];
    expect(recordCountProblems(messages)).toEqual(['stream users STATE at message 5: expected sourceStats.recordCount 1 (records since its previous state), got 2']);
  });

  it('finds a legacy state', () => {
    expect(stateTypeProblems([{ type: 'STATE', state: { data: { users: {} } } }])).toHaveLength(1);
  });

  it('finds a missing RUNNING', () => {
    expect(streamStatusProblems([status('users', 'STARTED'), status('users', 'COMPLETE')], ['users'])).toHaveLength(1);
    expect(streamStatusProblems([status('users', 'STARTED'), status('users', 'RUNNING'), status('users', 'COMPLETE')], ['users'])).toEqual([]);
  });

  it('finds a cursor going back', () => {
    const states = [state('cash', { accounts: { a1: { posted_at_date: '2026-03-05' } } }), state('cash', { accounts: { a1: { posted_at_date: '2026-03-01' } } })];
    expect(monotonicCursorProblems(states.map((message) => message.state ?? {}), 'cash', 'posted_at_date')).toHaveLength(1);
  });
});

describe('incremental checks', () => {
  const cashState = { posted_at_date: '2026-01-01', accounts: { acct_1: { posted_at_date: '2026-03-10' }, acct_2: { resume: { page_cursor: 'p2' } } } };

  it('picks the account watermark', () => {
    expect(watermarkFor(cashState, 'posted_at_date', { account_id: 'acct_1' })).toBe('2026-03-10');
  });

  it('leaves an account without watermark unbounded', () => {
    expect(watermarkFor(cashState, 'posted_at_date', { account_id: 'acct_2' })).toBeUndefined();
  });

  it('falls back to the stream watermark', () => {
    expect(watermarkFor(cashState, 'posted_at_date', { account_id: 'acct_3' })).toBe('2026-01-01');
  });

  it('finds a record before the lookback', () => {
    const messages = [record('cash', { account_id: 'acct_1', posted_at_date: '2026-03-08' }), record('cash', { account_id: 'acct_1', posted_at_date: '2026-03-09' })];
    expect(earlyRecordProblems(messages, 'cash', ['posted_at_date'], cashState, 1)).toHaveLength(1);
  });

  it('counts records after checkpoints', () => {
    const messages = [record('users', { id: 'a' }), state('users', { p: 1 }, 1), state('users', { p: 1 }, 0), record('users', { id: 'b' }), record('users', { id: 'c' }), state('users', { p: 2 }, 2)];
    expect(checkpointsOf(messages, 'users').map((checkpoint) => checkpoint.recordsAfter)).toEqual([2, 0]);
  });

  it('finds a repeated record set', () => {
    const messages = [record('users', { id: 'a' })];
    expect(sameRecordSetProblems(messages, [record('users', { id: 'a' }, 99)], 'second read')).toHaveLength(1);
    expect(sameRecordSetProblems(messages, [], 'second read')).toEqual([]);
  });
});

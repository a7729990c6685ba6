import { ConfigError } from '../../src/errors.js';
import { STREAMS } from '../../src/streams/definitions.js';
import type { StreamCursor } from '../../src/streams/definition.js';
import {
  parseCashState,
  parseCursorState,
  serializeCashState,
  serializeCursorState,
} from '../../src/streams/stream-state.js';

const card = STREAMS.find((s) => s.name === 'card_transactions')!.cursor as StreamCursor;
const expenses = STREAMS.find((s) => s.name === 'expenses')!.cursor as StreamCursor;

describe('parseCursorState', () => {
  it('round-trips a watermark and a resume point', () => {
    const saved = {
      posted_at_date: '2026-03-04',
      resume: { page_cursor: 'abc', posted_at_start: '2026-03-03T00:00:00Z', max_posted_at_date: '2026-03-05' },
    };
    const parsed = parseCursorState(saved, card, 'card_transactions');

    expect(parsed).toEqual({ watermark: '2026-03-04', resume: { pageCursor: 'abc', filter: '2026-03-03T00:00:00Z', maxSeen: '2026-03-05' } });
    expect(serializeCursorState(parsed, card)).toEqual(saved);
  });

  it('normalizes cursor values written in other formats and zones', () => {
    expect(parseCursorState({ posted_at_date: '2026-03-04T01:00:00+03:00' }, card, 'card_transactions').watermark).toBe('2026-03-03');
    expect(parseCursorState({ updated_at: '2026-03-04T12:00:00+02:00' }, expenses, 'expenses').watermark).toBe('2026-03-04T10:00:00.000Z');
  });

  it('tolerates extra fields and a broken resume point', () => {
    const parsed = parseCursorState({ posted_at_date: '2026-03-04', other: 1, resume: 'x' }, card, 'card_transactions');
    expect(parsed).toEqual({ watermark: '2026-03-04' });
  });

  it('rejects a cursor value that is not a date, naming stream and value', () => {
    const parse = () => parseCursorState({ posted_at_date: 'garbage' }, card, 'card_transactions');
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/card_transactions.*"garbage".*Reset the stream/);
  });

  it('rejects a state that is not an object', () => {
    expect(() => parseCursorState('2026-01-01', card, 'card_transactions')).toThrow(/instead of an object/);
  });
});

describe('parseCashState', () => {
  it('reads per-account watermarks, a floor and finished accounts', () => {
    const saved = {
      posted_at_date: '2026-01-01',
      accounts: { acct_b: { posted_at_date: '2026-03-01' }, acct_a: { posted_at_date: '2026-02-01' } },
      in_progress_pass: { done_accounts: ['acct_a'] },
    };
    const parsed = parseCashState(saved, card, 'cash_transactions');

    expect(parsed.floor).toBe('2026-01-01');
    expect(parsed.accounts.get('acct_b')).toEqual({ watermark: '2026-03-01' });
    expect([...parsed.doneInPass]).toEqual(['acct_a']);
    expect(serializeCashState(parsed, card)).toEqual({
      posted_at_date: '2026-01-01',
      accounts: { acct_a: { posted_at_date: '2026-02-01' }, acct_b: { posted_at_date: '2026-03-01' } },
      in_progress_pass: { done_accounts: ['acct_a'] },
    });
  });

  it('rejects accounts that are not an object', () => {
    expect(() => parseCashState({ accounts: [] }, card, 'cash_transactions')).toThrow(/accounts/);
  });
});

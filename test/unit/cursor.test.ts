import { filterStart, formatCursor, maxCursor, normalizeCursor, parseCursorInstant } from '../../src/streams/cursor.js';

describe('parseCursorInstant', () => {
  it('reads dates as midnight UTC', () => {
    expect(parseCursorInstant('2026-03-04')).toBe(Date.UTC(2026, 2, 4));
  });

  it('reads date-times with Z, offsets, or no zone as UTC', () => {
    expect(parseCursorInstant('2026-03-04T10:00:00Z')).toBe(Date.UTC(2026, 2, 4, 10));
    expect(parseCursorInstant('2026-03-04T12:00:00+02:00')).toBe(Date.UTC(2026, 2, 4, 10));
    expect(parseCursorInstant('2026-03-04T10:00:00.250')).toBe(Date.UTC(2026, 2, 4, 10, 0, 0, 250));
  });

  it('rejects values that are not dates', () => {
    expect(parseCursorInstant('2026-02-30')).toBeUndefined();
    expect(parseCursorInstant('yesterday')).toBeUndefined();
    expect(parseCursorInstant(20260304)).toBeUndefined();
    expect(parseCursorInstant(null)).toBeUndefined();
  });
});

describe('normalizeCursor', () => {
  it('turns a date-time into the UTC date for date cursors', () => {
    expect(normalizeCursor('2026-03-04T23:30:00-05:00', 'date')).toBe('2026-03-05');
  });

  it('writes date-times in UTC', () => {
    expect(normalizeCursor('2026-03-04T12:00:00+02:00', 'date-time')).toBe('2026-03-04T10:00:00.000Z');
    expect(formatCursor(Date.UTC(2026, 0, 1), 'date')).toBe('2026-01-01');
  });
});

describe('maxCursor', () => {
  it('compares by instant, not by text', () => {
    expect(maxCursor('2026-03-04T12:00:00+02:00', '2026-03-04T11:00:00Z')).toBe('2026-03-04T11:00:00Z');
    expect(maxCursor(undefined, '2026-01-01')).toBe('2026-01-01');
    expect(maxCursor('2026-01-02', undefined)).toBe('2026-01-02');
  });
});

describe('filterStart', () => {
  it('subtracts the lookback and starts date cursors at midnight', () => {
    expect(filterStart({ watermark: '2026-03-04', lookbackDays: 1, kind: 'date' })).toBe('2026-03-03T00:00:00Z');
    expect(filterStart({ watermark: '2026-03-04', lookbackDays: 0, kind: 'date' })).toBe('2026-03-04T00:00:00Z');
  });

  it('keeps the time of date-time cursors', () => {
    expect(filterStart({ watermark: '2026-03-04T10:15:00Z', lookbackDays: 1, kind: 'date-time' })).toBe('2026-03-03T10:15:00Z');
  });

  it('never goes before the start date', () => {
    const startDate = new Date('2026-03-04T00:00:00Z');
    expect(filterStart({ watermark: '2026-03-04', lookbackDays: 7, kind: 'date', startDate })).toBe('2026-03-04T00:00:00Z');
    expect(filterStart({ lookbackDays: 1, kind: 'date', startDate })).toBe('2026-03-04T00:00:00Z');
  });

  it('returns no filter without watermark or start date', () => {
    expect(filterStart({ lookbackDays: 1, kind: 'date' })).toBeUndefined();
  });
});

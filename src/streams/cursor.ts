import type { CursorKind } from './definition.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads a cursor value (from a record or a saved state) as an instant in UTC. Dates are midnight
 * UTC; date-times without a zone are taken as UTC, because Brex's own examples omit the zone and
 * the process time zone must never change a result. Returns undefined for anything else.
 */
export function parseCursorInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  // Records of one page mostly share their date, so the previous result usually applies again.
  if (value === lastParsed.value) return lastParsed.instant;
  const instant = parseUncached(value);
  lastParsed.value = value;
  lastParsed.instant = instant;
  return instant;
}

const lastParsed: { value?: string; instant?: number } = {};

function parseUncached(value: string): number | undefined {
  const text = value.trim();

  const date = DATE_ONLY.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const instant = Date.UTC(year, month - 1, day);
    const check = new Date(instant);
    return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? instant : undefined;
  }

  if (!DATE_TIME.test(text)) return undefined;
  const hasZone = /([Zz]|[+-]\d{2}:?\d{2})$/.test(text);
  const instant = Date.parse(hasZone ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(instant) ? undefined : instant;
}

/** Writes an instant in the cursor's own form: `YYYY-MM-DD` for dates, RFC 3339 UTC for date-times. */
export function formatCursor(instant: number, kind: CursorKind): string {
  const iso = new Date(instant).toISOString();
  return kind === 'date' ? iso.slice(0, 10) : iso;
}

/** Normalizes a saved cursor value to the cursor's form, or returns undefined when unreadable. */
export function normalizeCursor(value: unknown, kind: CursorKind): string | undefined {
  const instant = parseCursorInstant(value);
  return instant === undefined ? undefined : formatCursor(instant, kind);
}

/** Returns the later of two cursor values; either may be undefined. */
export function maxCursor(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return (parseCursorInstant(b) ?? -Infinity) > (parseCursorInstant(a) ?? -Infinity) ? b : a;
}

/**
 * Computes a stream's `*_start` filter value: the watermark minus the lookback, never earlier than
 * the start date. Date cursors start at midnight UTC of that day, since Brex compares
 * `posted_at_date` by day and the boundary day must be read again. Always RFC 3339 with `Z`.
 */
export function filterStart(options: {
  watermark?: string;
  lookbackDays: number;
  startDate?: Date;
  kind: CursorKind;
}): string | undefined {
  const watermark = parseCursorInstant(options.watermark);
  let start = watermark === undefined ? undefined : watermark - options.lookbackDays * DAY_MS;
  if (start !== undefined && options.kind === 'date') start = Math.floor(start / DAY_MS) * DAY_MS;

  const floor = options.startDate?.getTime();
  if (floor !== undefined && (start === undefined || floor > start)) start = floor;
  return start === undefined ? undefined : new Date(start).toISOString().replace('.000Z', 'Z');
}

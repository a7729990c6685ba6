// Date helpers. Brex's date fields are 'YYYY-MM-DD'; its date-times are RFC 3339, and the
// emulator always writes them in UTC with a 'Z' and whole seconds.

const DAY_MS = 86_400_000;

/** Returns the epoch milliseconds of midnight UTC of a 'YYYY-MM-DD' date. */
export function dateToEpoch(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Returns the UTC calendar date of an instant as 'YYYY-MM-DD'. */
export function epochToDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Returns an instant as RFC 3339 in UTC with whole seconds, e.g. '2026-03-06T17:42:10Z'. */
export function epochToDateTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function addDays(date: string, days: number): string {
  return epochToDate(dateToEpoch(date) + days * DAY_MS);
}

/** Returns true when `value` is a real calendar date written as 'YYYY-MM-DD'. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const epoch = dateToEpoch(value);
  return !Number.isNaN(epoch) && epochToDate(epoch) === value;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an RFC 3339 date-time into epoch milliseconds, or returns null when it is malformed.
 * A value without a zone is read as UTC. Fractions beyond milliseconds are cut off.
 */
export function parseDateTime(value: string): number | null {
  const match = DATE_TIME.exec(value);
  if (!match) {
    return null;
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  if (!isCalendarDate(`${year}-${month}-${day}`)) {
    return null;
  }
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return null;
  }

  if (zone && zone.length === 6 && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) {
    return null;
  }

  const millis = fraction ? Number(fraction.slice(1, 4).padEnd(3, '0')) : 0;
  const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis);
  return local - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') {
    return 0;
  }
  const sign = zone.startsWith('-') ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return sign * (hours * 60 + minutes) * 60_000;
}

export { DAY_MS };

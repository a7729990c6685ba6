// Date arithmetic for expected cursor values, all in UTC.
const DAY_MS = 86_400_000;

/** Returns the `YYYY-MM-DD` date `days` days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Returns the instant `days` days before an RFC 3339 date-time, in epoch milliseconds. */
export function instantDaysBefore(dateTime: string, days: number): number {
  return Date.parse(dateTime) - days * DAY_MS;
}

/** Returns the latest of `YYYY-MM-DD` dates, which sort as strings. Throws on an empty list. */
export function latestDate(dates: string[]): string {
  if (dates.length === 0) throw new Error('latestDate needs at least one date');
  return dates.reduce((latest, date) => (date > latest ? date : latest));
}

/** Returns the latest of RFC 3339 date-times, compared as instants. Throws on an empty list. */
export function latestDateTime(dateTimes: string[]): string {
  if (dateTimes.length === 0) throw new Error('latestDateTime needs at least one date-time');
  return dateTimes.reduce((latest, value) => (Date.parse(value) > Date.parse(latest) ? value : latest));
}

// Query-string parsing and the 400 checks shared by the endpoints.

import { parseDateTime } from '../dates.js';

export type Query = Record<string, string | string[]>;

/** A request parameter was invalid; the message goes into the 400 body. */
export class InvalidParameter extends Error {}

/**
 * Parses a query string; repeated keys become arrays. URLSearchParams decodes keys, so
 * `expand%5B%5D` and `expand[]` arrive as the same key.
 */
export function parseQuery(params: URLSearchParams): Query {
  const query: Query = {};
  for (const [key, value] of params) {
    const existing = query[key];
    if (existing === undefined) {
      query[key] = value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      query[key] = [existing, value];
    }
  }
  return query;
}

/** Returns the value of a parameter that may appear once, or undefined when absent. */
export function singleValue(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) {
    throw new InvalidParameter(`${name} must be given at most once`);
  }
  return value;
}

/** Returns every value of a repeatable parameter such as `expand[]`. */
export function listValues(query: Query, name: string): string[] {
  const value = query[name];
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** Returns the page size: 100 when absent, else an integer in [1, max]. */
export function parseLimit(query: Query, max: number): number {
  const text = singleValue(query, 'limit');
  if (text === undefined) {
    return Math.min(100, max);
  }
  const limit = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new InvalidParameter(`limit must be an integer from 1 to ${max}, got '${text}'`);
  }
  return limit;
}

/** Returns an RFC 3339 date-time parameter as epoch milliseconds, or undefined when absent. */
export function parseDateTimeParam(query: Query, name: string): number | undefined {
  const text = singleValue(query, name);
  if (text === undefined) {
    return undefined;
  }
  const epoch = parseDateTime(text);
  if (epoch === null) {
    throw new InvalidParameter(`${name} must be an RFC 3339 date-time such as 2026-03-01T00:00:00Z, got '${text}'`);
  }
  return epoch;
}

export function parseBooleanParam(query: Query, name: string): boolean | undefined {
  const text = singleValue(query, name);
  if (text === undefined) {
    return undefined;
  }
  if (text === 'true' || text === 'false') {
    return text === 'true';
  }
  throw new InvalidParameter(`${name} must be true or false, got '${text}'`);
}

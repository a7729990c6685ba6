// A small HTTP client for the emulator tests, on Node's fetch.

import type { Emulator } from '../../../emulator/index.js';

export const TOKEN = 'demo-token';

export interface Response {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON, otherwise undefined. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** GETs `path` (with its query) from the emulator; `token` null sends no Authorization header. */
export async function get(emulator: Emulator, path: string, token: string | null = TOKEN): Promise<Response> {
  const headers: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
  const response = await fetch(`${emulator.url}${path}`, { headers, signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export function withQuery(path: string, query: Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(key, item);
    }
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/**
 * Follows next_cursor from the first page to the last and returns every page body.
 * Stops with an error after `maxPages`, so a cursor loop cannot hang a test.
 */
export async function allPages(
  emulator: Emulator,
  path: string,
  query: Record<string, string | string[] | undefined> = {},
  maxPages = 2_000,
): Promise<{ items: Record<string, unknown>[]; next_cursor: string | null }[]> {
  const pages = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await get(emulator, withQuery(path, { ...query, cursor }));
    if (response.status !== 200) {
      throw new Error(`GET ${path} page ${page + 1} returned ${response.status}: ${response.text}`);
    }
    pages.push(response.body);
    if (response.body.next_cursor === null) {
      return pages;
    }
    cursor = response.body.next_cursor;
  }
  throw new Error(`GET ${path} did not end within ${maxPages} pages`);
}

export async function allItems(emulator: Emulator, path: string, query: Record<string, string | string[] | undefined> = {}): Promise<Record<string, unknown>[]> {
  return (await allPages(emulator, path, query)).flatMap((page) => page.items);
}

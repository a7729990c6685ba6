/** Query parameter values; arrays repeat the key, undefined values are left out. */
export type QueryParams = Record<string, string | number | boolean | string[] | undefined>;

/**
 * Builds a query string. Keys are kept literally, so `expand[]` goes out with its brackets as
 * in Brex's examples (`?expand[]=merchant&expand[]=user`); values are percent-encoded.
 */
export function buildQueryString(query: QueryParams): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [String(value)];
    for (const item of values) parts.push(`${key}=${encodeURIComponent(item)}`);
  }
  return parts.join('&');
}

/** Median, minimum and maximum of a series of measurements. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  count: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('summarize needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
}

/** Formats a summary as `median (min–max)` with the given formatter. */
export function formatSummary(summary: Summary, format: (value: number) => string): string {
  return `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function milliseconds(ms: number): string {
  return `${ms.toFixed(0)} ms`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

export function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Start of the stderr line in which bench/support/memory-probe.ts reports its peaks. */
export const PROBE_PREFIX = 'memory-probe ';

/** Peak values of process.memoryUsage() fields, in bytes. */
export type MemoryPeaks = Record<'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers', number>;

export function formatProbeLine(peaks: MemoryPeaks): string {
  return `${PROBE_PREFIX}${JSON.stringify(peaks)}\n`;
}

/** Finds the probe's line in a process's stderr; throws when the probe printed none. */
export function parseProbeLine(stderr: string): MemoryPeaks {
  const line = stderr.split('\n').find((text) => text.startsWith(PROBE_PREFIX));
  if (!line) throw new Error(`the memory probe printed nothing; stderr:\n${stderr.slice(-2000)}`);
  return JSON.parse(line.slice(PROBE_PREFIX.length)) as MemoryPeaks;
}

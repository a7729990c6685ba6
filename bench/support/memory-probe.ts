// Preloaded into a measured Node process with `node --import <this file> ...`: samples
// process.memoryUsage() every 20 ms and, when the process exits, writes the maximum of each
// field to stderr as one line (see memory-probe-line.ts). It never writes to stdout, which
// carries the connector's Airbyte messages. Import it only through --import.

import { writeSync } from 'node:fs';

import { formatProbeLine, type MemoryPeaks } from './memory-probe-line.js';

const SAMPLE_INTERVAL_MS = 20;

const peaks: MemoryPeaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };

function sample(): void {
  const usage = process.memoryUsage();
  for (const key of Object.keys(peaks) as Array<keyof MemoryPeaks>) peaks[key] = Math.max(peaks[key], usage[key]);
}

const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
// The probe must not keep a finished process alive.
timer.unref();

process.on('exit', () => {
  sample();
  writeSync(2, formatProbeLine(peaks));
});

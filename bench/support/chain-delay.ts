import type { RequestLogAnalysis } from './request-log.js';

/**
 * Parts of a sync's wall time beyond its longest chain's pages × latency. They add up to exactly
 * that excess: wall = chain pages × latency + start + shared + alone + finish.
 */
export interface ChainDelay {
  /** From spawn to the first request of the longest chain. */
  startMs: number;
  /** Time beyond the latency between two pages of the chain while other requests were sent too. */
  sharedMs: number;
  sharedIntervals: number;
  /** Time beyond the latency between two pages of the chain while it was the only one sending. */
  aloneMs: number;
  aloneIntervals: number;
  /** From the response to the chain's last request (arrival + latency) to the connector's exit. */
  finishMs: number;
}

export function decomposeChainDelay(analysis: RequestLogAnalysis, spawnedAt: number, exitedAt: number, latencyMs: number): ChainDelay {
  const arrivals = analysis.longestChainArrivals;
  const others = analysis.otherArrivals;
  const delay: ChainDelay = {
    startMs: arrivals[0] - spawnedAt,
    sharedMs: 0,
    sharedIntervals: 0,
    aloneMs: 0,
    aloneIntervals: 0,
    finishMs: exitedAt - (arrivals[arrivals.length - 1] + latencyMs),
  };

  let next = 0;
  for (let k = 1; k < arrivals.length; k++) {
    // Other requests sent between two pages of the chain competed with it for the limiter.
    while (next < others.length && others[next] < arrivals[k - 1]) next += 1;
    const shared = next < others.length && others[next] < arrivals[k];
    const excess = arrivals[k] - arrivals[k - 1] - latencyMs;
    if (shared) {
      delay.sharedMs += excess;
      delay.sharedIntervals += 1;
    } else {
      delay.aloneMs += excess;
      delay.aloneIntervals += 1;
    }
  }
  return delay;
}

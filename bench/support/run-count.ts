/**
 * Returns how many times a benchmark repeats each measurement: BENCH_RUNS when set, else
 * `fallback`. A small BENCH_RUNS gives a quick check, and the docs then state that run count.
 */
export function runCount(fallback: number): number {
  const value = Number(process.env.BENCH_RUNS);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

import { readFileSync } from 'node:fs';

/** Linux reports /proc/<pid>/stat times in USER_HZ ticks, which is 100 per second. */
const TICKS_PER_SECOND = 100;

/** Returns the CPU time (user + system) a running process has used so far, in ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces, so fields are counted after its closing bracket.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1000) / TICKS_PER_SECOND;
}

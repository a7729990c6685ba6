import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The machine a benchmark ran on, as written next to its figures. */
export interface MachineInfo {
  /** Output of `nproc`: processing units available to this process. */
  cores: number;
  /** `model name` of the first processor in /proc/cpuinfo. */
  cpuModel: string;
  /** MemTotal from /proc/meminfo, in bytes. */
  totalMemoryBytes: number;
  /** `node --version` of the Node binary that runs the connector and the emulator. */
  nodeVersion: string;
  /** UTC date of the run, YYYY-MM-DD. */
  date: string;
  /** The 1-minute load average from /proc/loadavg when the benchmark started. */
  loadAverage: number;
}

export function describeMachine(): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const memTotalKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1] ?? Number.NaN);

  return {
    cores: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    totalMemoryBytes: memTotalKb * 1024,
    nodeVersion: execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim(),
    date: new Date().toISOString().slice(0, 10),
    loadAverage: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
  };
}

/**
 * One line for docs: date, cores, CPU, memory, Node version, and the load average at the start,
 * because other work on the machine slows the runs down.
 */
export function formatMachine(machine: MachineInfo): string {
  const memoryGib = (machine.totalMemoryBytes / 2 ** 30).toFixed(1);
  return (
    `on ${machine.date}: ${machine.cores} cores (\`nproc\`), ${machine.cpuModel}, ${memoryGib} GiB RAM, Node ${machine.nodeVersion}, ` +
    `load average ${machine.loadAverage.toFixed(2)} at the start`
  );
}

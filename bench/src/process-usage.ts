import { readdirSync, readFileSync } from 'node:fs';
import type { BenchPlatform } from './bench-platform';

const TICKS_PER_SECOND = 100;
/** The bench's own process, sampled beside the services: the load generator, for comparison. */
export const BENCH_PROCESS = 'bench (load generator)';

/**
 * Peak resident set size (sampled) and CPU seconds of the platform's processes over a window,
 * plus the CPU of PostgreSQL and RabbitMQ (all their processes) — where a sale's cost lands.
 */
export class ProcessUsage {
  private readonly peaks = new Map<string, number>();
  /** CPU ticks per process (name for ours, `group:pid` for PostgreSQL's and RabbitMQ's) at the start. */
  private readonly cpuAtStart = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private startedAt = 0;

  constructor(private readonly pids: Record<string, number | undefined>) {}

  start(intervalMs = 100): void {
    this.startedAt = performance.now();
    for (const [name, ticks] of this.cpuTicks()) this.cpuAtStart.set(name, ticks);
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): { peak_rss_mb: Record<string, number>; cpu_s: Record<string, number>; wall_s: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    // Per process, then summed per group: a server process that exits in between (an autovacuum
    // worker, a closed connection) must not take its earlier CPU off the total.
    const cpu: Record<string, number> = {};
    for (const [key, ticks] of this.cpuTicks()) {
      const name = key.split(':')[0];
      cpu[name] = (cpu[name] ?? 0) + (ticks - (this.cpuAtStart.get(key) ?? 0)) / TICKS_PER_SECOND;
    }
    return {
      peak_rss_mb: Object.fromEntries([...this.peaks].map(([name, kb]) => [name, megabytes(kb)])),
      cpu_s: cpu,
      wall_s: Math.round((performance.now() - this.startedAt) / 100) / 10,
    };
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      if (!pid) continue;
      const kb = residentKb(pid);
      if (kb > (this.peaks.get(name) ?? 0)) this.peaks.set(name, kb);
    }
  }

  private cpuTicks(): Map<string, number> {
    const ticks = new Map<string, number>();
    for (const [name, pid] of Object.entries(this.pids)) if (pid) ticks.set(name, cpuTicksOf(pid));
    ticks.set(BENCH_PROCESS, cpuTicksOf(process.pid));
    for (const pid of allPids()) {
      const command = commandOf(pid);
      const group = command === 'postgres' ? 'postgresql' : command === 'beam.smp' ? 'rabbitmq' : undefined;
      if (group) ticks.set(`${group}:${pid}`, cpuTicksOf(pid));
    }
    return ticks;
  }
}

/**
 * Samples every platform process (and the bench's own) over `work`, after reading their RSS just
 * before: what a scenario's work adds to each process's usual RSS, and the CPU it costs each.
 */
export async function whileSampling<T>(bench: BenchPlatform, work: () => Promise<T>) {
  const pids = { ...Object.fromEntries(bench.services.map((s) => [s, bench.platform.pid(s)])), [BENCH_PROCESS]: process.pid };
  const rssBefore = residentMb(pids);
  const usage = new ProcessUsage(pids);
  usage.start();
  try {
    const result = await work();
    return { result, rssBefore, used: usage.stop() };
  } catch (error) {
    usage.stop();
    throw error;
  }
}

/** Resident set size of each process at this instant, in MB: the baseline a peak is read against. */
export function residentMb(pids: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).flatMap(([name, pid]) => (pid ? [[name, megabytes(residentKb(pid))]] : [])));
}

function megabytes(kb: number): number {
  return Math.round(kb / 102.4) / 10;
}

function residentKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status'));
  return match ? Number(match[1]) : 0;
}

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicksOf(pid: number): number {
  const stat = readProc(pid, 'stat');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.length > 12 ? Number(fields[11]) + Number(fields[12]) : 0;
}

function commandOf(pid: number): string {
  return readProc(pid, 'comm').trim();
}

function allPids(): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

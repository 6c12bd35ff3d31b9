import { readFileSync } from 'node:fs';

/** The resident set size of a process, from /proc, in bytes. */
export function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped: the reading at the start, and the highest seen. */
export function watchResident(pid: number, everyMs = 20): { stop(): { baseline: number; peak: number } } {
  const baseline = residentBytes(pid);
  let peak = baseline;
  const sample = (): void => {
    peak = Math.max(peak, residentBytes(pid));
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { baseline, peak };
    },
  };
}

export const MB = 1024 * 1024;

export const mb = (bytes: number): string => (bytes / MB).toFixed(1);

/** An amount written to the cent ("-12.30") as integer cents: sums stay exact, unlike floats. */
export function cents(amount: string): bigint {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  if (!match) throw new Error(`not an amount to the cent: "${amount}"`);
  const value = BigInt(match[2]) * 100n + BigInt(match[3]);
  return match[1] ? -value : value;
}

/** Index of the first place the two lists differ (-1: equal), so a failure names the line rather than printing 300,000 ids. */
export function firstDifference(actual: string[], expected: string[]): number {
  const length = Math.max(actual.length, expected.length);
  for (let i = 0; i < length; i += 1) if (actual[i] !== expected[i]) return i;
  return -1;
}

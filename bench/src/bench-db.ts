import { Pool } from 'pg';
import { serviceDatabase } from '@spiffworks/persistence';
import type { PlatformConfig } from '@spiffworks/runtime';

/** A direct connection to one service's database, for readiness checks and the reference runs. */
export function benchDb(config: PlatformConfig, service: string, max = 4): Pool {
  return new Pool({ ...serviceDatabase(config, service), max });
}

export async function scalar(db: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query(sql, params);
  return Number(Object.values(rows[0])[0]);
}

/** Polls `read` every `intervalMs` until it returns at least `target`; resolves with the time it took. */
export async function waitUntilAtLeast(read: () => Promise<number>, target: number, options: { timeoutMs: number; intervalMs?: number; onValue?: (n: number) => void }): Promise<number> {
  const start = performance.now();
  for (;;) {
    const value = await read();
    options.onValue?.(value);
    if (value >= target) return performance.now() - start;
    if (performance.now() - start > options.timeoutMs) throw new Error(`gave up after ${options.timeoutMs} ms at ${value}/${target}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}

import { Pool } from 'pg';
import { serviceDatabase } from '@spiffworks/persistence';
import type { PlatformConfig } from '@spiffworks/runtime';

/** A direct connection to one service's database, for assertions on what it stored. */
export function openServiceDb(config: PlatformConfig, service: string): Pool {
  const target = serviceDatabase(config, service);
  return new Pool({ ...target, max: 2 });
}

export async function countRows(db: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ count: string }>(sql, params);
  return Number(rows[0].count);
}

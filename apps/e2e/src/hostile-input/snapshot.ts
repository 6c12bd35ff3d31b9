import type { Pool } from 'pg';

/** Per `service.table`: its row count and a digest of every row. */
export type Snapshot = Record<string, { rows: number; md5: string }>;

/** Every table of every service database (outbox and inbox included), migrations aside. */
export async function snapshot(dbs: Record<string, Pool>): Promise<Snapshot> {
  const result: Snapshot = {};
  for (const [service, db] of Object.entries(dbs)) {
    const { rows: tables } = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY table_name`,
    );
    for (const { table_name } of tables) {
      const { rows } = await db.query<{ count: string; md5: string | null }>(
        `SELECT count(*) AS count, md5(string_agg(t::text, '' ORDER BY t::text)) AS md5 FROM "${table_name}" t`,
      );
      result[`${service}.${table_name}`] = { rows: Number(rows[0].count), md5: rows[0].md5 ?? '' };
    }
  }
  return result;
}

/** The tables whose rows differ, each as `table: before → after`. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t]))
    .map((t) => `${t}: ${JSON.stringify(before[t])} → ${JSON.stringify(after[t])}`);
}

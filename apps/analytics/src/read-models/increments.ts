import type { EntityManager } from 'typeorm';

/** The aggregate tables and their keys; column names only ever come from this code, never from input. */
const KEYS = {
  partner_summaries: ['partner_id'],
  platform_totals: ['id'],
  daily_facts: ['day', 'partner_id', 'product_id', 'tier'],
  daily_platform_facts: ['day'],
  daily_product_facts: ['product_id', 'day'],
  daily_spiff_facts: ['spiff_id', 'day', 'partner_id', 'product_id'],
  spiff_summaries: ['spiff_id'],
  spiff_partners: ['spiff_id', 'partner_id'],
} as const;

export type AggregateTable = keyof typeof KEYS;

/** A counter or a sum: integers as numbers, money as decimal strings (never float arithmetic). */
export type Increment = number | string;

/**
 * Adds to an aggregate row, creating it (other columns at their defaults) when it is missing:
 * one upsert that gives the same result whatever order the events arrive in.
 */
export async function addTo(
  manager: EntityManager,
  table: AggregateTable,
  key: Record<string, unknown>,
  increments: Record<string, Increment>,
): Promise<void> {
  const keyColumns: readonly string[] = KEYS[table];
  const columns = Object.keys(increments);
  if (columns.length === 0) return;
  const all = [...keyColumns, ...columns];
  const params = [...keyColumns.map((c) => key[c]), ...columns.map((c) => increments[c])];
  await manager.query(
    `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET
       ${columns.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(', ')}`,
    params,
  );
}

/** Takes a transaction-scoped lock on a key, e.g. so a sale and its ledger line never miss each other. */
export async function lockKey(manager: EntityManager, key: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`analytics:${key}`]);
}

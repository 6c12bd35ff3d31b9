import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import type { Increment } from './increments';

export interface AggregateRow {
  key: Record<string, unknown>;
  increments: Record<string, Increment>;
}

/**
 * The increments a transaction makes to one aggregate table, summed per row: a batch of events
 * that adds to the same platform total, day or partner a hundred times writes it once.
 */
export class PendingIncrements {
  private readonly rows = new Map<string, AggregateRow>();

  constructor(private readonly keyColumns: readonly string[]) {}

  add(key: Record<string, unknown>, increments: Record<string, Increment>): void {
    const id = JSON.stringify(this.keyColumns.map((c) => key[c]));
    const row = this.rows.get(id);
    if (!row) {
      this.rows.set(id, { key, increments: { ...increments } });
      return;
    }
    for (const [column, value] of Object.entries(increments)) row.increments[column] = sum(row.increments[column], value);
  }

  /** The summed rows in key order, so concurrent writers lock rows in the same order. */
  sortedRows(): AggregateRow[] {
    return [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }
}

function sum(a: Increment | undefined, b: Increment): Increment {
  if (a === undefined) return b;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return new Decimal(a).plus(b).toFixed();
}

/**
 * One upsert for many rows of a table: every row gets every column (0 where it added nothing, which
 * adds nothing), so the statement is the same shape whatever each event touched.
 */
export async function upsertIncrements(manager: EntityManager, table: string, keyColumns: readonly string[], rows: AggregateRow[]): Promise<void> {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.increments)))];
  if (rows.length === 0 || columns.length === 0) return;
  const all = [...keyColumns, ...columns];
  const perStatement = Math.floor(30_000 / all.length); // PostgreSQL takes at most 65,535 parameters
  for (let start = 0; start < rows.length; start += perStatement) {
    await upsertChunk(manager, table, keyColumns, columns, rows.slice(start, start + perStatement));
  }
}

async function upsertChunk(manager: EntityManager, table: string, keyColumns: readonly string[], columns: string[], rows: AggregateRow[]): Promise<void> {
  const all = [...keyColumns, ...columns];
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const values = [...keyColumns.map((c) => row.key[c]), ...columns.map((c) => row.increments[c] ?? 0)];
    params.push(...values);
    return `(${values.map((_, i) => `$${params.length - values.length + i + 1}`).join(', ')})`;
  });
  await manager.query(
    `INSERT INTO ${table} (${all.join(', ')}) VALUES ${tuples.join(', ')}
     ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET
       ${columns.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(', ')}`,
    params,
  );
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AggregateRow } from './pending-increments';

/** PostgreSQL takes at most 65,535 parameters in a statement; this leaves room to spare. */
const PARAMETERS_PER_STATEMENT = 30_000;

/**
 * The additive upsert every aggregate table is written with (partner summaries, the daily rollups,
 * the spiff aggregates, the platform totals): one statement shape for all of them, as each only
 * ever adds to counters and sums. Table and column names only ever come from this app's code.
 */
@Injectable()
export class AggregateRowsRepository {
  /**
   * One upsert for many rows of a table: every row gets every column (0 where it added nothing, which
   * adds nothing), so the statement is the same shape whatever each event touched. Rows are written
   * in the order given, which is the lock order.
   */
  async addIncrements(manager: EntityManager, table: string, keyColumns: readonly string[], rows: AggregateRow[]): Promise<void> {
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r.increments)))];
    if (rows.length === 0 || columns.length === 0) return;
    const perStatement = Math.floor(PARAMETERS_PER_STATEMENT / (keyColumns.length + columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      await this.upsertChunk(manager, table, keyColumns, columns, rows.slice(start, start + perStatement));
    }
  }

  private async upsertChunk(manager: EntityManager, table: string, keyColumns: readonly string[], columns: string[], rows: AggregateRow[]): Promise<void> {
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
}

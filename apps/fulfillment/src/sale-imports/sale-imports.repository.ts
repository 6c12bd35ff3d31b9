import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { SaleImport } from './sale-import.entity';

export type NewSaleImport = Pick<
  SaleImport,
  'id' | 'file_name' | 'header' | 'actor_user_id' | 'actor_role' | 'actor_partner_id' | 'correlation_id'
>;

/** What one chunk of a worker did to an import. */
export interface ChunkProgress {
  accepted: number;
  rejected: number;
  /** No row is left to weigh: the import is completed. */
  completed: boolean;
}

const COLUMNS = `id, status, file_name, header, actor_user_id, actor_role, actor_partner_id, correlation_id, rows_total, rows_received,
  rows_accepted, rows_rejected, failure, created_at, started_at, finished_at`;

/**
 * Every statement on `sale_imports`. An import's row is locked by whoever changes it (an append, the
 * close, a worker's chunk), so they queue on it; reads outside a transaction use the data source.
 */
@Injectable()
export class SaleImportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, values: NewSaleImport): Promise<SaleImport> {
    const rows: SaleImport[] = await manager.query(
      `INSERT INTO sale_imports (id, status, file_name, header, actor_user_id, actor_role, actor_partner_id, correlation_id)
       VALUES ($1, 'receiving', $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [values.id, values.file_name, values.header, values.actor_user_id, values.actor_role, values.actor_partner_id, values.correlation_id],
    );
    return rows[0];
  }

  find(id: string): Promise<SaleImport | null> {
    return this.dataSource.getRepository(SaleImport).findOneBy({ id });
  }

  /** The import, locked until the transaction ends. */
  async lock(manager: EntityManager, id: string): Promise<SaleImport | null> {
    const rows: SaleImport[] = await manager.query(`SELECT ${COLUMNS} FROM sale_imports WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /**
   * The oldest import with rows left to weigh that no other worker holds, locked until the
   * transaction ends: workers on several replicas take different imports, and one import's chunks
   * follow each other in row order. `skipping`: imports the caller leaves alone for now.
   */
  async lockNextWorkable(manager: EntityManager, skipping: string[] = []): Promise<SaleImport | null> {
    const rows: SaleImport[] = await manager.query(
      `SELECT ${COLUMNS} FROM sale_imports WHERE status IN ('queued', 'running') AND id <> ALL ($1::uuid[])
       ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [skipping],
    );
    return rows[0] ?? null;
  }

  /** Counts rows that arrived (of them, `rejected` refused on arrival); answers how many have arrived in all. */
  async countArrived(manager: EntityManager, id: string, arrived: number, rejected: number): Promise<number> {
    const rows: Array<{ rows_received: number }> = await manager.query(
      `WITH counted AS (
         UPDATE sale_imports SET rows_received = rows_received + $2, rows_rejected = rows_rejected + $3 WHERE id = $1
         RETURNING rows_received)
       SELECT * FROM counted`,
      [id, arrived, rejected],
    );
    return rows[0].rows_received;
  }

  async queue(manager: EntityManager, id: string, rowsTotal: number): Promise<void> {
    await manager.query(`UPDATE sale_imports SET status = 'queued', rows_total = $2 WHERE id = $1`, [id, rowsTotal]);
  }

  async fail(manager: EntityManager, id: string, failure: string): Promise<void> {
    await manager.query(`UPDATE sale_imports SET status = 'failed', failure = $2, finished_at = now() WHERE id = $1`, [id, failure]);
  }

  /** Adds a chunk's outcomes; the import is running from its first chunk on, completed after its last. */
  async recordChunk(manager: EntityManager, id: string, progress: ChunkProgress): Promise<void> {
    await manager.query(
      `UPDATE sale_imports SET
         rows_accepted = rows_accepted + $2, rows_rejected = rows_rejected + $3,
         status = CASE WHEN $4 THEN 'completed' ELSE 'running' END,
         started_at = coalesce(started_at, now()),
         finished_at = CASE WHEN $4 THEN now() END
       WHERE id = $1`,
      [id, progress.accepted, progress.rejected, progress.completed],
    );
  }
}

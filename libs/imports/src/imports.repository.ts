import type { DataSource, EntityManager } from 'typeorm';
import type { ImportKind } from './import-kind';
import type { ImportRecord, NewImport } from './import-record';

/** What one chunk of a worker did to an import. */
export interface ChunkProgress {
  accepted: number;
  rejected: number;
  /** No row is left to weigh: the import is completed. */
  completed: boolean;
}

const COLUMNS = `id, status, file_name, header, actor_user_id, actor_role, actor_partner_id, correlation_id, rows_total, rows_received,
  rows_accepted, rows_rejected, failure, created_at, started_at, finished_at, rows_purged_at`;

/**
 * Every statement on a kind's imports table (`sale_imports`, `partner_imports`). An import's row is
 * locked by whoever changes it (an append, the close, a worker's chunk), so they queue on it; reads
 * outside a transaction use the data source. A service's repository is this class for its kind.
 */
export class ImportsRepository {
  private readonly table: string;
  private readonly rowsTable: string;

  constructor(
    private readonly dataSource: DataSource,
    kind: ImportKind,
  ) {
    this.table = kind.table;
    this.rowsTable = kind.rowsTable;
  }

  async insert(manager: EntityManager, values: NewImport): Promise<ImportRecord> {
    const rows: ImportRecord[] = await manager.query(
      `INSERT INTO ${this.table} (id, status, file_name, header, actor_user_id, actor_role, actor_partner_id, correlation_id)
       VALUES ($1, 'receiving', $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [values.id, values.file_name, values.header, values.actor_user_id, values.actor_role, values.actor_partner_id, values.correlation_id],
    );
    return rows[0];
  }

  async find(id: string): Promise<ImportRecord | null> {
    const rows: ImportRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The import, locked until the transaction ends. */
  async lock(manager: EntityManager, id: string): Promise<ImportRecord | null> {
    const rows: ImportRecord[] = await manager.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /**
   * The oldest import with rows left to weigh that no other worker holds, locked until the
   * transaction ends: workers on several replicas take different imports, and one import's chunks
   * follow each other in row order. `skipping`: imports the caller leaves alone for now.
   */
  async lockNextWorkable(manager: EntityManager, skipping: string[] = []): Promise<ImportRecord | null> {
    const rows: ImportRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE status IN ('queued', 'running') AND id <> ALL ($1::uuid[])
       ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [skipping],
    );
    return rows[0] ?? null;
  }

  /** The import `lockNextWorkable` would take now, without locking it (a look ahead, which may turn out wrong). */
  async nextWorkable(skipping: string[] = []): Promise<ImportRecord | null> {
    const rows: ImportRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE status IN ('queued', 'running') AND id <> ALL ($1::uuid[]) ORDER BY created_at, id LIMIT 1`,
      [skipping],
    );
    return rows[0] ?? null;
  }

  /**
   * Counts rows that arrived (of them, `rejected` refused on arrival); answers how many have arrived
   * in all. An append, even of rows already stored, is the upload's sign of life.
   */
  async countArrived(manager: EntityManager, id: string, arrived: number, rejected: number): Promise<number> {
    const rows: Array<{ rows_received: number }> = await manager.query(
      `WITH counted AS (
         UPDATE ${this.table} SET rows_received = rows_received + $2, rows_rejected = rows_rejected + $3, last_activity_at = now() WHERE id = $1
         RETURNING rows_received)
       SELECT * FROM counted`,
      [id, arrived, rejected],
    );
    return rows[0].rows_received;
  }

  async queue(manager: EntityManager, id: string, rowsTotal: number): Promise<void> {
    await manager.query(`UPDATE ${this.table} SET status = 'queued', rows_total = $2 WHERE id = $1`, [id, rowsTotal]);
  }

  async fail(manager: EntityManager, id: string, failure: string): Promise<void> {
    await manager.query(`UPDATE ${this.table} SET status = 'failed', failure = $2, finished_at = now() WHERE id = $1`, [id, failure]);
  }

  /** Adds a chunk's outcomes; the import is running from its first chunk on, completed after its last. */
  async recordChunk(manager: EntityManager, id: string, progress: ChunkProgress): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET
         rows_accepted = rows_accepted + $2, rows_rejected = rows_rejected + $3,
         status = CASE WHEN $4 THEN 'completed' ELSE 'running' END,
         started_at = coalesce(started_at, now()),
         finished_at = CASE WHEN $4 THEN now() END
       WHERE id = $1`,
      [id, progress.accepted, progress.rejected, progress.completed],
    );
  }

  /**
   * Fails every import still receiving from which nothing arrived for `idleSeconds`, and deletes
   * their staged rows, in one statement; answers their ids. Safe with several replicas and beside
   * an append: a row another transaction holds is waited for and looked at again, so an import an
   * append just touched, or another replica just failed, is left alone.
   */
  async failAbandoned(idleSeconds: number, failure: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `WITH abandoned AS (
         UPDATE ${this.table} SET status = 'failed', failure = $2, finished_at = now()
         WHERE status = 'receiving' AND last_activity_at < now() - make_interval(secs => $1)
         RETURNING id
       ), staged AS (
         DELETE FROM ${this.rowsTable} r USING abandoned a WHERE r.import_id = a.id
       ) SELECT id FROM abandoned`,
      [idleSeconds, failure],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Marks the imports that finished more than `days` ago as purged: from then on their pages answer
   * 410, and `deletePurgedRows` deletes their rows. Idempotent; replicas marking together mark each once.
   */
  async markRowsPurged(days: number): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE ${this.table} SET rows_purged_at = now()
       WHERE status IN ('completed', 'failed') AND rows_purged_at IS NULL AND finished_at < now() - make_interval(days => $1)
       RETURNING 1`,
      [days],
    );
    return rows.length;
  }

  /** Deletes at most `limit` rows of purged imports (`FOR UPDATE SKIP LOCKED`: replicas delete different rows); answers how many. */
  async deletePurgedRows(limit: number): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `WITH doomed AS (
         SELECT r.import_id, r.row FROM ${this.rowsTable} r JOIN ${this.table} i ON i.id = r.import_id
         WHERE i.rows_purged_at IS NOT NULL LIMIT $1 FOR UPDATE OF r SKIP LOCKED
       ), gone AS (
         DELETE FROM ${this.rowsTable} r USING doomed d WHERE r.import_id = d.import_id AND r.row = d.row RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [limit],
    );
    return Number(row?.n ?? 0);
  }
}

import type { DataSource, EntityManager } from 'typeorm';
import type { ImportError } from '@spiffworks/contracts';
import type { ImportKind } from './import-kind';

/** A row as it arrives: to weigh (`payload`), or refused on arrival (`reason`). */
export interface ArrivingRow<P = unknown> {
  row: number;
  cells: string[];
  payload: P | null;
  outcome: 'rejected' | null;
  field: string | null;
  reason: string | null;
}

/** A row a worker is to weigh: its number and what it says. */
export interface UnweighedRow<P = unknown> {
  row: number;
  payload: P;
}

/** What a worker decided about a row; an accepted row names what it became (a sale, a partner). */
export type RowOutcome =
  | { row: number; outcome: 'accepted'; result_id: string }
  | { row: number; outcome: 'rejected'; field: string | null; reason: string };

/** A rejected row as errors.csv shows it. */
export type RejectedRow = ImportError & { cells: string[] };

/**
 * Every statement on a kind's rows table (`sale_import_rows`, `partner_import_rows`). Rows change
 * only under their import's row lock, which the caller of the statements taking a manager holds.
 */
export class ImportRowsRepository<P = unknown> {
  protected readonly table: string;
  protected readonly payload: string;
  private readonly result: string;

  constructor(
    protected readonly dataSource: DataSource,
    kind: ImportKind,
  ) {
    this.table = kind.rowsTable;
    this.payload = kind.payload;
    this.result = kind.result;
  }

  /** Stores the rows not stored yet (a row number sent twice is kept once); answers how many were new, and of them rejected. */
  async insertNew(manager: EntityManager, importId: string, rows: Array<ArrivingRow<P>>): Promise<{ inserted: number; rejected: number }> {
    const [counts]: Array<{ inserted: number; rejected: number }> = await manager.query(
      `WITH added AS (
         INSERT INTO ${this.table} (import_id, row, cells, ${this.payload}, outcome, field, reason)
         SELECT $1, r.row, r.cells, r.payload, r.outcome, r.field, r.reason
         FROM jsonb_to_recordset($2::jsonb) AS r(row integer, cells text[], payload jsonb, outcome text, field text, reason text)
         ON CONFLICT (import_id, row) DO NOTHING
         RETURNING outcome)
       SELECT count(*)::int AS inserted, (count(*) FILTER (WHERE outcome = 'rejected'))::int AS rejected FROM added`,
      [importId, JSON.stringify(rows)],
    );
    return counts;
  }

  /** The import's next rows nobody has weighed yet, in row order. */
  nextUnweighed(manager: EntityManager, importId: string, limit: number): Promise<Array<UnweighedRow<P>>> {
    return manager.query(
      `SELECT row, ${this.payload} AS payload FROM ${this.table} WHERE import_id = $1 AND outcome IS NULL ORDER BY row LIMIT $2`,
      [importId, limit],
    );
  }

  async anyUnweighed(manager: EntityManager, importId: string): Promise<boolean> {
    const [{ remaining }]: Array<{ remaining: boolean }> = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM ${this.table} WHERE import_id = $1 AND outcome IS NULL) AS remaining`,
      [importId],
    );
    return remaining;
  }

  /**
   * Writes a chunk's outcomes in one statement. The chunk's row range bounds the scan: joined on the
   * row numbers alone, the planner hashed every row of the table (all imports') for each chunk.
   */
  async recordOutcomes(manager: EntityManager, importId: string, outcomes: RowOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const rows = outcomes.map((o) => o.row);
    const rejected = (o: RowOutcome) => (o.outcome === 'rejected' ? o : null);
    await manager.query(
      `UPDATE ${this.table} r SET outcome = o.outcome, field = o.field, reason = o.reason, ${this.result} = o.result_id
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::uuid[]) AS o(row, outcome, field, reason, result_id)
       WHERE r.import_id = $1 AND r.row = o.row AND r.row BETWEEN $7 AND $8`,
      [
        importId,
        rows,
        outcomes.map((o) => o.outcome),
        outcomes.map((o) => rejected(o)?.field ?? null),
        outcomes.map((o) => rejected(o)?.reason ?? null),
        outcomes.map((o) => (o.outcome === 'accepted' ? o.result_id : null)),
        Math.min(...rows),
        Math.max(...rows),
      ],
    );
  }

  /** The import's first rejected rows, by row number. */
  firstErrors(importId: string, limit: number): Promise<ImportError[]> {
    return this.dataSource.query(
      `SELECT row, field, reason FROM ${this.table} WHERE import_id = $1 AND outcome = 'rejected' ORDER BY row LIMIT $2`,
      [importId, limit],
    );
  }

  /** Rejected rows after `afterRow`, by row number, with their cells. */
  rejectedAfter(importId: string, afterRow: number, limit: number): Promise<RejectedRow[]> {
    return this.dataSource.query(
      `SELECT row, field, reason, cells FROM ${this.table}
       WHERE import_id = $1 AND outcome = 'rejected' AND row > $2 ORDER BY row LIMIT $3`,
      [importId, afterRow, limit],
    );
  }
}

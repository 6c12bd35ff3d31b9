import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { LogSaleCommand, SaleImportError } from '@spiffworks/contracts';
import type { SaleImportRow } from './sale-import-row.entity';

/** A row as it arrives: to weigh (`sale`), or refused on arrival (`reason`). */
export type ArrivingRow = Pick<SaleImportRow, 'row' | 'cells' | 'sale' | 'outcome' | 'field' | 'reason'>;

/** A row a worker is to weigh. */
export interface UnweighedRow {
  row: number;
  sale: LogSaleCommand;
}

/** What a worker decided about a row. */
export type RowOutcome =
  | { row: number; outcome: 'accepted'; sale_id: string }
  | { row: number; outcome: 'rejected'; field: string | null; reason: string };

/** A rejected row as errors.csv shows it. */
export type RejectedRow = SaleImportError & { cells: string[] };

/**
 * Every statement on `sale_import_rows`. Rows change only under their import's row lock, which the
 * caller of the statements taking a manager holds.
 */
@Injectable()
export class SaleImportRowsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the rows not stored yet (a row number sent twice is kept once); answers how many were new, and of them rejected. */
  async insertNew(manager: EntityManager, importId: string, rows: ArrivingRow[]): Promise<{ inserted: number; rejected: number }> {
    const [counts]: Array<{ inserted: number; rejected: number }> = await manager.query(
      `WITH added AS (
         INSERT INTO sale_import_rows (import_id, row, cells, sale, outcome, field, reason)
         SELECT $1, r.row, r.cells, r.sale, r.outcome, r.field, r.reason
         FROM jsonb_to_recordset($2::jsonb) AS r(row integer, cells text[], sale jsonb, outcome text, field text, reason text)
         ON CONFLICT (import_id, row) DO NOTHING
         RETURNING outcome)
       SELECT count(*)::int AS inserted, (count(*) FILTER (WHERE outcome = 'rejected'))::int AS rejected FROM added`,
      [importId, JSON.stringify(rows)],
    );
    return counts;
  }

  /** The import's next rows nobody has weighed yet, in row order. */
  nextUnweighed(manager: EntityManager, importId: string, limit: number): Promise<UnweighedRow[]> {
    return manager.query(
      'SELECT row, sale FROM sale_import_rows WHERE import_id = $1 AND outcome IS NULL ORDER BY row LIMIT $2',
      [importId, limit],
    );
  }

  async anyUnweighed(manager: EntityManager, importId: string): Promise<boolean> {
    const [{ remaining }]: Array<{ remaining: boolean }> = await manager.query(
      'SELECT EXISTS (SELECT 1 FROM sale_import_rows WHERE import_id = $1 AND outcome IS NULL) AS remaining',
      [importId],
    );
    return remaining;
  }

  /** Writes a chunk's outcomes in one statement. */
  async recordOutcomes(manager: EntityManager, importId: string, outcomes: RowOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const rejected = (o: RowOutcome) => (o.outcome === 'rejected' ? o : null);
    await manager.query(
      `UPDATE sale_import_rows r SET outcome = o.outcome, field = o.field, reason = o.reason, sale_id = o.sale_id
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::uuid[]) AS o(row, outcome, field, reason, sale_id)
       WHERE r.import_id = $1 AND r.row = o.row`,
      [
        importId,
        outcomes.map((o) => o.row),
        outcomes.map((o) => o.outcome),
        outcomes.map((o) => rejected(o)?.field ?? null),
        outcomes.map((o) => rejected(o)?.reason ?? null),
        outcomes.map((o) => (o.outcome === 'accepted' ? o.sale_id : null)),
      ],
    );
  }

  /** The import's first rejected rows, by row number. */
  firstErrors(importId: string, limit: number): Promise<SaleImportError[]> {
    return this.dataSource.query(
      `SELECT row, field, reason FROM sale_import_rows WHERE import_id = $1 AND outcome = 'rejected' ORDER BY row LIMIT $2`,
      [importId, limit],
    );
  }

  /** Rejected rows after `afterRow`, by row number, with their cells. */
  rejectedAfter(importId: string, afterRow: number, limit: number): Promise<RejectedRow[]> {
    return this.dataSource.query(
      `SELECT row, field, reason, cells FROM sale_import_rows
       WHERE import_id = $1 AND outcome = 'rejected' AND row > $2 ORDER BY row LIMIT $3`,
      [importId, afterRow, limit],
    );
  }
}

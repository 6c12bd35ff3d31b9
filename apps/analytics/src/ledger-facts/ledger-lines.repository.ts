import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CommissionChangedPayload, CommissionStatus } from '@spiffworks/contracts';
import type { LineFigures } from './line-delta';

/** A line as analytics holds it, and whether its commission is in the daily facts yet. */
export type HeldLine = LineFigures & { filed_daily: boolean };

/** The commission of a line its sale filed, and the line's status then. */
export interface FiledCommission {
  commission: string;
  status: CommissionStatus;
}

/**
 * Analytics' `commission_lines`: the latest state of each ledger line it heard of, so that a
 * change applies only its difference to the aggregates.
 */
@Injectable()
export class LedgerLinesRepository {
  /** True when the line is new; false when analytics holds it already (nothing is written then). */
  async insertOnce(manager: EntityManager, line: CommissionChangedPayload): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO commission_lines (commission_id, kind, partner_id, sale_id, sale_date, product_id, revenue,
         commission_amount, spiff_bonus, reward_amount, total_commission, spiff_bonuses, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
       ON CONFLICT (commission_id) DO NOTHING RETURNING commission_id`,
      [line.commission_id, line.kind, line.partner_id, line.sale_id, line.sale_date, line.product_id, ...changingFigures(line)],
    );
    return inserted.length > 0;
  }

  /** Inserts the lines analytics does not hold yet, in one statement; answers the ids of those it inserted. */
  async insertAllOnce(manager: EntityManager, lines: CommissionChangedPayload[]): Promise<Set<string>> {
    const inserted: Array<{ commission_id: string }> = await manager.query(
      `INSERT INTO commission_lines (commission_id, kind, partner_id, sale_id, sale_date, product_id, revenue,
         commission_amount, spiff_bonus, reward_amount, total_commission, spiff_bonuses, status)
       SELECT l.commission_id, l.kind, l.partner_id, l.sale_id, l.sale_date, l.product_id, l.revenue,
              l.commission_amount, l.spiff_bonus, l.reward_amount, l.total_commission, l.spiff_bonuses, l.status
       FROM jsonb_to_recordset($1::jsonb) AS l(commission_id uuid, kind text, partner_id uuid, sale_id uuid, sale_date date, product_id uuid,
            revenue numeric, commission_amount numeric, spiff_bonus numeric, reward_amount numeric, total_commission numeric, spiff_bonuses jsonb, status text)
       ON CONFLICT (commission_id) DO NOTHING RETURNING commission_id`,
      [JSON.stringify(lines)],
    );
    return new Set(inserted.map((row) => row.commission_id));
  }

  /** The line as held, locked `FOR UPDATE` until the change is applied. */
  async heldForUpdate(manager: EntityManager, commissionId: string): Promise<HeldLine> {
    const [held]: HeldLine[] = await manager.query(
      `SELECT kind, status, revenue, commission_amount, spiff_bonus, total_commission, spiff_bonuses, filed_daily
       FROM commission_lines WHERE commission_id = $1 FOR UPDATE`,
      [commissionId],
    );
    return held;
  }

  /** Replaces what a change of a line may change: its amounts and status. */
  async replace(manager: EntityManager, line: CommissionChangedPayload): Promise<void> {
    await manager.query(
      `UPDATE commission_lines SET revenue = $2, commission_amount = $3, spiff_bonus = $4, reward_amount = $5,
         total_commission = $6, spiff_bonuses = $7::jsonb, status = $8
       WHERE commission_id = $1`,
      [line.commission_id, ...changingFigures(line)],
    );
  }

  /** Whether any line still waits for its sale to file its commission in the daily facts. */
  async anyWaitingForSale(manager: EntityManager): Promise<boolean> {
    const [{ waiting }]: Array<{ waiting: boolean }> = await manager.query('SELECT EXISTS (SELECT 1 FROM commission_lines WHERE NOT filed_daily) AS waiting');
    return waiting;
  }

  /** Marks the lines of the sale that waited for it as filed: their commission and status. */
  fileWaitingFor(manager: EntityManager, saleId: string): Promise<FiledCommission[]> {
    return manager.query(
      `WITH filed AS (
         UPDATE commission_lines SET filed_daily = true WHERE sale_id = $1 AND NOT filed_daily
         RETURNING commission_amount + spiff_bonus AS commission, status)
       SELECT * FROM filed`,
      [saleId],
    );
  }
}

/** The columns after the line's identity, in statement order; the bonuses as JSON. */
function changingFigures(line: CommissionChangedPayload): unknown[] {
  return [
    line.revenue, line.commission_amount, line.spiff_bonus, line.reward_amount, line.total_commission, JSON.stringify(line.spiff_bonuses), line.status,
  ];
}

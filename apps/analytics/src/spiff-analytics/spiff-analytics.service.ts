import { ErrorCode } from '@spiffworks/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { SpiffAnalyticsView, SpiffSnapshot } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber } from '@spiffworks/persistence';

interface SpiffRow {
  spiff_id: string;
  name: string;
  start_date: string;
  end_date: string;
  partners_assigned: number;
  partners_sold: string;
  sales: string;
  revenue: string;
  bonus_cost: string;
  revenue_during: string;
  revenue_before: string;
  revenue_lift_percent: string | null;
}

@Injectable()
export class SpiffAnalyticsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `spiff.created`, `.updated`, `.cancelled`: the spiff's terms; its counters may already have
   * arrived. A spiff only grows until it is cancelled for good, so snapshots merge in any order.
   */
  async recordSpiff(manager: EntityManager, spiff: SpiffSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO spiff_summaries (spiff_id, name, start_date, end_date, product_ids, status)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6)
       ON CONFLICT (spiff_id) DO UPDATE SET name = EXCLUDED.name, start_date = EXCLUDED.start_date,
         end_date = GREATEST(spiff_summaries.end_date, EXCLUDED.end_date),
         product_ids = ARRAY(SELECT DISTINCT unnest(spiff_summaries.product_ids || EXCLUDED.product_ids)),
         status = CASE WHEN spiff_summaries.status = 'cancelled' THEN 'cancelled' ELSE EXCLUDED.status END`,
      [spiff.id, spiff.name, spiff.start_date, spiff.end_date, spiff.target_products, spiff.status],
    );
  }

  /**
   * What a spiff did. Reads the spiff's row, its partners' rows, and the daily revenue of its
   * products over twice its period: the cost grows with days × products and partners, never
   * with the number of sales. The lift is rounded half-up to 2 decimals; null when nothing sold before.
   */
  async spiff(spiffId: string): Promise<SpiffAnalyticsView> {
    const [row]: SpiffRow[] = await this.dataSource.query(
      `SELECT v.*, CASE WHEN v.revenue_before = 0 THEN NULL
                    ELSE round((v.revenue_during - v.revenue_before) * 100 / v.revenue_before, 2) END AS revenue_lift_percent
       FROM bi_spiff_performance v WHERE v.spiff_id = $1`,
      [spiffId],
    );
    if (!row) throw ServiceFailure.notFound(ErrorCode.SPIFF_NOT_FOUND, 'spiff', spiffId);
    return {
      spiff_id: row.spiff_id,
      name: row.name,
      start_date: row.start_date,
      end_date: row.end_date,
      sales: Number(row.sales),
      revenue: decimalToNumber(row.revenue),
      bonus_cost: decimalToNumber(row.bonus_cost),
      partners_assigned: row.partners_assigned,
      partners_sold: Number(row.partners_sold),
      revenue_during: decimalToNumber(row.revenue_during),
      revenue_before: decimalToNumber(row.revenue_before),
      revenue_lift_percent: row.revenue_lift_percent === null ? null : decimalToNumber(row.revenue_lift_percent),
    };
  }
}

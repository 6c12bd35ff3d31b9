import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { DimensionItem, SpiffSnapshot } from '@spiffworks/contracts';

/** A spiff's performance as `bi_spiff_performance` answers it, counters and money as PostgreSQL returns them. */
export interface SpiffPerformanceRow {
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
  open_disputes: number;
  adjustments: number;
  adjustment_amount: string;
}

/**
 * The spiff aggregates: `spiff_summaries` (a spiff's terms and counters) and what reads them with
 * `spiff_partners` and the daily facts (the `bi_spiff_performance` view). The additive upserts of
 * the counters are `AggregateIncrements`'.
 */
@Injectable()
export class SpiffSummariesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A spiff only grows until it is cancelled for good, so snapshots merge in any order. */
  async recordSnapshot(manager: EntityManager, spiff: SpiffSnapshot): Promise<void> {
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

  /** The lift is rounded half-up to 2 decimals; null when nothing sold before. */
  async performanceOf(spiffId: string): Promise<SpiffPerformanceRow | undefined> {
    const [row]: SpiffPerformanceRow[] = await this.dataSource.query(
      `SELECT v.*, CASE WHEN v.revenue_before = 0 THEN NULL
                    ELSE round((v.revenue_during - v.revenue_before) * 100 / v.revenue_before, 2) END AS revenue_lift_percent,
              s.open_disputes, s.adjustments, s.adjustment_amount
       FROM bi_spiff_performance v JOIN spiff_summaries s USING (spiff_id) WHERE v.spiff_id = $1`,
      [spiffId],
    );
    return row;
  }

  /** The spiff's bonus per sale day and its running total (`daily_spiff_totals`): the burn-down of its fund. */
  burnDownOf(spiffId: string): Promise<Array<{ day: string; bonus: string; cumulative: string }>> {
    return this.dataSource.query(
      `SELECT day::text AS day, bonus::text AS bonus, (sum(bonus) OVER (ORDER BY day))::text AS cumulative
       FROM daily_spiff_totals WHERE spiff_id = $1 AND bonus <> 0 ORDER BY day`,
      [spiffId],
    );
  }

  /** Named spiffs whose name matches `pattern` (a lower-case LIKE pattern; null: any), by name. */
  dimensionItems(pattern: string | null, limit: number): Promise<DimensionItem[]> {
    return this.dataSource.query(
      `SELECT spiff_id AS id, name, NULL AS tier, start_date::text AS start_date, end_date::text AS end_date
       FROM spiff_summaries WHERE name IS NOT NULL AND ($1::text IS NULL OR lower(name) LIKE $1)
       ORDER BY lower(name), spiff_id LIMIT $2`,
      [pattern, limit],
    );
  }
}

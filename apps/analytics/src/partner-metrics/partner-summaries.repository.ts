import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { DimensionItem, PartnerSnapshot } from '@spiffworks/contracts';

/** A partner's row as the metrics read it: counters and money as PostgreSQL returns them. */
export interface PartnerMetricsRow {
  partner_id: string;
  partner_name: string;
  sales_count: string;
  revenue: string;
  base_commission: string;
  spiff_bonus: string;
  total_commission: string;
  pending_commission: string;
  approved_commission: string;
  paid_commission: string;
  active_assignments: number;
  milestones_achieved: number;
  milestone_rewards: string;
  open_disputes: number;
  adjustments: number;
  adjustment_amount: string;
}

export interface TopPartnerRow {
  partner_id: string;
  partner_name: string;
  sales_count: string;
  revenue: string;
  commission: string;
}

/**
 * Every statement on `partner_summaries` but the additive upsert of the aggregates
 * (`AggregateIncrements`). Writes take the consuming transaction's EntityManager.
 */
@Injectable()
export class PartnerSummariesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Partner snapshots, in one statement however many (a chunk of a partner import), partners in id
   * order; a snapshot older than the one held changes nothing, and of two of one partner the newer counts.
   */
  async recordSnapshots(manager: EntityManager, snapshots: PartnerSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    await manager.query(
      `INSERT INTO partner_summaries (partner_id, partner_name, tier, status, version)
       SELECT DISTINCT ON (p.id) p.id, p.name, p.tier, p.status, p.version
       FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, name varchar, tier varchar, status varchar, version integer)
       ORDER BY p.id, p.version DESC
       ON CONFLICT (partner_id) DO UPDATE SET partner_name = EXCLUDED.partner_name, tier = EXCLUDED.tier,
         status = EXCLUDED.status, version = EXCLUDED.version
       WHERE partner_summaries.version < EXCLUDED.version`,
      [JSON.stringify(snapshots.map(({ id, name, tier, status, version }) => ({ id, name, tier, status, version })))],
    );
  }

  /**
   * Counts new assignments, one entry per assignment (`active[i]` is 1 when it starts active), in
   * one statement whatever their number, partners in id order.
   */
  async addAssignments(manager: EntityManager, partnerIds: string[], active: number[]): Promise<void> {
    await manager.query(
      `INSERT INTO partner_summaries (partner_id, total_assignments, active_assignments)
       SELECT partner_id, count(*), sum(active) FROM unnest($1::uuid[], $2::int[]) AS a(partner_id, active)
       GROUP BY partner_id ORDER BY partner_id
       ON CONFLICT (partner_id) DO UPDATE SET
         total_assignments = partner_summaries.total_assignments + EXCLUDED.total_assignments,
         active_assignments = partner_summaries.active_assignments + EXCLUDED.active_assignments`,
      [partnerIds, active],
    );
  }

  /** One assignment no longer active per entry, in one statement, partners in id order. */
  async closeAssignments(manager: EntityManager, partnerIds: string[]): Promise<void> {
    await manager.query(
      `INSERT INTO partner_summaries (partner_id, active_assignments)
       SELECT partner_id, -count(*) FROM unnest($1::uuid[]) AS a(partner_id) GROUP BY partner_id ORDER BY partner_id
       ON CONFLICT (partner_id) DO UPDATE SET active_assignments = partner_summaries.active_assignments + EXCLUDED.active_assignments`,
      [partnerIds],
    );
  }

  /** Names (partner id → name) the partners no snapshot has named yet; a named one keeps its name. */
  async nameUnnamed(manager: EntityManager, names: Map<string, string>): Promise<void> {
    await manager.query(
      `UPDATE partner_summaries p SET partner_name = named.name
       FROM unnest($1::uuid[], $2::varchar[]) AS named(partner_id, name)
       WHERE p.partner_id = named.partner_id AND p.version = 0 AND p.partner_name = ''`,
      [[...names.keys()], [...names.values()]],
    );
  }

  async metricsOf(partnerId: string): Promise<PartnerMetricsRow | undefined> {
    const [row]: PartnerMetricsRow[] = await this.dataSource.query(
      `SELECT partner_id, partner_name, sales_count, revenue, base_commission, spiff_bonus,
         base_commission + spiff_bonus AS total_commission, pending_commission, approved_commission, paid_commission,
         active_assignments, milestones_achieved, milestone_rewards, open_disputes, adjustments, adjustment_amount
       FROM partner_summaries WHERE partner_id = $1`,
      [partnerId],
    );
    return row;
  }

  /** The 5 partners with the most revenue among those that sold, ties by id. */
  topFiveByRevenue(): Promise<TopPartnerRow[]> {
    return this.dataSource.query(
      `SELECT partner_id, partner_name, sales_count, revenue, base_commission + spiff_bonus AS commission
       FROM partner_summaries WHERE sales_count > 0 ORDER BY revenue DESC, partner_id LIMIT 5`,
    );
  }

  /** Named partners whose name matches `pattern` (a lower-case LIKE pattern; null: any), by name. */
  dimensionItems(pattern: string | null, limit: number): Promise<DimensionItem[]> {
    return this.dataSource.query(
      `SELECT partner_id AS id, partner_name AS name, tier, NULL AS start_date, NULL AS end_date
       FROM partner_summaries WHERE partner_name <> '' AND ($1::text IS NULL OR lower(partner_name) LIKE $1)
       ORDER BY lower(partner_name), partner_id LIMIT $2`,
      [pattern, limit],
    );
  }
}

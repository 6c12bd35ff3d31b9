import { ErrorCode } from '@spiffworks/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { Actor, AssignmentsCreatedPayload, PartnerMetricsView, PartnerSnapshot } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber } from '@spiffworks/persistence';
import { addTo } from '../read-models/increments';

interface PartnerMetricsRow {
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
}

@Injectable()
export class PartnerMetricsService {
  constructor(private readonly dataSource: DataSource) {}

  /** A partner snapshot; an older version than the one held changes nothing. */
  async recordPartner(manager: EntityManager, p: PartnerSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO partner_summaries (partner_id, partner_name, tier, status, version)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (partner_id) DO UPDATE SET partner_name = EXCLUDED.partner_name, tier = EXCLUDED.tier,
         status = EXCLUDED.status, version = EXCLUDED.version
       WHERE partner_summaries.version < EXCLUDED.version`,
      [p.id, p.name, p.tier, p.status, p.version],
    );
  }

  /** One statement per table per event, whatever the size of the chunk. */
  async recordAssignments(manager: EntityManager, payload: AssignmentsCreatedPayload): Promise<void> {
    const partnerIds = payload.assignments.map((a) => a.partner_id);
    const active = payload.assignments.map((a): number => (a.status === 'active' ? 1 : 0));
    await manager.query(
      `INSERT INTO partner_summaries (partner_id, total_assignments, active_assignments)
       SELECT partner_id, count(*), sum(active) FROM unnest($1::uuid[], $2::int[]) AS a(partner_id, active)
       GROUP BY partner_id ORDER BY partner_id
       ON CONFLICT (partner_id) DO UPDATE SET
         total_assignments = partner_summaries.total_assignments + EXCLUDED.total_assignments,
         active_assignments = partner_summaries.active_assignments + EXCLUDED.active_assignments`,
      [partnerIds, active],
    );
    if (payload.spiff_id && partnerIds.length > 0) {
      // One assignment per spiff and partner (fulfillment's unique index), so this counts partners.
      await addTo(manager, 'spiff_summaries', { spiff_id: payload.spiff_id }, { partners_assigned: partnerIds.length });
    }
    await addTo(manager, 'platform_totals', { id: 1 }, {
      total_assignments: partnerIds.length,
      active_assignments: active.reduce((sum, n) => sum + n, 0),
    });
  }

  /** `assignment.closed` (a cancelled spiff): they stay in the totals but are no longer active. */
  async recordClosedAssignments(manager: EntityManager, payload: AssignmentsCreatedPayload): Promise<void> {
    const partnerIds = payload.assignments.map((a) => a.partner_id);
    await manager.query(
      `INSERT INTO partner_summaries (partner_id, active_assignments)
       SELECT partner_id, -count(*) FROM unnest($1::uuid[]) AS a(partner_id) GROUP BY partner_id ORDER BY partner_id
       ON CONFLICT (partner_id) DO UPDATE SET active_assignments = partner_summaries.active_assignments + EXCLUDED.active_assignments`,
      [partnerIds],
    );
    await addTo(manager, 'platform_totals', { id: 1 }, { active_assignments: -partnerIds.length });
  }

  /**
   * A partner's metrics; a partner analytics has heard of but with no sales gets zeros. A partner
   * user sees only its own. 404 for a partner no event has named.
   */
  async metrics(partnerId: string, actor: Actor | null): Promise<PartnerMetricsView> {
    if (actor?.role === 'partner' && actor.partner_id !== partnerId) {
      throw new ServiceFailure(ErrorCode.NOT_YOUR_PARTNER, 'a partner may only see its own analytics');
    }
    const [row]: PartnerMetricsRow[] = await this.dataSource.query(
      `SELECT partner_id, partner_name, sales_count, revenue, base_commission, spiff_bonus,
         base_commission + spiff_bonus AS total_commission, pending_commission, approved_commission, paid_commission,
         active_assignments, milestones_achieved, milestone_rewards
       FROM partner_summaries WHERE partner_id = $1`,
      [partnerId],
    );
    if (!row) throw ServiceFailure.notFound(ErrorCode.PARTNER_NOT_FOUND, 'partner', partnerId);
    return {
      partner_id: row.partner_id,
      partner_name: row.partner_name,
      metrics: {
        total_sales: Number(row.sales_count),
        total_revenue: decimalToNumber(row.revenue),
        total_commission: decimalToNumber(row.total_commission),
        base_commission: decimalToNumber(row.base_commission),
        spiff_bonus: decimalToNumber(row.spiff_bonus),
        pending_commission: decimalToNumber(row.pending_commission),
        approved_commission: decimalToNumber(row.approved_commission),
        paid_commission: decimalToNumber(row.paid_commission),
        active_assignments: row.active_assignments,
        milestones_achieved: row.milestones_achieved,
        milestone_rewards: decimalToNumber(row.milestone_rewards),
      },
    };
  }
}

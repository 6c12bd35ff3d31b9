import { ErrorCode } from '@spiffworks/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, AssignmentsCreatedPayload, PartnerMetricsView, PartnerSnapshot } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber } from '@spiffworks/persistence';
import { AggregateIncrements } from '../read-models/increments';
import { PartnerSummariesRepository } from './partner-summaries.repository';

@Injectable()
export class PartnerMetricsService {
  constructor(
    private readonly partners: PartnerSummariesRepository,
    private readonly aggregates: AggregateIncrements,
  ) {}

  /** Partner snapshots (one, or a chunk of a partner import); an older version than the one held changes nothing. */
  async recordPartners(manager: EntityManager, partners: PartnerSnapshot[]): Promise<void> {
    await this.partners.recordSnapshots(manager, partners);
  }

  /** One statement per table per event, whatever the size of the chunk. */
  async recordAssignments(manager: EntityManager, payload: AssignmentsCreatedPayload): Promise<void> {
    const partnerIds = payload.assignments.map((a) => a.partner_id);
    const active = payload.assignments.map((a): number => (a.status === 'active' ? 1 : 0));
    await this.partners.addAssignments(manager, partnerIds, active);
    if (payload.spiff_id && partnerIds.length > 0) {
      // One assignment per spiff and partner (fulfillment's unique index), so this counts partners.
      this.aggregates.addTo(manager, 'spiff_summaries', { spiff_id: payload.spiff_id }, { partners_assigned: partnerIds.length });
    }
    this.aggregates.addTo(manager, 'platform_totals', { id: 1 }, {
      total_assignments: partnerIds.length,
      active_assignments: active.reduce((sum, n) => sum + n, 0),
    });
  }

  /** `assignment.closed` (a cancelled spiff): they stay in the totals but are no longer active. */
  async recordClosedAssignments(manager: EntityManager, payload: AssignmentsCreatedPayload): Promise<void> {
    const partnerIds = payload.assignments.map((a) => a.partner_id);
    await this.partners.closeAssignments(manager, partnerIds);
    this.aggregates.addTo(manager, 'platform_totals', { id: 1 }, { active_assignments: -partnerIds.length });
  }

  /**
   * A partner's metrics; a partner analytics has heard of but with no sales gets zeros. A partner
   * user sees only its own. 404 for a partner no event has named.
   */
  async metrics(partnerId: string, actor: Actor | null): Promise<PartnerMetricsView> {
    if (actor?.role === 'partner' && actor.partner_id !== partnerId) {
      throw new ServiceFailure(ErrorCode.NOT_YOUR_PARTNER, 'a partner may only see its own analytics');
    }
    const row = await this.partners.metricsOf(partnerId);
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
        open_disputes: row.open_disputes,
        adjustments: row.adjustments,
        adjustment_amount: decimalToNumber(row.adjustment_amount),
      },
    };
  }
}

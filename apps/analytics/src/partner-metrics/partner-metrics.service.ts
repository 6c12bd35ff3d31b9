import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AssignmentsCreatedPayload, PartnerSnapshot } from '@spiffworks/contracts';

@Injectable()
export class PartnerMetricsService {
  async recordPartner(manager: EntityManager, p: PartnerSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO partner_summaries (partner_id, partner_name, tier, status, version, total_assignments, active_assignments)
       VALUES ($1, $2, $3, $4, $5, 0, 0)
       ON CONFLICT (partner_id) DO UPDATE SET partner_name = EXCLUDED.partner_name, tier = EXCLUDED.tier,
         status = EXCLUDED.status, version = EXCLUDED.version
       WHERE partner_summaries.version < EXCLUDED.version`,
      [p.id, p.name, p.tier, p.status, p.version],
    );
  }

  /** One statement per event, whatever the size of the chunk. */
  async recordAssignments(manager: EntityManager, payload: AssignmentsCreatedPayload): Promise<void> {
    const partnerIds = payload.assignments.map((a) => a.partner_id);
    const active = payload.assignments.map((a): number => (a.status === 'active' ? 1 : 0));
    await manager.query(
      `INSERT INTO partner_summaries (partner_id, partner_name, version, total_assignments, active_assignments)
       SELECT partner_id, '', 0, count(*), sum(active) FROM unnest($1::uuid[], $2::int[]) AS a(partner_id, active)
       GROUP BY partner_id
       ON CONFLICT (partner_id) DO UPDATE SET
         total_assignments = partner_summaries.total_assignments + EXCLUDED.total_assignments,
         active_assignments = partner_summaries.active_assignments + EXCLUDED.active_assignments`,
      [partnerIds, active],
    );
    await manager.query(
      `UPDATE platform_totals SET total_assignments = total_assignments + $1, active_assignments = active_assignments + $2`,
      [partnerIds.length, active.reduce((sum, n) => sum + n, 0)],
    );
  }
}

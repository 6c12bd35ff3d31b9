import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Events, todayUtc } from '@spiffworks/contracts';
import type { AssignmentsCreatedPayload, EventEnvelope, EventType, PartnerSnapshot, SpiffSnapshot } from '@spiffworks/contracts';
import type { Transaction } from '@spiffworks/runtime';
import { ReplicasService } from '../replicas/replicas.service';
import { SpiffTerms } from '../replicas/spiff-terms.entity';
import { shouldJoinSpiff } from './spiff-eligibility';

/** One `assignment.created` event per this many assignments of a fan-out. */
export const ASSIGNMENT_EVENT_CHUNK = 1000;

interface CreatedAssignment {
  id: string;
  partner_id: string;
}

/**
 * Creates the assignments spiffs imply: every targeted approved partner when a spiff is created,
 * and a partner's share of running spiffs when it becomes eligible later. Both paths take one
 * advisory lock, so a spiff and an approval processed at the same moment never miss each other.
 */
@Injectable()
export class SpiffAssignmentsService {
  constructor(private readonly replicas: ReplicasService) {}

  /** `spiff.created`: one set-based insert for all targeted partners, idempotent per spiff + partner. */
  async assignPartnersToSpiff(tx: Transaction, event: EventEnvelope<SpiffSnapshot>): Promise<number> {
    await lockTargeting(tx.manager);
    await this.replicas.upsertSpiff(tx.manager, event.payload, event.occurred_at);
    return this.assignTargetedPartners(tx, [event.payload.id]);
  }

  /**
   * `spiff.updated`: a longer period or more products reach the assignments the spiff's fan-out
   * created (`origin = 'spiff'`; an admin's assignment linked to the spiff keeps its own period and
   * products); partners it now targets as well get theirs.
   *
   * First, the spiff's assignments of unknown origin (NULL: made before migration 375, or inserted
   * by a replica of the previous release during a rolling update) get one by their shape — no
   * target, made by the spiff's creator, the spiff's dates and products: `spiff`, else `manual` —
   * read against the terms as they were before this update, which a fan-out row still holds.
   */
  async applySpiffUpdate(tx: Transaction, event: EventEnvelope<SpiffSnapshot>): Promise<number> {
    await lockTargeting(tx.manager);
    await tx.manager.query(
      `UPDATE assignments a SET origin = CASE
         WHEN a.assignment_type = 'spiff' AND a.target_quantity IS NULL AND a.assigned_by = s.created_by
           AND a.start_date = s.start_date AND a.end_date = s.end_date AND a.product_ids = s.product_ids
         THEN 'spiff' ELSE 'manual' END
       FROM spiff_terms s WHERE s.id = $1 AND a.spiff_id = s.id AND a.origin IS NULL`,
      [event.payload.id],
    );
    await this.replicas.upsertSpiff(tx.manager, event.payload, event.occurred_at);
    await tx.manager.query(
      `UPDATE assignments a SET product_ids = s.product_ids, end_date = s.end_date
       FROM spiff_terms s WHERE s.id = $1 AND a.spiff_id = s.id AND a.status = 'active' AND a.origin = 'spiff'`,
      [event.payload.id],
    );
    return this.assignTargetedPartners(tx, [event.payload.id]);
  }

  /** `spiff.cancelled`: its assignments close (sales need another covering assignment from now on). */
  async closeSpiffAssignments(tx: Transaction, event: EventEnvelope<SpiffSnapshot>): Promise<number> {
    await lockTargeting(tx.manager);
    await this.replicas.upsertSpiff(tx.manager, event.payload, event.occurred_at);
    const closed: CreatedAssignment[] = await tx.manager.query(
      `WITH closed AS (
         UPDATE assignments SET status = 'closed' WHERE spiff_id = $1 AND status = 'active' RETURNING id, partner_id)
       SELECT * FROM closed`,
      [event.payload.id],
    );
    publishInChunks(tx, Events.AssignmentsClosed, event.payload.id, closed, 'closed');
    return closed.length;
  }

  /**
   * One set-based insert: for each of the spiffs, every approved partner it targets (or only
   * `partnerId`) that has no assignment for it yet. Events go out per spiff, in chunks.
   */
  private async assignTargetedPartners(tx: Transaction, spiffIds: string[], partnerId: string | null = null): Promise<number> {
    if (spiffIds.length === 0) return 0;
    const created: Array<CreatedAssignment & { spiff_id: string }> = await tx.manager.query(
      `INSERT INTO assignments (id, partner_id, spiff_id, product_ids, assignment_type, start_date, end_date, status, assigned_by, milestones, origin)
       SELECT gen_random_uuid(), p.id, s.id, s.product_ids, 'spiff', s.start_date, s.end_date, 'active', s.created_by, s.milestones, 'spiff'
       FROM spiff_terms s
       JOIN partner_directory p ON p.status = 'approved' AND (
         (s.assignment_type = 'tier' AND p.tier = ANY (s.target_tiers)) OR
         (s.assignment_type = 'individual' AND p.id = ANY (s.target_partners)))
       WHERE s.id = ANY ($1::uuid[]) AND s.status = 'active' AND ($2::uuid IS NULL OR p.id = $2)
       ON CONFLICT (spiff_id, partner_id) WHERE spiff_id IS NOT NULL DO NOTHING
       RETURNING id, partner_id, spiff_id`,
      [spiffIds, partnerId],
    );
    for (const spiffId of spiffIds) {
      publishInChunks(tx, Events.AssignmentsCreated, spiffId, created.filter((a) => a.spiff_id === spiffId), 'active');
    }
    return created.length;
  }

  /** `partner.*`: record the partner, then give it the spiffs it now qualifies for. */
  async assignSpiffsToPartner(tx: Transaction, event: EventEnvelope<PartnerSnapshot>): Promise<number> {
    await lockTargeting(tx.manager);
    const changed = await this.replicas.upsertPartner(tx.manager, event.payload);
    if (!changed || event.payload.status !== 'approved') return 0;
    const spiffs = await tx.manager.getRepository(SpiffTerms).find({ where: { status: 'active' } });
    const today = todayUtc();
    const joining = spiffs.filter((s) => shouldJoinSpiff(s, event.payload, today, new Date(event.occurred_at)));
    return this.assignTargetedPartners(tx, joining.map((s) => s.id), event.payload.id);
  }
}

const TARGETING_LOCK = 'fulfillment.spiff-targeting';

async function lockTargeting(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [TARGETING_LOCK]);
}

function publishInChunks(
  tx: Transaction,
  type: EventType,
  spiffId: string,
  assignments: CreatedAssignment[],
  status: 'active' | 'closed',
): void {
  for (let start = 0; start < assignments.length; start += ASSIGNMENT_EVENT_CHUNK) {
    const chunk = assignments.slice(start, start + ASSIGNMENT_EVENT_CHUNK);
    const payload: AssignmentsCreatedPayload = {
      spiff_id: spiffId,
      assignments: chunk.map((a) => ({ id: a.id, partner_id: a.partner_id, status })),
    };
    tx.publish(type, payload);
  }
}

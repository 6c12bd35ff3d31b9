import { Injectable } from '@nestjs/common';
import { Events, slicesOf, todayUtc } from '@spiffworks/contracts';
import type { AssignmentsCreatedPayload, EventEnvelope, PartnerSnapshot, SpiffSnapshot } from '@spiffworks/contracts';
import type { Transaction } from '@spiffworks/runtime';
import { ReplicasService } from '../replicas/replicas.service';
import { SpiffTermsRepository } from '../replicas/spiff-terms.repository';
import { AssignmentsRepository } from './assignments.repository';
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
  constructor(
    private readonly replicas: ReplicasService,
    private readonly assignments: AssignmentsRepository,
    private readonly spiffs: SpiffTermsRepository,
  ) {}

  /** `spiff.created`: one set-based insert for all targeted partners, idempotent per spiff + partner. */
  async assignPartnersToSpiff(tx: Transaction, event: EventEnvelope<SpiffSnapshot>): Promise<number> {
    await this.assignments.lockSpiffTargeting(tx.manager);
    await this.replicas.upsertSpiff(tx.manager, event.payload, event.occurred_at);
    return this.assignTargetedPartners(tx, [event.payload.id]);
  }

  /**
   * `spiff.updated`: a longer period or more products reach the assignments the spiff's fan-out
   * created (`origin = 'spiff'`; an admin's assignment linked to the spiff keeps its own period and
   * products); partners it now targets as well get theirs.
   *
   * First, the spiff's assignments of unknown origin (NULL: rows older than the origin column, or
   * inserted by a replica of the previous release during a rolling update) get one by their shape — no
   * target, made by the spiff's creator, the spiff's dates and products: `spiff`, else `manual` —
   * read against the terms as they were before this update, which a fan-out row still holds.
   */
  async applySpiffUpdate(tx: Transaction, event: EventEnvelope<SpiffSnapshot>): Promise<number> {
    await this.assignments.lockSpiffTargeting(tx.manager);
    await this.assignments.classifyUnknownOrigin(tx.manager, event.payload.id);
    await this.replicas.upsertSpiff(tx.manager, event.payload, event.occurred_at);
    await this.assignments.followSpiffTerms(tx.manager, event.payload.id);
    return this.assignTargetedPartners(tx, [event.payload.id]);
  }

  /** `spiff.cancelled`: its assignments close (sales need another covering assignment from now on). */
  async closeSpiffAssignments(tx: Transaction, event: EventEnvelope<SpiffSnapshot>): Promise<number> {
    await this.assignments.lockSpiffTargeting(tx.manager);
    await this.replicas.upsertSpiff(tx.manager, event.payload, event.occurred_at);
    const closed = await this.assignments.closeBySpiff(tx.manager, event.payload.id);
    publishInChunks(tx, Events.AssignmentsClosed, event.payload.id, closed, 'closed');
    return closed.length;
  }

  /**
   * One set-based insert: for each of the spiffs, every approved partner it targets (or only
   * those of `partnerIds`) that has no assignment for it yet. Events go out per spiff, in chunks.
   */
  private async assignTargetedPartners(tx: Transaction, spiffIds: string[], partnerIds: string[] | null = null): Promise<number> {
    if (spiffIds.length === 0) return 0;
    const created = await this.assignments.fanOut(tx.manager, spiffIds, partnerIds);
    for (const spiffId of spiffIds) {
      publishInChunks(tx, Events.AssignmentsCreated, spiffId, created.filter((a) => a.spiff_id === spiffId), 'active');
    }
    return created.length;
  }

  /** `partner.*`: record the partner, then give it the spiffs it now qualifies for. */
  assignSpiffsToPartner(tx: Transaction, event: EventEnvelope<PartnerSnapshot>): Promise<number> {
    return this.assignSpiffsToPartners(tx, [event.payload], event.occurred_at);
  }

  /**
   * `partner.*` and `partner.imported` (a chunk of partners at once): record the partners, then
   * give those approved by the change the spiffs they now qualify for — one set-based insert for
   * the chunk (the insert itself keeps each partner to the spiffs that target it).
   */
  async assignSpiffsToPartners(tx: Transaction, partners: PartnerSnapshot[], occurredAt: string): Promise<number> {
    await this.assignments.lockSpiffTargeting(tx.manager);
    const changed = await this.replicas.upsertPartners(tx.manager, partners);
    const eligible = partners.filter((p) => changed.has(p.id) && p.status === 'approved');
    if (eligible.length === 0) return 0;
    const spiffs = await this.spiffs.active(tx.manager);
    const today = todayUtc();
    const changedAt = new Date(occurredAt);
    const joining = spiffs.filter((s) => eligible.some((p) => shouldJoinSpiff(s, p, today, changedAt)));
    return this.assignTargetedPartners(tx, joining.map((s) => s.id), eligible.map((p) => p.id));
  }
}

function publishInChunks(
  tx: Transaction,
  type: typeof Events.AssignmentsCreated | typeof Events.AssignmentsClosed,
  spiffId: string,
  assignments: CreatedAssignment[],
  status: 'active' | 'closed',
): void {
  for (const chunk of slicesOf(assignments, ASSIGNMENT_EVENT_CHUNK)) {
    const payload: AssignmentsCreatedPayload = {
      spiff_id: spiffId,
      assignments: chunk.map((a) => ({ id: a.id, partner_id: a.partner_id, status })),
    };
    tx.publish(type, payload);
  }
}

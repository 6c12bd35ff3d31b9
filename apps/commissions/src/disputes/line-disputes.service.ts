import { Injectable } from '@nestjs/common';
import { ErrorCode, Events } from '@spiffworks/contracts';
import type { Actor, DisputeView, ListDisputesQuery, OpenDisputeCommand, Page, ResolveDisputeCommand } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest } from '@spiffworks/runtime';
import { CommissionLedger } from '../ledger/commission-ledger.service';
import { CommissionLinesRepository } from '../ledger/commission-lines.repository';
import { CommissionDisputesRepository, toDisputeView } from './commission-disputes.repository';
import type { DisputeRow } from './commission-disputes.repository';
import { DisputeAttachmentsRepository } from './dispute-attachments.repository';
import { canResolve, disputeReasonOf, resolutionOf } from './dispute-rules';

/**
 * A partner questions one of its ledger lines; an admin answers, declining or adjusting. The
 * disputed line never changes: an adjustment is a new line of its own (`CommissionLedger.bookAdjustment`),
 * booked in the transaction that resolves the dispute, with the events of both.
 */
@Injectable()
export class LineDisputes {
  constructor(
    private readonly transactions: Transactions,
    private readonly ledger: CommissionLedger,
    private readonly lines: CommissionLinesRepository,
    private readonly disputes: CommissionDisputesRepository,
    private readonly attachments: DisputeAttachmentsRepository,
  ) {}

  /** The line's partner only (another partner's line is 404, as if it did not exist); one open dispute per line (409). */
  async open(command: OpenDisputeCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<DisputeView> {
    if (actor.role !== 'partner' || !actor.partner_id) throw new ServiceFailure(ErrorCode.PARTNER_USER_REQUIRED, 'only the partner of a line may dispute it');
    const reason = disputeReasonOf(command.reason);
    if (!reason.ok) throw ServiceFailure.invalid(reason.errors);
    return this.transactions.run(async (tx) => {
      const line = await this.lines.lineForShare(tx.manager, command.commission_id);
      if (!line || line.partner_id !== actor.partner_id) throw ServiceFailure.notFound(ErrorCode.COMMISSION_NOT_FOUND, 'commission', command.commission_id);
      const opened = await this.disputes.openUnlessOpen(tx.manager, {
        commission_id: line.id, partner_id: line.partner_id, reason: reason.reason, opened_by: actor.user_id,
      });
      if (!opened) throw new ServiceFailure(ErrorCode.DISPUTE_ALREADY_OPEN, `commission ${line.id} has an open dispute already`);
      tx.publish(Events.DisputeOpened, {
        dispute_id: opened.id, commission_id: line.id, partner_id: line.partner_id, spiff_ids: line.spiff_ids, reason: opened.reason,
      });
      // Files come after the dispute (POST /api/disputes/{id}/attachments): a new one has none.
      return toDisputeView(opened, []);
    }, { idempotency });
  }

  /** Admin only. Checked whole before anything is read (400); a resolved dispute stays as it was resolved (409). */
  async resolve(command: ResolveDisputeCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<DisputeView> {
    if (actor.role !== 'admin') throw new ServiceFailure(ErrorCode.FORBIDDEN, 'only an admin resolves disputes');
    const resolution = resolutionOf(command);
    if (!resolution.ok) throw ServiceFailure.invalid(resolution.errors);
    return this.transactions.run(async (tx) => {
      const dispute = await this.disputes.forUpdate(tx.manager, command.id);
      if (!dispute) throw ServiceFailure.notFound(ErrorCode.DISPUTE_NOT_FOUND, 'dispute', command.id);
      if (!canResolve(dispute.status)) throw new ServiceFailure(ErrorCode.DISPUTE_ALREADY_RESOLVED, `dispute ${dispute.id} is ${dispute.status} already`);
      const disputed = await this.lines.lineForShare(tx.manager, dispute.commission_id);
      if (!disputed) throw ServiceFailure.notFound(ErrorCode.COMMISSION_NOT_FOUND, 'commission', dispute.commission_id);
      const adjustment = resolution.status === 'resolved_adjusted'
        ? await this.ledger.bookAdjustment(tx, dispute, disputed, { amount: resolution.amount, answer: resolution.answer }, actor)
        : null;
      const resolved = await this.disputes.resolve(tx.manager, dispute.id, {
        status: resolution.status,
        answer: resolution.answer,
        adjustment_amount: resolution.amount,
        adjustment_line_id: adjustment?.id ?? null,
        resolved_by: actor.user_id,
      });
      tx.publish(Events.DisputeResolved, {
        dispute_id: resolved.id, commission_id: disputed.id, partner_id: disputed.partner_id, spiff_ids: disputed.spiff_ids,
        status: resolution.status, adjustment_amount: resolution.amount, adjustment_line_id: resolved.adjustment_line_id, answer: resolution.answer,
      });
      // Under the dispute's lock: every file attached before the resolution, none after (409).
      return toDisputeView(resolved, (await this.attachments.of([resolved.id], tx.manager)).get(resolved.id) ?? []);
    }, { idempotency });
  }

  /** A partner sees its own disputes only (another's is 404); admins see all; analysts read analytics only (DESIGN). */
  async get(id: string, actor: Actor): Promise<DisputeView> {
    refuseAnalyst(actor);
    const dispute = await this.disputes.findById(id);
    if (!dispute || !visibleTo(dispute, actor)) throw ServiceFailure.notFound(ErrorCode.DISPUTE_NOT_FOUND, 'dispute', id);
    return toDisputeView(dispute, (await this.attachments.of([dispute.id])).get(dispute.id) ?? []);
  }

  /** Open first (oldest first), then resolved (newest first). A partner's list is its own, whatever the filter says. */
  async list(query: ListDisputesQuery, actor: Actor): Promise<Page<DisputeView>> {
    refuseAnalyst(actor);
    if (actor.role === 'partner' && !actor.partner_id) throw new ServiceFailure(ErrorCode.PARTNER_USER_REQUIRED, 'only a partner user has disputes');
    const scoped = actor.role === 'partner' ? { ...query, partner_id: actor.partner_id as string } : query;
    const [rows, total] = await this.disputes.page(scoped);
    const attachments = await this.attachments.of(rows.map((r) => r.id));
    return { items: rows.map((r) => toDisputeView(r, attachments.get(r.id) ?? [])), total, page: query.page, page_size: query.page_size };
  }
}

function refuseAnalyst(actor: Actor): void {
  if (actor.role === 'analyst') throw new ServiceFailure(ErrorCode.FORBIDDEN, 'analysts read analytics (open disputes and adjustments are there), not disputes');
}

function visibleTo(dispute: DisputeRow, actor: Actor): boolean {
  return actor.role !== 'partner' || dispute.partner_id === actor.partner_id;
}

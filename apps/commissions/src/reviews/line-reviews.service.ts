import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@spiffworks/contracts';
import type { Actor, CommissionView, ListReviewsQuery, Page, ReviewCommand, ReviewItem, SaleAttachmentAddedPayload } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import type { Transaction } from '@spiffworks/runtime';
import { toCommissionView } from '../ledger/commission-line.entity';
import { CommissionReview } from '../ledger/commission-review.service';
import { ProofAttachmentsRepository } from './proof-attachments.repository';
import { ReviewQueueRepository } from './review-queue.repository';
import { ACTION_OF, checkReview } from './review-rules';

/**
 * Review of lines awaiting proof of sale: the queue (each line with its sale's attachments and its
 * duplicate flags), and an admin's decision — approve moves the line on to pending, decline rejects
 * it with the reason the partner then sees. A decision is a status move of the line (history row,
 * event), never an edit: `CommissionReview.transition`, all or nothing.
 */
@Injectable()
export class LineReviews {
  constructor(
    private readonly review: CommissionReview,
    private readonly queue: ReviewQueueRepository,
    private readonly proofs: ProofAttachmentsRepository,
  ) {}

  recordAttachment(tx: Transaction, added: SaleAttachmentAddedPayload): Promise<void> {
    return this.proofs.record(tx.manager, added);
  }

  async list(query: ListReviewsQuery, actor: Actor): Promise<Page<ReviewItem>> {
    if (actor.role !== 'admin') throw new ServiceFailure(ErrorCode.FORBIDDEN, 'only an admin reviews proofs of sale');
    const [lines, total] = await this.queue.page(query);
    const saleIds = lines.flatMap((l) => (l.sale_id ? [l.sale_id] : []));
    const [attachments, duplicates] = await Promise.all([this.proofs.ofSales(saleIds), this.proofs.duplicatesOf(saleIds)]);
    const items = lines.map((line) => ({
      line: toCommissionView(line),
      invoice_number: line.invoice_number,
      attachments: (line.sale_id && attachments.get(line.sale_id)) || [],
      duplicates: (line.sale_id && duplicates.get(line.sale_id)) || [],
    }));
    return { items, total, page: query.page, page_size: query.page_size };
  }

  /** Admin only; checked whole first (400); one line not awaiting review refuses the batch (409). */
  async decide(command: ReviewCommand, actor: Actor): Promise<CommissionView[]> {
    if (actor.role !== 'admin') throw new ServiceFailure(ErrorCode.FORBIDDEN, 'only an admin reviews proofs of sale');
    const checked = checkReview(command);
    if (!checked.ok) throw ServiceFailure.invalid(checked.errors);
    const reason = checked.reason ?? (checked.decision === 'approve' ? 'proof of sale approved' : null);
    return this.review.transition(checked.ids, ACTION_OF[checked.decision], actor, { reason: reason ?? undefined });
  }
}

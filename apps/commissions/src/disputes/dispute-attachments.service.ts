import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, attachmentBytesVerdict } from '@spiffworks/contracts';
import type { Actor, AddDisputeAttachmentCommand, DisputeAttachmentFile, DisputeAttachmentView, GetDisputeAttachmentQuery } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { OBJECT_STORE, storeThenRecord } from '@spiffworks/persistence';
import type { ObjectStore } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest } from '@spiffworks/runtime';
import { CommissionDisputesRepository } from './commission-disputes.repository';
import type { DisputeRow } from './commission-disputes.repository';
import { DisputeAttachmentsRepository, toDisputeAttachmentView } from './dispute-attachments.repository';
import { canResolve } from './dispute-rules';

/**
 * A partner's files on its dispute (optional: a dispute stands on its reason). The ledger keeps them
 * itself, in its own object store, because the dispute is its own: who may attach (the dispute's
 * partner) and until when (while it is open) is decided under the dispute's row lock, the lock a
 * resolution takes, so a file is either in the resolution's answer or refused (409) — never added
 * to a dispute already answered. The gateway sized and sniffed the upload; it is checked again here.
 */
@Injectable()
export class DisputeAttachments {
  constructor(
    private readonly transactions: Transactions,
    private readonly disputes: CommissionDisputesRepository,
    private readonly attachments: DisputeAttachmentsRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  /** The dispute's partner, while it is open. A replayed Idempotency-Key answers the first upload's attachment. */
  async add(command: AddDisputeAttachmentCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<DisputeAttachmentView> {
    if (actor.role !== 'partner' || !actor.partner_id) throw new ServiceFailure(ErrorCode.PARTNER_USER_REQUIRED, 'only the partner of a dispute attaches files to it');
    // Read first, so nothing is stored for a dispute that is not the partner's; decided again under the lock.
    attachable(await this.disputes.findById(command.dispute_id), command.dispute_id, actor);
    const bytes = Buffer.from(command.content_base64 ?? '', 'base64');
    const verdict = attachmentBytesVerdict(bytes);
    if (!verdict.ok) throw new ServiceFailure(ErrorCode[verdict.code], verdict.message);
    const id = randomUUID();
    const key = `dispute-attachments/${command.dispute_id}/${id}`;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return storeThenRecord(this.store, { key, id, bytes, meta: { content_type: verdict.content_type } }, () => this.transactions.run(async (tx) => {
      const dispute = attachable(await this.disputes.forUpdate(tx.manager, command.dispute_id), command.dispute_id, actor);
      const row = await this.attachments.insert(tx.manager, {
        id, dispute_id: dispute.id, partner_id: dispute.partner_id, content_type: verdict.content_type, size: bytes.length, sha256, object_key: key, added_by: actor.user_id,
      });
      return toDisputeAttachmentView(row);
    }, { idempotency }));
  }

  /** The dispute's partner and admins; another partner's is 404, as a missing one; analysts read analytics only (403). */
  async get(query: GetDisputeAttachmentQuery, actor: Actor): Promise<DisputeAttachmentFile> {
    if (actor.role !== 'admin' && actor.role !== 'partner') throw new ServiceFailure(ErrorCode.FORBIDDEN, "only the dispute's partner and admins read its attachments");
    const missing = () => ServiceFailure.notFound(ErrorCode.ATTACHMENT_NOT_FOUND, 'attachment', query.attachment_id);
    const dispute = await this.disputes.findById(query.dispute_id);
    if (!dispute || (actor.role === 'partner' && dispute.partner_id !== actor.partner_id)) throw missing();
    const row = await this.attachments.find(query.dispute_id, query.attachment_id);
    const stored = row ? await this.store.get(row.object_key) : null;
    if (!row || !stored) throw missing();
    return { ...toDisputeAttachmentView(row), content_base64: stored.body.toString('base64') };
  }
}

/** The dispute when this partner may attach to it now: another partner's is 404 (as a missing one), a resolved one 409. */
function attachable(dispute: DisputeRow | null, id: string, actor: Actor): DisputeRow {
  if (!dispute || dispute.partner_id !== actor.partner_id) throw ServiceFailure.notFound(ErrorCode.DISPUTE_NOT_FOUND, 'dispute', id);
  if (!canResolve(dispute.status)) throw new ServiceFailure(ErrorCode.DISPUTE_ALREADY_RESOLVED, `dispute ${id} is ${dispute.status} already: files are attached while it is open`);
  return dispute;
}

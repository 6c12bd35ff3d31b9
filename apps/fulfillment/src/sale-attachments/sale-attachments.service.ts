import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, Events, attachmentBytesVerdict } from '@spiffworks/contracts';
import type { Actor, AddSaleAttachmentCommand, AttachmentView, GetSaleAttachmentQuery, SaleAttachmentFile } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { OBJECT_STORE, storeThenRecord } from '@spiffworks/persistence';
import type { ObjectStore } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest } from '@spiffworks/runtime';
import { SalesRepository } from '../sales/sales.repository';
import { SaleAttachmentsRepository } from './sale-attachments.repository';
import type { SaleAttachmentRow } from './sale-attachments.repository';

/**
 * Proofs of sale: the sale's partner (or an admin) attaches a PDF, PNG or JPEG of at most 10 MB.
 * The gateway sized and sniffed the upload already; it is checked again here, where it is stored.
 * The bytes go to the object store first, then the row and `sale.attachment_added` in one
 * transaction; if that fails the object is deleted again (a key no row names is never served).
 */
@Injectable()
export class SaleAttachments {
  constructor(
    private readonly transactions: Transactions,
    private readonly attachments: SaleAttachmentsRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly sales: SalesRepository,
  ) {}

  /** A replayed Idempotency-Key answers the first upload's attachment, and this upload's copy of the bytes is removed. */
  async add(command: AddSaleAttachmentCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<AttachmentView> {
    const partnerId = await this.ownedSale(command.sale_id, actor, () => ServiceFailure.notFound(ErrorCode.SALE_NOT_FOUND, 'sale', command.sale_id));
    const bytes = Buffer.from(command.content_base64 ?? '', 'base64');
    const verdict = attachmentBytesVerdict(bytes);
    if (!verdict.ok) throw new ServiceFailure(ErrorCode[verdict.code], verdict.message);
    const contentType = verdict.content_type;
    const id = randomUUID();
    const key = `sale-attachments/${command.sale_id}/${id}`;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return storeThenRecord(this.store, { key, id, bytes, meta: { content_type: contentType } }, () => this.transactions.run(async (tx) => {
      const row = await this.attachments.insert(tx.manager, {
        id, sale_id: command.sale_id, partner_id: partnerId, content_type: contentType, size: bytes.length, sha256, object_key: key, added_by: actor.user_id,
      });
      const added = toAttachmentView(row);
      tx.publish(Events.SaleAttachmentAdded, {
        attachment_id: id, sale_id: row.sale_id, partner_id: partnerId, sha256, content_type: contentType, size: row.size, added_at: added.created_at,
      });
      return added;
    }, { idempotency }));
  }

  /** The sale's partner and admins; another partner's is 404; analysts read analytics only (403). */
  async get(query: GetSaleAttachmentQuery, actor: Actor): Promise<SaleAttachmentFile> {
    await this.ownedSale(query.sale_id, actor, () => ServiceFailure.notFound(ErrorCode.ATTACHMENT_NOT_FOUND, 'attachment', query.attachment_id));
    const row = await this.attachments.find(query.sale_id, query.attachment_id);
    const stored = row ? await this.store.get(row.object_key) : null;
    if (!row || !stored) throw ServiceFailure.notFound(ErrorCode.ATTACHMENT_NOT_FOUND, 'attachment', query.attachment_id);
    return { ...toAttachmentView(row), content_base64: stored.body.toString('base64') };
  }

  /** The sale's partner, when the actor may handle its proofs; another partner's sale is as missing as no sale (`missing`). */
  private async ownedSale(saleId: string, actor: Actor, missing: () => ServiceFailure): Promise<string> {
    if (actor.role !== 'admin' && actor.role !== 'partner') throw new ServiceFailure(ErrorCode.FORBIDDEN, 'only the sale\'s partner and admins handle its proof of sale');
    const owner = await this.sales.partnerOf(saleId);
    if (!owner || (actor.role === 'partner' && owner !== actor.partner_id)) throw missing();
    return owner;
  }
}

export function toAttachmentView(row: SaleAttachmentRow): AttachmentView {
  return { id: row.id, sale_id: row.sale_id, content_type: row.content_type, size: Number(row.size), sha256: row.sha256, created_at: new Date(row.created_at).toISOString() };
}

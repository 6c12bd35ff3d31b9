import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { DuplicateFlag, ReviewAttachment, SaleAttachmentAddedPayload } from '@spiffworks/contracts';

/** The ledger's replica of the proofs of sale (`proof_attachments`), and the duplicate checks that read it. */
@Injectable()
export class ProofAttachmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Once per attachment: a redelivered event is a no-op. */
  async record(manager: EntityManager, added: SaleAttachmentAddedPayload): Promise<void> {
    await manager.query(
      `INSERT INTO proof_attachments (attachment_id, sale_id, partner_id, sha256, content_type, size, added_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (attachment_id) DO NOTHING`,
      [added.attachment_id, added.sale_id, added.partner_id, added.sha256, added.content_type, added.size, added.added_at],
    );
  }

  /** Sale id → its attachments, oldest first. */
  async ofSales(saleIds: string[]): Promise<Map<string, ReviewAttachment[]>> {
    const rows: Array<ReviewAttachment & { sale_id: string; added_at: Date }> = await this.dataSource.query(
      `SELECT attachment_id AS id, sale_id, content_type, size, sha256, added_at FROM proof_attachments
       WHERE sale_id = ANY ($1::uuid[]) ORDER BY added_at, attachment_id`,
      [saleIds],
    );
    const bySale = new Map<string, ReviewAttachment[]>();
    for (const { sale_id, ...a } of rows) {
      bySale.set(sale_id, [...(bySale.get(sale_id) ?? []), { ...a, size: Number(a.size), added_at: new Date(a.added_at).toISOString() }]);
    }
    return bySale;
  }

  /**
   * Sale id → the other claims that look like it: a sale line of another partner with the same
   * invoice key, or another sale carrying a file with the same sha256 (its line, if booked).
   */
  async duplicatesOf(saleIds: string[]): Promise<Map<string, DuplicateFlag[]>> {
    const rows: Array<DuplicateFlag & { sale_id: string }> = await this.dataSource.query(
      `SELECT l.sale_id, 'invoice' AS kind, l.invoice_key AS key, o.sale_id AS other_sale_id, o.id AS other_line_id, o.partner_id AS other_partner_id
       FROM commission_lines l
       JOIN commission_lines o ON o.kind = 'sale' AND o.invoice_key = l.invoice_key AND o.partner_id <> l.partner_id
       WHERE l.kind = 'sale' AND l.sale_id = ANY ($1::uuid[]) AND l.invoice_key IS NOT NULL
       UNION ALL
       SELECT DISTINCT a.sale_id, 'attachment' AS kind, a.sha256 AS key, b.sale_id AS other_sale_id, o.id AS other_line_id, b.partner_id AS other_partner_id
       FROM proof_attachments a
       JOIN proof_attachments b ON b.sha256 = a.sha256 AND b.sale_id <> a.sale_id
       LEFT JOIN commission_lines o ON o.kind = 'sale' AND o.sale_id = b.sale_id
       WHERE a.sale_id = ANY ($1::uuid[])
       ORDER BY 1, 2, 4`,
      [saleIds],
    );
    const bySale = new Map<string, DuplicateFlag[]>();
    for (const { sale_id, ...flag } of rows) bySale.set(sale_id, [...(bySale.get(sale_id) ?? []), { ...flag, key: flag.key.trim() }]);
    return bySale;
  }
}

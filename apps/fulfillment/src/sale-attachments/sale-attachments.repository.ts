import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { AttachmentContentType } from '@spiffworks/contracts';

export interface SaleAttachmentRow {
  id: string;
  sale_id: string;
  partner_id: string;
  content_type: AttachmentContentType;
  size: number;
  sha256: string;
  object_key: string;
  added_by: string;
  created_at: Date;
}

/** Every statement on `sale_attachments` (and the sale's owner, read to check who may attach). */
@Injectable()
export class SaleAttachmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: Omit<SaleAttachmentRow, 'created_at'>): Promise<SaleAttachmentRow> {
    const [saved]: SaleAttachmentRow[] = await manager.query(
      `INSERT INTO sale_attachments (id, sale_id, partner_id, content_type, size, sha256, object_key, added_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [row.id, row.sale_id, row.partner_id, row.content_type, row.size, row.sha256, row.object_key, row.added_by],
    );
    return saved;
  }

  async find(saleId: string, attachmentId: string): Promise<SaleAttachmentRow | null> {
    const rows: SaleAttachmentRow[] = await this.dataSource.query('SELECT * FROM sale_attachments WHERE id = $1 AND sale_id = $2', [attachmentId, saleId]);
    return rows[0] ?? null;
  }
}

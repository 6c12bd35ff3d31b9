import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { AttachmentContentType, DisputeAttachmentView } from '@spiffworks/contracts';

export interface DisputeAttachmentRow {
  id: string;
  dispute_id: string;
  partner_id: string;
  content_type: AttachmentContentType;
  size: number;
  sha256: string;
  object_key: string;
  added_by: string;
  created_at: Date;
}

/** Every statement on `dispute_attachments`. Methods taking an `EntityManager` run in the caller's transaction. */
@Injectable()
export class DisputeAttachmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: Omit<DisputeAttachmentRow, 'created_at'>): Promise<DisputeAttachmentRow> {
    const [saved]: DisputeAttachmentRow[] = await manager.query(
      `INSERT INTO dispute_attachments (id, dispute_id, partner_id, content_type, size, sha256, object_key, added_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [row.id, row.dispute_id, row.partner_id, row.content_type, row.size, row.sha256, row.object_key, row.added_by],
    );
    return saved;
  }

  async find(disputeId: string, attachmentId: string): Promise<DisputeAttachmentRow | null> {
    const rows: DisputeAttachmentRow[] = await this.dataSource.query('SELECT * FROM dispute_attachments WHERE id = $1 AND dispute_id = $2', [attachmentId, disputeId]);
    return rows[0] ?? null;
  }

  /** Dispute id → its attachments, oldest first; a dispute without any is absent. */
  async of(disputeIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, DisputeAttachmentView[]>> {
    const byDispute = new Map<string, DisputeAttachmentView[]>();
    if (disputeIds.length === 0) return byDispute;
    const rows: DisputeAttachmentRow[] = await manager.query(
      'SELECT * FROM dispute_attachments WHERE dispute_id = ANY ($1::uuid[]) ORDER BY dispute_id, created_at, id',
      [disputeIds],
    );
    for (const row of rows) byDispute.set(row.dispute_id, [...(byDispute.get(row.dispute_id) ?? []), toDisputeAttachmentView(row)]);
    return byDispute;
  }
}

export function toDisputeAttachmentView(row: DisputeAttachmentRow): DisputeAttachmentView {
  return { id: row.id, dispute_id: row.dispute_id, content_type: row.content_type, size: Number(row.size), sha256: row.sha256, created_at: new Date(row.created_at).toISOString() };
}

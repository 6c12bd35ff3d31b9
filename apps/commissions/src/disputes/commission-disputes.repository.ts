import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { DisputeAttachmentView, DisputeStatus, DisputeView, ListDisputesQuery } from '@spiffworks/contracts';
import { decimalToNumber } from '@spiffworks/persistence';

/** A row of `commission_disputes` as the database answers it. */
export interface DisputeRow {
  id: string;
  commission_id: string;
  partner_id: string;
  status: DisputeStatus;
  reason: string;
  answer: string | null;
  adjustment_amount: string | null;
  adjustment_line_id: string | null;
  opened_by: string;
  resolved_by: string | null;
  opened_at: Date;
  resolved_at: Date | null;
}

export interface DisputeResolutionUpdate {
  status: Exclude<DisputeStatus, 'open'>;
  answer: string;
  adjustment_amount: string | null;
  adjustment_line_id: string | null;
  resolved_by: string;
}

/** Open disputes first (oldest first: a queue), then the resolved, newest first. */
const QUEUE_ORDER = `(status = 'open') DESC, CASE WHEN status = 'open' THEN opened_at END ASC, opened_at DESC, id`;

/** Every statement on `commission_disputes`. Methods taking an `EntityManager` run in the caller's transaction. */
@Injectable()
export class CommissionDisputesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new open dispute of the line; null when the line has one open already (the partial unique index). */
  async openUnlessOpen(manager: EntityManager, dispute: { commission_id: string; partner_id: string; reason: string; opened_by: string }): Promise<DisputeRow | null> {
    const rows: DisputeRow[] = await manager.query(
      `INSERT INTO commission_disputes (id, commission_id, partner_id, status, reason, opened_by)
       VALUES ($1, $2, $3, 'open', $4, $5)
       ON CONFLICT (commission_id) WHERE status = 'open' DO NOTHING
       RETURNING *`,
      [randomUUID(), dispute.commission_id, dispute.partner_id, dispute.reason, dispute.opened_by],
    );
    return rows[0] ?? null;
  }

  async forUpdate(manager: EntityManager, id: string): Promise<DisputeRow | null> {
    const rows: DisputeRow[] = await manager.query('SELECT * FROM commission_disputes WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ?? null;
  }

  async resolve(manager: EntityManager, id: string, update: DisputeResolutionUpdate): Promise<DisputeRow> {
    // An UPDATE's answer through TypeORM's query() is [rows, affected].
    const [rows]: [DisputeRow[], number] = await manager.query(
      `UPDATE commission_disputes SET status = $2, answer = $3, adjustment_amount = $4, adjustment_line_id = $5, resolved_by = $6, resolved_at = now()
       WHERE id = $1 RETURNING *`,
      [id, update.status, update.answer, update.adjustment_amount, update.adjustment_line_id, update.resolved_by],
    );
    return rows[0];
  }

  async findById(id: string): Promise<DisputeRow | null> {
    const rows: DisputeRow[] = await this.dataSource.query('SELECT * FROM commission_disputes WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  /** One page of the disputes the filters select, open first, and how many they select in all. */
  async page(query: ListDisputesQuery): Promise<[DisputeRow[], number]> {
    const params: unknown[] = [query.status ?? null, query.partner_id ?? null];
    const where = 'WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR partner_id = $2)';
    const rows: DisputeRow[] = await this.dataSource.query(
      `SELECT * FROM commission_disputes ${where} ORDER BY ${QUEUE_ORDER} LIMIT $3 OFFSET $4`,
      [...params, query.page_size, (query.page - 1) * query.page_size],
    );
    const [{ total }]: Array<{ total: string }> = await this.dataSource.query(`SELECT count(*) AS total FROM commission_disputes ${where}`, params);
    return [rows, Number(total)];
  }

  /** Line id → its open dispute's id, for the lines of `commissionIds` that have one. */
  async openOf(commissionIds: string[]): Promise<Map<string, string>> {
    if (commissionIds.length === 0) return new Map();
    const rows: Array<{ id: string; commission_id: string }> = await this.dataSource.query(
      `SELECT id, commission_id FROM commission_disputes WHERE status = 'open' AND commission_id = ANY ($1::uuid[])`,
      [commissionIds],
    );
    return new Map(rows.map((r) => [r.commission_id, r.id]));
  }
}

/** The dispute as the API answers it, with its attachments (oldest first). */
export function toDisputeView(row: DisputeRow, attachments: DisputeAttachmentView[]): DisputeView {
  return {
    id: row.id,
    commission_id: row.commission_id,
    partner_id: row.partner_id,
    status: row.status,
    reason: row.reason,
    answer: row.answer,
    adjustment_amount: row.adjustment_amount === null ? null : decimalToNumber(row.adjustment_amount),
    adjustment_line_id: row.adjustment_line_id,
    opened_by: row.opened_by,
    resolved_by: row.resolved_by,
    opened_at: new Date(row.opened_at).toISOString(),
    resolved_at: row.resolved_at === null ? null : new Date(row.resolved_at).toISOString(),
    attachments,
  };
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { CommissionStatus } from '@spiffworks/contracts';

export interface StatusChange {
  commissionId: string;
  from: CommissionStatus | null;
  to: CommissionStatus;
  reason: string | null;
  changedBy: string | null;
}

export interface StatusChangeRow {
  from_status: CommissionStatus | null;
  to_status: CommissionStatus;
  reason: string | null;
  changed_by: string | null;
  changed_at: Date;
}

/** The history of a line's status (`commission_status_changes`): one row per change, never edited. */
@Injectable()
export class CommissionStatusChangesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inside the transaction that changes the status, so the history never misses or invents a change. */
  async record(manager: EntityManager, change: StatusChange): Promise<void> {
    await manager.query(
      'INSERT INTO commission_status_changes (commission_id, from_status, to_status, reason, changed_by) VALUES ($1, $2, $3, $4, $5)',
      [change.commissionId, change.from, change.to, change.reason, change.changedBy],
    );
  }

  /** Records many changes in one statement. */
  async recordAll(manager: EntityManager, changes: StatusChange[]): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `INSERT INTO commission_status_changes (commission_id, from_status, to_status, reason, changed_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[])`,
      [changes.map((c) => c.commissionId), changes.map((c) => c.from), changes.map((c) => c.to), changes.map((c) => c.reason), changes.map((c) => c.changedBy)],
    );
  }

  /** A line's changes, oldest first. */
  historyOf(commissionId: string): Promise<StatusChangeRow[]> {
    return this.dataSource.query(
      'SELECT from_status, to_status, reason, changed_by, changed_at FROM commission_status_changes WHERE commission_id = $1 ORDER BY id',
      [commissionId],
    );
  }
}

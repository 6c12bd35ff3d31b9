import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Events, ErrorCode, csvDocument } from '@spiffworks/contracts';
import type { Actor, CommissionStatus, CommissionView, ListCommissionsQuery, Page } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { CommissionLine, toCommissionView } from './commission-line.entity';
import { CommissionLedger, commissionChanged, recordStatusChange } from './commission-ledger.service';
import { clawbackSettlement, nextCommissionStatus } from './commission-lifecycle';
import type { CommissionAction } from './commission-lifecycle';

const EVENT_OF: Record<CommissionAction, (typeof Events)[keyof typeof Events]> = {
  approve: Events.CommissionApproved,
  pay: Events.CommissionPaid,
  reject: Events.CommissionRejected,
};

export interface StatusHistoryEntry {
  from_status: CommissionStatus | null;
  to_status: CommissionStatus;
  reason: string | null;
  changed_by: string | null;
  changed_at: string;
}

/** What admins do with the ledger: review it, move lines through their lifecycle, export payouts. */
@Injectable()
export class CommissionReview {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly ledger: CommissionLedger,
  ) {}

  /**
   * All lines change, or none: one illegal transition (409) or unknown id (404) rejects the batch.
   *
   * Locks: original lines (sales, rewards) before the lines that take back from them, each group in
   * id order — the order a rejection takes them in (the line, then its clawbacks) and the order a
   * clawback's booking does (its original `FOR SHARE`, then the new line) — so batches never deadlock.
   */
  transition(ids: string[], action: CommissionAction, actor: Actor, details: { reason?: string; payout_reference?: string }): Promise<CommissionView[]> {
    return this.transactions.run(async (tx) => {
      const repo = tx.manager.getRepository(CommissionLine);
      const unique = [...new Set(ids)];
      const locked: Array<{ id: string }> = await tx.manager.query(
        `SELECT id FROM commission_lines WHERE id = ANY ($1::uuid[])
         ORDER BY kind IN ('sale', 'milestone_reward') DESC, id FOR UPDATE`,
        [unique],
      );
      const lines = await repo.find({ where: { id: In(locked.map((l) => l.id)) }, order: { id: 'ASC' } });
      const missing = unique.find((id) => !lines.some((l) => l.id === id));
      if (missing) throw ServiceFailure.notFound(ErrorCode.COMMISSION_NOT_FOUND, 'commission', missing);
      const changed: CommissionView[] = [];
      for (const line of lines) {
        const next = nextCommissionStatus(line.status, action);
        if (!next) throw new ServiceFailure(ErrorCode.COMMISSION_STATUS_CONFLICT, `commission ${line.id} is ${line.status}; it cannot be ${pastTense(action)}`);
        if (action === 'reject' && (await this.isReversed(tx, line))) {
          // Its reversal already gave it back: rejecting it as well would pay the partner for nothing.
          throw new ServiceFailure(ErrorCode.COMMISSION_STATUS_CONFLICT, `commission ${line.id} is already given back by a reversal; it cannot be rejected`);
        }
        const previous = line.status;
        await repo.update({ id: line.id }, {
          status: next,
          status_reason: details.reason ?? line.status_reason,
          payout_reference: details.payout_reference ?? line.payout_reference,
          updated_at: () => 'now()',
        });
        await recordStatusChange(tx.manager, line.id, previous, next, details.reason ?? null, actor.user_id);
        const saved = await repo.findOneByOrFail({ id: line.id });
        tx.publish(EVENT_OF[action], commissionChanged(saved, previous));
        changed.push(toCommissionView(saved));
      }
      // After the whole batch: a clawback rejected in the same batch as its sale needs no reversal.
      if (action === 'reject') for (const line of lines) await this.settleClawbacksOf(tx, line, actor);
      return changed;
    });
  }

  /**
   * A rejected line (a sale's, or a reward) was never owed, so what took back from it must net to
   * nothing too: a pending clawback is rejected with it; an approved or paid one — already signed
   * off, or paid out — stays as it is and a reversal line gives it back. Either way the partner
   * nets exactly zero for the rejected line.
   */
  private async settleClawbacksOf(tx: Transaction, rejected: CommissionLine, actor: Actor): Promise<void> {
    const repo = tx.manager.getRepository(CommissionLine);
    const takenBack =
      rejected.kind === 'sale' ? { kind: 'clawback' as const, sale_id: rejected.sale_id as string }
        : rejected.kind === 'milestone_reward' ? { kind: 'reward_clawback' as const, reverses_line_id: rejected.id }
          : null;
    if (!takenBack) return;
    const clawbacks = await repo.find({ where: takenBack, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    const reason = `the ${rejected.kind === 'sale' ? "sale's commission" : 'milestone reward'} ${rejected.id} was rejected`;
    for (const clawback of clawbacks) {
      const settlement = clawbackSettlement(clawback.status);
      if (settlement === 'none') continue;
      if (settlement === 'reverse') {
        await this.ledger.bookClawbackReversal(tx, clawback, rejected, actor);
        continue;
      }
      await repo.update({ id: clawback.id }, { status: 'rejected', status_reason: reason, updated_at: () => 'now()' });
      await recordStatusChange(tx.manager, clawback.id, clawback.status, 'rejected', reason, actor.user_id);
      tx.publish(Events.CommissionRejected, commissionChanged(await repo.findOneByOrFail({ id: clawback.id }), clawback.status));
    }
  }

  private async isReversed(tx: Transaction, line: CommissionLine): Promise<boolean> {
    if (line.kind !== 'clawback' && line.kind !== 'reward_clawback') return false;
    return tx.manager.getRepository(CommissionLine).existsBy({ kind: 'clawback_reversal', reverses_line_id: line.id });
  }

  async get(id: string): Promise<CommissionView & { history: StatusHistoryEntry[] }> {
    const line = await this.dataSource.getRepository(CommissionLine).findOneBy({ id });
    if (!line) throw ServiceFailure.notFound(ErrorCode.COMMISSION_NOT_FOUND, 'commission', id);
    const history: Array<StatusHistoryEntry & { changed_at: Date }> = await this.dataSource.query(
      'SELECT from_status, to_status, reason, changed_by, changed_at FROM commission_status_changes WHERE commission_id = $1 ORDER BY id',
      [id],
    );
    return { ...toCommissionView(line), history: history.map((h) => ({ ...h, changed_at: new Date(h.changed_at).toISOString() })) };
  }

  async list(query: ListCommissionsQuery): Promise<Page<CommissionView>> {
    const [lines, total] = await this.filtered(query).skip((query.page - 1) * query.page_size).take(query.page_size).getManyAndCount();
    return { items: lines.map(toCommissionView), total, page: query.page, page_size: query.page_size };
  }

  /** The payout file: every line the filters select, oldest first, as CSV. */
  async exportCsv(query: Omit<ListCommissionsQuery, 'page' | 'page_size'>): Promise<string> {
    const lines = await this.filtered({ ...query, page: 1, page_size: 1 }).orderBy('l.created_at', 'ASC').addOrderBy('l.id', 'ASC').getMany();
    const header = ['commission_id', 'partner_id', 'kind', 'sale_id', 'sale_date', 'revenue', 'commission_amount', 'spiff_bonus',
      'reward_amount', 'total_commission', 'status', 'payout_reference', 'created_at'];
    // Every cell through csvCell: formulas neutralized, quotes and line breaks quoted; amounts (-120.00) stay numbers.
    return csvDocument(header, lines.map((l) => [
      l.id, l.partner_id, l.kind, l.sale_id, l.sale_date, l.revenue, l.commission_amount, l.spiff_bonus, l.reward_amount,
      l.total_commission, l.status, l.payout_reference, l.created_at.toISOString(),
    ]));
  }

  /** Each sale's line, keyed by sale id; sales not booked yet are absent. */
  async bySales(saleIds: string[]): Promise<Record<string, CommissionView>> {
    if (saleIds.length === 0) return {};
    const lines = await this.dataSource.getRepository(CommissionLine).findBy({ kind: 'sale', sale_id: In(saleIds) });
    return Object.fromEntries(lines.map((l) => [l.sale_id as string, toCommissionView(l)]));
  }

  private filtered(query: ListCommissionsQuery) {
    const qb = this.dataSource.getRepository(CommissionLine).createQueryBuilder('l').orderBy('l.created_at', 'DESC').addOrderBy('l.id', 'ASC');
    if (query.partner_id) qb.andWhere('l.partner_id = :partner', { partner: query.partner_id });
    if (query.status) qb.andWhere('l.status = :status', { status: query.status });
    if (query.spiff_id) qb.andWhere(':spiff = ANY(l.spiff_ids)', { spiff: query.spiff_id });
    if (query.from) qb.andWhere('coalesce(l.sale_date, l.created_at::date) >= :from', { from: query.from });
    if (query.to) qb.andWhere('coalesce(l.sale_date, l.created_at::date) <= :to', { to: query.to });
    return qb;
  }
}

function pastTense(action: CommissionAction): string {
  return { approve: 'approved', pay: 'paid', reject: 'rejected' }[action];
}


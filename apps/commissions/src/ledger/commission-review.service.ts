import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Events, ErrorCode, csvDocument } from '@spiffworks/contracts';
import type { Actor, CommissionStatus, CommissionView, ListCommissionsQuery, Page } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { CommissionLine, toCommissionView } from './commission-line.entity';
import { CommissionLedger, commissionChanged, recordStatusChange } from './commission-ledger.service';
import { clawbackSettlement, commissionTransition } from './commission-lifecycle';
import type { CommissionAction } from './commission-lifecycle';

const EVENT_OF: Record<CommissionAction, (typeof Events)[keyof typeof Events]> = {
  approve: Events.CommissionApproved,
  pay: Events.CommissionPaid,
  reject: Events.CommissionRejected,
};

/**
 * The rows a transition locks, `FOR UPDATE`, in id order: the lines named ($1); their originals — the
 * sale's line of any line of a sale, the reward of a reward clawback or of a reversal of one; and when
 * rejecting ($2), every line that takes back from or gives back to a sale line or reward named.
 */
const LOCK_SET = `
  WITH named AS (SELECT id, kind, sale_id, reverses_line_id FROM commission_lines WHERE id = ANY ($1::uuid[])),
  reversed AS (SELECT c.kind, c.reverses_line_id FROM commission_lines c JOIN named n ON n.kind = 'clawback_reversal' AND c.id = n.reverses_line_id),
  rejected AS (SELECT id, kind, sale_id FROM named WHERE $2::boolean AND kind IN ('sale', 'milestone_reward')),
  reward_clawbacks AS (
    SELECT c.id FROM commission_lines c JOIN rejected r ON r.kind = 'milestone_reward' AND c.kind = 'reward_clawback' AND c.reverses_line_id = r.id),
  lock_set AS (
    SELECT id FROM named
    UNION SELECT s.id FROM commission_lines s JOIN named n ON n.sale_id IS NOT NULL AND s.kind = 'sale' AND s.sale_id = n.sale_id
    UNION SELECT reverses_line_id FROM named WHERE kind = 'reward_clawback'
    UNION SELECT reverses_line_id FROM reversed WHERE kind = 'reward_clawback'
    UNION SELECT c.id FROM commission_lines c JOIN rejected r ON r.kind = 'sale' AND c.kind IN ('clawback', 'clawback_reversal') AND c.sale_id = r.sale_id
    UNION SELECT id FROM reward_clawbacks
    UNION SELECT v.id FROM commission_lines v JOIN reward_clawbacks c ON v.kind = 'clawback_reversal' AND v.reverses_line_id = c.id)
  SELECT id FROM commission_lines WHERE id IN (SELECT id FROM lock_set) ORDER BY id FOR UPDATE`;

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
   * All lines change, or none: one illegal transition (409, by kind and status — `commissionTransition`)
   * or unknown id (404) rejects the batch.
   *
   * Locks: the whole set this batch will touch is taken up front, in one statement, in id order —
   * the lines named, their originals (a sale's line, a reward), and, for a rejection, every clawback
   * and reversal of the originals it rejects. A clawback's booking takes its original `FOR SHARE` (a
   * consumer batch takes all its originals in id order too, see `CommissionLedger.lockOriginals`).
   * A clawback committed while this statement waited is not in its snapshot: `settleClawbacksOf`
   * finds and locks it after. Lock order makes deadlocks rare, not impossible (another transaction
   * may take these rows in another order): `Transactions.run` retries the whole batch on a deadlock.
   */
  transition(ids: string[], action: CommissionAction, actor: Actor, details: { reason?: string; payout_reference?: string }): Promise<CommissionView[]> {
    return this.transactions.run(async (tx) => {
      const repo = tx.manager.getRepository(CommissionLine);
      const unique = [...new Set(ids)];
      await tx.manager.query(LOCK_SET, [unique, action === 'reject']);
      const lines = await repo.find({ where: { id: In(unique) }, order: { id: 'ASC' } });
      const missing = unique.find((id) => !lines.some((l) => l.id === id));
      if (missing) throw ServiceFailure.notFound(ErrorCode.COMMISSION_NOT_FOUND, 'commission', missing);
      // Every line is checked before any changes: one refused line refuses the batch.
      const moves = lines.map((line) => {
        const outcome = commissionTransition(line.kind, line.status, action);
        if (!outcome.allowed) throw new ServiceFailure(ErrorCode.COMMISSION_STATUS_CONFLICT, `commission ${line.id} (${line.kind}): ${outcome.reason}`);
        return { line, next: outcome.to };
      });
      const changed: CommissionView[] = [];
      for (const { line, next } of moves) {
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

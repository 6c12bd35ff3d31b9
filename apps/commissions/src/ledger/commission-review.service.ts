import { Injectable } from '@nestjs/common';
import { Events, ErrorCode, csvRow } from '@spiffworks/contracts';
import type { Actor, CommissionExportPage, CommissionExportPageQuery, CommissionStatus, CommissionView, ListCommissionsQuery, Page } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { CommissionLine, toCommissionView } from './commission-line.entity';
import { CommissionLedger, commissionChanged } from './commission-ledger.service';
import { CommissionLinesRepository } from './commission-lines.repository';
import type { TakenBackFrom } from './commission-lines.repository';
import { CommissionStatusChangesRepository } from './commission-status-changes.repository';
import { CommissionDisputesRepository } from '../disputes/commission-disputes.repository';
import { clawbackSettlement, commissionTransition } from './commission-lifecycle';
import type { CommissionAction } from './commission-lifecycle';

type TransitionEvent = typeof Events.CommissionApproved | typeof Events.CommissionPaid | typeof Events.CommissionRejected | typeof Events.CommissionReviewed;

const EVENT_OF: Record<CommissionAction, TransitionEvent> = {
  approve: Events.CommissionApproved,
  pay: Events.CommissionPaid,
  reject: Events.CommissionRejected,
  // A review approved moves the line on to pending; a review declined rejects it, as a rejection does.
  release: Events.CommissionReviewed,
  decline: Events.CommissionRejected,
};

/** The actions that end a line as rejected: what took back from it is settled with it. */
const REJECTING: CommissionAction[] = ['reject', 'decline'];

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
    private readonly transactions: Transactions,
    private readonly ledger: CommissionLedger,
    private readonly lines: CommissionLinesRepository,
    private readonly statusChanges: CommissionStatusChangesRepository,
    private readonly disputes: CommissionDisputesRepository,
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
      const unique = [...new Set(ids)];
      await this.lines.lockForTransition(tx.manager, unique, REJECTING.includes(action));
      const lines = await this.lines.findByIds(tx.manager, unique);
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
        await this.lines.setStatus(tx.manager, line.id, {
          status: next,
          status_reason: details.reason ?? line.status_reason,
          payout_reference: details.payout_reference ?? line.payout_reference,
        });
        await this.statusChanges.record(tx.manager, { commissionId: line.id, from: previous, to: next, reason: details.reason ?? null, changedBy: actor.user_id });
        const saved = await this.lines.get(tx.manager, line.id);
        tx.publish(EVENT_OF[action], commissionChanged(saved, previous));
        changed.push(toCommissionView(saved));
      }
      if (REJECTING.includes(action)) for (const line of lines) await this.settleClawbacksOf(tx, line, actor);
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
    const takenBack: TakenBackFrom | null =
      rejected.kind === 'sale' ? { kind: 'clawback', sale_id: rejected.sale_id as string }
        : rejected.kind === 'milestone_reward' ? { kind: 'reward_clawback', reverses_line_id: rejected.id }
          : null;
    if (!takenBack) return;
    const clawbacks = await this.lines.takenBackForUpdate(tx.manager, takenBack);
    const reason = `the ${rejected.kind === 'sale' ? "sale's commission" : 'milestone reward'} ${rejected.id} was rejected`;
    for (const clawback of clawbacks) {
      const settlement = clawbackSettlement(clawback.status);
      if (settlement === 'none') continue;
      if (settlement === 'reverse') {
        await this.ledger.bookClawbackReversal(tx, clawback, rejected, actor);
        continue;
      }
      await this.lines.setStatus(tx.manager, clawback.id, { status: 'rejected', status_reason: reason });
      await this.statusChanges.record(tx.manager, { commissionId: clawback.id, from: clawback.status, to: 'rejected', reason, changedBy: actor.user_id });
      tx.publish(Events.CommissionRejected, commissionChanged(await this.lines.get(tx.manager, clawback.id), clawback.status));
    }
  }

  async get(id: string): Promise<CommissionView & { history: StatusHistoryEntry[] }> {
    const line = await this.lines.findById(id);
    if (!line) throw ServiceFailure.notFound(ErrorCode.COMMISSION_NOT_FOUND, 'commission', id);
    const history = await this.statusChanges.historyOf(id);
    const open = await this.disputes.openOf([id]);
    return { ...toCommissionView(line, open.get(id) ?? null), history: history.map((h) => ({ ...h, changed_at: new Date(h.changed_at).toISOString() })) };
  }

  async list(query: ListCommissionsQuery): Promise<Page<CommissionView>> {
    const [lines, total] = await this.lines.page(query);
    const open = await this.disputes.openOf(lines.map((l) => l.id));
    return { items: lines.map((l) => toCommissionView(l, open.get(l.id) ?? null)), total, page: query.page, page_size: query.page_size };
  }

  /** One page of the payout file (see `COMMISSION_EXPORT_COLUMNS`): the lines after the cursor, oldest first. */
  async exportPage(query: CommissionExportPageQuery): Promise<CommissionExportPage> {
    const { after, limit, ...filters } = query;
    let csv = '';
    let lines = 0;
    // Every cell through csvCell: formulas neutralized, quotes and line breaks quoted; amounts (-120.00) stay numbers.
    const last = await this.lines.exportPage(filters, after, limit, (cells) => {
      csv += `${csvRow(cells)}\n`;
      lines += 1;
    });
    return { csv, lines, next: lines === limit ? last : null };
  }

  /** Each sale's line, keyed by sale id; sales not booked yet are absent. */
  async bySales(saleIds: string[]): Promise<Record<string, CommissionView>> {
    if (saleIds.length === 0) return {};
    const lines = await this.lines.saleLinesOf(saleIds);
    return Object.fromEntries(lines.map((l) => [l.sale_id as string, toCommissionView(l)]));
  }
}

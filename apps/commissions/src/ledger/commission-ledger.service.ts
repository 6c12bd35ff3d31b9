import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { Events, SALES_PER_EVENT, normalizeInvoiceNumber, slicesOf } from '@spiffworks/contracts';
import type {
  Actor, CommissionChangedPayload, CommissionStatus, CommissionView, EventEnvelope, MilestoneAchievedPayload, MilestoneReversedPayload, SaleLoggedPayload,
  SaleReturnedPayload,
} from '@spiffworks/contracts';
import { NotReadyYet } from '@spiffworks/messaging';
import type { Transaction } from '@spiffworks/runtime';
import { CommissionLine, toCommissionView } from './commission-line.entity';
import { CommissionLinesRepository } from './commission-lines.repository';
import type { BookedLine, BookingKey, NewCommissionLine } from './commission-lines.repository';
import { CommissionStatusChangesRepository } from './commission-status-changes.repository';
import { CLAWBACK_METHOD, calculateClawback } from './clawback-rules';
import { adjustmentColumnOf } from '../disputes/dispute-rules';
import { ROUNDING_RULE, calculateSaleCommission, saleBookingStatus } from '@spiffworks/commission-rules';

/**
 * Books the ledger from events: one line per sale (`sale.logged`), one per milestone reached, one
 * per return and one per milestone reversed; and, when a line is rejected, one reversal per
 * approved or paid clawback of it; and one per dispute resolved with an adjustment. A unique key makes a second booking of the same fact a no-op.
 *
 * A line that takes back another reads that line `FOR SHARE` (the rejection takes it `FOR UPDATE`
 * before settling its clawbacks): a booking and a rejection of the same original line are serialized,
 * so a clawback never ends up pending on a line rejected concurrently. A consumer batch takes the
 * originals of all its events first, in id order (`lockOriginals`), like a rejection does.
 */
@Injectable()
export class CommissionLedger {
  constructor(
    private readonly lines: CommissionLinesRepository,
    private readonly statusChanges: CommissionStatusChangesRepository,
  ) {}

  /**
   * The `BatchLock` of the events that take back a line (`sale.returned`, `milestone.reversed`):
   * their original lines, `FOR SHARE`, in one statement in id order — the order a batch of
   * rejections takes them in — rather than event by event in arrival order, which deadlocks
   * with a rejection of the same lines.
   */
  readonly lockOriginals = async (manager: EntityManager, envelopes: EventEnvelope[]): Promise<void> => {
    const saleIds = envelopes.filter((e) => e.type === Events.SaleReturned).map((e) => (e.payload as SaleReturnedPayload).sale_id);
    const achievementIds = envelopes.filter((e) => e.type === Events.MilestoneReversed).map((e) => (e.payload as MilestoneReversedPayload).achievement_id);
    if (saleIds.length + achievementIds.length === 0) return;
    await this.lines.shareOriginals(manager, saleIds, achievementIds);
  };

  async bookSale(tx: Transaction, sale: SaleLoggedPayload): Promise<CommissionView> {
    const line = await this.insertOnce(tx, { kind: 'sale', sale_id: sale.sale_id }, saleBookingStatus(sale), {}, saleLineOf(sale));
    return toCommissionView(line);
  }

  /**
   * `sales.logged`: each sale's line exactly as `bookSale` books it, all in one statement, their
   * history in another, and one `commissions.recorded` per up to SALES_PER_EVENT new lines. A sale
   * already booked (it came once through `sale.logged` too) is left as it stands.
   */
  async bookSales(tx: Transaction, sales: SaleLoggedPayload[]): Promise<void> {
    const booked = await this.lines.insertAllUnlessBooked(tx.manager, sales.map((sale) => ({ ...saleLineOf(sale), status: saleBookingStatus(sale), status_reason: null })));
    await this.statusChanges.recordAll(tx.manager, booked.map((line) => ({ commissionId: line.id, from: null, to: line.status, reason: null, changedBy: null })));
    for (const lines of slicesOf(booked, SALES_PER_EVENT)) tx.publish(Events.CommissionsRecorded, { lines: lines.map((line) => commissionChanged(line, null)) });
  }

  async bookReward(tx: Transaction, reward: MilestoneAchievedPayload): Promise<void> {
    await this.insertOnce(tx, { milestone_achievement_id: reward.achievement_id }, 'pending', {}, {
      kind: 'milestone_reward',
      partner_id: reward.partner_id,
      tier: null,
      sale_id: null,
      product_id: null,
      milestone_achievement_id: reward.achievement_id,
      return_id: null,
      reverses_line_id: null,
      sale_date: null,
      revenue: '0.00',
      commission_amount: '0.00',
      spiff_bonus: '0.00',
      reward_amount: reward.reward_amount,
      total_commission: reward.reward_amount,
      spiffs_applied: [],
      spiff_ids: reward.spiff_id ? [reward.spiff_id] : [],
      trace: {
        reward: { milestone: reward.milestone, metric: reward.metric, threshold: reward.threshold, reward_amount: reward.reward_amount },
        rounding: ROUNDING_RULE,
      },
    });
  }

  /**
   * A return books a clawback: a new pending line with the negative share of the sale's base and
   * bonuses (the original line is never edited, paid or not). Waits for the sale's own line.
   */
  async bookClawback(tx: Transaction, returned: SaleReturnedPayload): Promise<void> {
    const original = await this.lines.saleLineForShare(tx.manager, returned.sale_id); // FOR SHARE: see the class comment
    if (!original) throw new NotReadyYet(`sale ${returned.sale_id} is not booked yet`);
    const share = { sold: returned.sold_quantity, returnedBefore: returned.returned_before, returned: returned.quantity };
    const clawback = calculateClawback(original, share);
    // A rejected sale was never owed: its clawback is booked rejected too, so it can never be paid.
    const status = original.status === 'rejected' ? 'rejected' : 'pending';
    await this.insertOnce(tx, { return_id: returned.return_id }, status, { statusReason: rejectedWith(original) }, {
      kind: 'clawback',
      partner_id: original.partner_id,
      tier: original.tier,
      sale_id: original.sale_id,
      product_id: original.product_id,
      milestone_achievement_id: null,
      return_id: returned.return_id,
      reverses_line_id: null,
      sale_date: original.sale_date,
      revenue: `-${returned.revenue_returned}`,
      commission_amount: clawback.base.toFixed(2),
      spiff_bonus: clawback.bonus.toFixed(2),
      reward_amount: '0.00',
      total_commission: clawback.total.toFixed(2),
      spiffs_applied: clawback.bonuses.map((b) => ({ spiff_id: b.spiff_id, name: b.name, bonus: b.bonus.toFixed(2) })),
      spiff_ids: original.spiff_ids,
      trace: {
        clawback: { original_line_id: original.id, sold_quantity: share.sold, returned_before: share.returnedBefore, returned: share.returned, method: CLAWBACK_METHOD },
        rounding: ROUNDING_RULE,
      },
    });
  }

  /**
   * A return un-reached a milestone (`milestone.reversed`): a new pending line takes the reward
   * back — the amount of the reward's own line, negated. Waits for the reward's line. A rejected
   * reward was never owed: its clawback is booked rejected too.
   */
  async bookRewardClawback(tx: Transaction, reversed: MilestoneReversedPayload): Promise<void> {
    const reward = await this.lines.rewardLineForShare(tx.manager, reversed.achievement_id); // FOR SHARE: see the class comment
    if (!reward) throw new NotReadyYet(`the reward of milestone achievement ${reversed.achievement_id} is not booked yet`);
    const status = reward.status === 'rejected' ? 'rejected' : 'pending';
    const amount = negated(reward.reward_amount);
    await this.insertOnce(tx, { reverses_line_id: reward.id }, status, { statusReason: rejectedWith(reward) }, {
      kind: 'reward_clawback',
      partner_id: reward.partner_id,
      tier: null,
      sale_id: null,
      product_id: null,
      milestone_achievement_id: null,
      return_id: null,
      reverses_line_id: reward.id,
      sale_date: null,
      revenue: '0.00',
      commission_amount: '0.00',
      spiff_bonus: '0.00',
      reward_amount: amount,
      total_commission: amount,
      spiffs_applied: [],
      spiff_ids: reward.spiff_ids,
      trace: {
        reward_clawback: {
          original_line_id: reward.id, achievement_id: reversed.achievement_id, milestone: reversed.milestone, metric: reversed.metric,
          threshold: reversed.threshold, progress: reversed.progress, return_id: reversed.return_id, sale_id: reversed.sale_id,
        },
        rounding: REVERSAL_ROUNDING,
      },
    });
  }

  /**
   * The line a clawback took back from was rejected after the clawback was approved or paid: a new
   * pending line gives the clawback back, its exact negation, so that what the partner nets for
   * the rejected line is exactly zero (the clawback itself is never edited).
   */
  async bookClawbackReversal(tx: Transaction, clawback: CommissionLine, rejected: CommissionLine, actor: Actor): Promise<void> {
    const reason = `reverses ${clawback.kind.replace('_', ' ')} ${clawback.id} (${clawback.status}) because ${rejected.kind.replace('_', ' ')} line ${rejected.id} was rejected`;
    await this.insertOnce(tx, { reverses_line_id: clawback.id }, 'pending', { changedBy: actor.user_id, historyReason: reason }, {
      kind: 'clawback_reversal',
      partner_id: clawback.partner_id,
      tier: clawback.tier,
      sale_id: clawback.sale_id,
      product_id: clawback.product_id,
      milestone_achievement_id: null,
      return_id: null,
      reverses_line_id: clawback.id,
      sale_date: clawback.sale_date,
      revenue: negated(clawback.revenue),
      commission_amount: negated(clawback.commission_amount),
      spiff_bonus: negated(clawback.spiff_bonus),
      reward_amount: negated(clawback.reward_amount),
      total_commission: negated(clawback.total_commission),
      spiffs_applied: clawback.spiffs_applied.map((s) => ({ ...s, bonus: negated(s.bonus) })),
      spiff_ids: clawback.spiff_ids,
      trace: { reversal: { reversed_line_id: clawback.id, rejected_line_id: rejected.id, reason }, rounding: REVERSAL_ROUNDING },
    });
  }

  /**
   * A dispute resolved "adjusted": a new pending line of the partner for `amount` (positive or
   * negative), its trace naming the dispute, the disputed line, the reason and the answer. The
   * disputed line is never edited. On a line of a sale it adjusts the commission and names the
   * sale's product, date and tier (so analytics files it on that day); on a reward's, the reward.
   */
  async bookAdjustment(
    tx: Transaction,
    dispute: { id: string; reason: string },
    disputed: CommissionLine,
    resolution: { amount: string; answer: string },
    actor: Actor,
  ): Promise<CommissionLine> {
    const inCommission = adjustmentColumnOf(disputed) === 'commission_amount';
    const historyReason = `adjusts line ${disputed.id} by ${resolution.amount}, resolving dispute ${dispute.id}`;
    return this.insertOnce(tx, { dispute_id: dispute.id }, 'pending', { changedBy: actor.user_id, historyReason }, {
      kind: 'adjustment',
      partner_id: disputed.partner_id,
      tier: inCommission ? disputed.tier : null,
      sale_id: inCommission ? disputed.sale_id : null,
      product_id: inCommission ? disputed.product_id : null,
      milestone_achievement_id: null,
      return_id: null,
      reverses_line_id: null,
      dispute_id: dispute.id,
      sale_date: inCommission ? disputed.sale_date : null,
      revenue: '0.00',
      commission_amount: inCommission ? resolution.amount : '0.00',
      spiff_bonus: '0.00',
      reward_amount: inCommission ? '0.00' : resolution.amount,
      total_commission: resolution.amount,
      spiffs_applied: [],
      spiff_ids: disputed.spiff_ids,
      trace: {
        adjustment: { dispute_id: dispute.id, disputed_line_id: disputed.id, reason: dispute.reason, answer: resolution.answer, adjustment_amount: resolution.amount },
        rounding: 'none: the amount the admin gave, to the cent',
      },
    });
  }

  /** Inserts the line unless one with the same key exists; publishes `commission.recorded` once. */
  private async insertOnce(
    tx: Transaction,
    key: BookingKey,
    status: 'pending' | 'rejected' | 'awaiting_review',
    history: { statusReason?: string; historyReason?: string; changedBy?: string },
    fields: Omit<NewCommissionLine, 'status' | 'status_reason'>,
  ): Promise<CommissionLine> {
    const statusReason = status === 'rejected' ? (history.statusReason ?? null) : null;
    const line = await this.lines.insertUnlessBooked(tx.manager, { ...fields, status, status_reason: statusReason });
    if (!line) return this.lines.byBookingKey(tx.manager, key);
    await this.statusChanges.record(tx.manager, {
      commissionId: line.id, from: null, to: status, reason: history.historyReason ?? line.status_reason, changedBy: history.changedBy ?? null,
    });
    tx.publish(Events.CommissionRecorded, commissionChanged(line, null));
    return line;
  }
}

/** A reversal or a reward clawback copies amounts already rounded: it rounds nothing. */
const REVERSAL_ROUNDING = 'none: the exact negation of amounts already rounded to cents';

function negated(amount: string): string {
  return new Decimal(amount).negated().toFixed(2);
}

/** Why a line taking back from a rejected line is booked rejected too. */
function rejectedWith(original: CommissionLine): string {
  return original.kind === 'sale' ? "the sale's commission was rejected" : `the ${original.kind.replace('_', ' ')} ${original.id} was rejected`;
}

export function commissionChanged(line: BookedLine, previous: CommissionStatus | null): CommissionChangedPayload {
  return {
    commission_id: line.id,
    kind: line.kind,
    partner_id: line.partner_id,
    tier: line.tier,
    sale_id: line.sale_id,
    return_id: line.return_id,
    sale_date: line.sale_date,
    product_id: line.product_id,
    revenue: line.revenue,
    commission_amount: line.commission_amount,
    spiff_bonus: line.spiff_bonus,
    reward_amount: line.reward_amount,
    total_commission: line.total_commission,
    spiff_bonuses: line.spiffs_applied.map((s) => ({ spiff_id: s.spiff_id, bonus: s.bonus })),
    previous_status: previous,
    status: line.status,
  };
}

/** The ledger line of a sale: its base commission and spiff bonuses by the commission rules, with their trace. */
function saleLineOf(sale: SaleLoggedPayload): Omit<NewCommissionLine, 'status' | 'status_reason'> {
  const commission = calculateSaleCommission(sale);
  return {
    kind: 'sale',
    partner_id: sale.partner_id,
    tier: sale.tier,
    sale_id: sale.sale_id,
    product_id: sale.product_id,
    milestone_achievement_id: null,
    return_id: null,
    reverses_line_id: null,
    sale_date: sale.sale_date,
    invoice_number: sale.invoice_number,
    invoice_key: normalizeInvoiceNumber(sale.invoice_number),
    revenue: sale.revenue,
    commission_amount: commission.base.toFixed(2),
    spiff_bonus: commission.bonus.toFixed(2),
    reward_amount: '0.00',
    total_commission: commission.total.toFixed(2),
    spiffs_applied: commission.spiffsApplied.map((s) => ({ spiff_id: s.spiff_id, name: s.name, bonus: s.bonus.toFixed(2) })),
    spiff_ids: commission.spiffsApplied.map((s) => s.spiff_id),
    trace: commission.trace,
  };
}

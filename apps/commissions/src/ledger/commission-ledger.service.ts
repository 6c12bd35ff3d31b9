import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Events } from '@spiffworks/contracts';
import type { CommissionChangedPayload, CommissionStatus, CommissionView, MilestoneAchievedPayload, SaleLoggedPayload } from '@spiffworks/contracts';
import { Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { CommissionLine, toCommissionView } from './commission-line.entity';
import { ROUNDING_RULE, calculateSaleCommission } from './commission-rules';

/**
 * Books the ledger: one line per sale and one per milestone reached, whichever way the news
 * arrives first (the sale's RPC or its event); a unique key makes the second a no-op.
 */
@Injectable()
export class CommissionLedger {
  constructor(private readonly transactions: Transactions) {}

  /** The sale's line, booking it if this is the first time the ledger hears of the sale. */
  recordSale(sale: SaleLoggedPayload): Promise<CommissionView> {
    return this.transactions.run((tx) => this.bookSale(tx, sale));
  }

  async bookSale(tx: Transaction, sale: SaleLoggedPayload): Promise<CommissionView> {
    const commission = calculateSaleCommission(sale);
    const line = await this.insertOnce(tx, 'sale_id', {
      kind: 'sale',
      partner_id: sale.partner_id,
      sale_id: sale.sale_id,
      product_id: sale.product_id,
      milestone_achievement_id: null,
      sale_date: sale.sale_date,
      revenue: sale.revenue,
      commission_amount: commission.base.toFixed(2),
      spiff_bonus: commission.bonus.toFixed(2),
      reward_amount: '0.00',
      total_commission: commission.total.toFixed(2),
      spiffs_applied: commission.spiffsApplied.map((s) => ({ spiff_id: s.spiff_id, name: s.name, bonus: s.bonus.toFixed(2) })),
      spiff_ids: commission.spiffsApplied.map((s) => s.spiff_id),
      trace: commission.trace,
    });
    return toCommissionView(line);
  }

  async bookReward(tx: Transaction, reward: MilestoneAchievedPayload): Promise<void> {
    await this.insertOnce(tx, 'milestone_achievement_id', {
      kind: 'milestone_reward',
      partner_id: reward.partner_id,
      sale_id: null,
      product_id: null,
      milestone_achievement_id: reward.achievement_id,
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

  /** Inserts the line unless one with the same key exists; publishes `commission.recorded` once. */
  private async insertOnce(
    tx: Transaction,
    key: 'sale_id' | 'milestone_achievement_id',
    fields: Omit<CommissionLine, 'id' | 'status' | 'status_reason' | 'payout_reference' | 'created_at' | 'updated_at'>,
  ): Promise<CommissionLine> {
    const repo = tx.manager.getRepository(CommissionLine);
    const inserted = await repo
      .createQueryBuilder()
      .insert()
      .values({ ...fields, id: randomUUID(), status: 'pending', status_reason: null, payout_reference: null, created_at: () => 'now()', updated_at: () => 'now()' })
      .orIgnore()
      .returning('id')
      .execute();
    const line = await repo.findOneByOrFail({ [key]: fields[key] as string });
    if (inserted.raw.length > 0) {
      await recordStatusChange(tx.manager, line.id, null, 'pending', null, null);
      tx.publish(Events.CommissionRecorded, commissionChanged(line, null));
    }
    return line;
  }
}

export async function recordStatusChange(
  manager: EntityManager,
  commissionId: string,
  from: CommissionStatus | null,
  to: CommissionStatus,
  reason: string | null,
  changedBy: string | null,
): Promise<void> {
  await manager.query(
    'INSERT INTO commission_status_changes (commission_id, from_status, to_status, reason, changed_by) VALUES ($1, $2, $3, $4, $5)',
    [commissionId, from, to, reason, changedBy],
  );
}

export function commissionChanged(line: CommissionLine, previous: CommissionStatus | null): CommissionChangedPayload {
  return {
    commission_id: line.id,
    kind: line.kind,
    partner_id: line.partner_id,
    sale_id: line.sale_id,
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

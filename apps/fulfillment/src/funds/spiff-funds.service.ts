import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { ErrorCode, Events, todayUtc } from '@spiffworks/contracts';
import type { CommissionChangedPayload, LowerSpiffBudgetCommand, SpiffBudgetState, SpiffSnapshot } from '@spiffworks/contracts';
import { availableFor, returnedShare } from '@spiffworks/commission-rules';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber, numberToDecimal } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import type { EntityManager } from 'typeorm';
import { BURN_WINDOW_DAYS, forecastExhaustedOn } from './fund-forecast';
import { SpiffFundsRepository } from './spiff-funds.repository';
import type { FundGrant, FundRow, LockedFund } from './spiff-funds.repository';

const THRESHOLDS = [80, 100] as const;

/**
 * Spiff funds: a budgeted spiff's bonus is granted while its fund lasts, decided in the sale's
 * transaction under the fund's row lock (so no two sales, on any replica, spend the same remainder);
 * returns and rejected lines give their bonus back; a fund is lowered never below what is committed.
 * Lock order, everywhere: the sale (returns), the assignments, the funds by spiff id, the partners'
 * rows by (spiff, partner).
 */
@Injectable()
export class SpiffFundsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly funds: SpiffFundsRepository,
  ) {}

  /** A spiff snapshot's budget, unless a newer version is here already; a spiff without one has no fund. */
  async applyTerms(manager: EntityManager, spiff: SpiffSnapshot): Promise<void> {
    if (spiff.budget_amount === null || spiff.budget_amount === undefined) return;
    const cap = spiff.per_partner_cap === null || spiff.per_partner_cap === undefined ? null : numberToDecimal(spiff.per_partner_cap);
    await this.funds.applyTerms(manager, spiff.id, numberToDecimal(spiff.budget_amount), cap, spiff.budget_version ?? 0);
    if (cap !== null) await this.funds.countPartnersFromGrants(manager, spiff.id);
  }

  lockForSales(tx: Transaction, spiffIds: string[], partnerIds: string[]): Promise<Map<string, LockedFund>> {
    return this.funds.lockForSales(tx.manager, [...new Set(spiffIds)].sort(), [...new Set(partnerIds)].sort());
  }

  /** Adds the accepted sales' grants to their (locked) funds and announces the thresholds they reach. */
  async commitGrants(tx: Transaction, grants: FundGrant[], at: Date): Promise<void> {
    const drawn = grants.filter((g) => new Decimal(g.granted).greaterThan(0));
    if (drawn.length === 0) return;
    await this.announceThresholds(tx, await this.funds.commit(tx.manager, drawn), at);
  }

  /** A return gives the fund the bonus share the ledger's clawback takes from the line. */
  async giveBackReturn(tx: Transaction, saleId: string, share: { sold: number; returnedBefore: number; returned: number }): Promise<void> {
    const grants = await this.funds.lockStandingGrants(tx.manager, saleId);
    const backs = grants.map((g) => ({ ...g, amount: returnedShare(g.granted, share) })).filter((g) => g.amount.greaterThan(0));
    if (backs.length === 0) return;
    await this.lockForSales(tx, backs.map((b) => b.spiff_id), backs.map((b) => b.partner_id));
    await this.funds.addGivenBack(tx.manager, saleId, backs.map((b) => ({ spiff_id: b.spiff_id, amount: b.amount.toFixed(2) })));
    await this.funds.move(tx.manager, backs.map((b) => ({ spiff_id: b.spiff_id, partner_id: b.partner_id, amount: b.amount.negated().toFixed(2) })));
  }

  /**
   * `commission.rejected` of a sale's line: what the sale still holds of each fund (granted less
   * what returns gave back) goes back, once (the grant is marked released; the inbox makes a
   * redelivery a no-op too). Other lines hold no fund. A clawback is rejected only with its sale's
   * line, so it neither gives nor takes: its return gave its share back already, and this release
   * gives the rest — the whole grant, once (docs/money-and-lifecycle.md, spiff budgets).
   */
  async releaseRejected(tx: Transaction, line: CommissionChangedPayload): Promise<void> {
    if (line.kind !== 'sale' || !line.sale_id) return;
    const grants = await this.funds.lockStandingGrants(tx.manager, line.sale_id);
    const backs = grants.map((g) => ({ ...g, amount: new Decimal(g.granted).minus(g.given_back) })).filter((g) => g.amount.greaterThan(0));
    if (backs.length) {
      await this.lockForSales(tx, backs.map((b) => b.spiff_id), backs.map((b) => b.partner_id));
      await this.funds.move(tx.manager, backs.map((b) => ({ spiff_id: b.spiff_id, partner_id: b.partner_id, amount: b.amount.negated().toFixed(2) })));
    }
    if (grants.length) await this.funds.release(tx.manager, line.sale_id, new Date());
  }

  /**
   * Lowers a fund (or its cap) at once under its row lock: refused with BUDGET_BELOW_COMMITTED,
   * changing nothing, when sales committed more than the new amount (or one partner more than the
   * new cap). The spiff's `spiff.updated` then carries the same version and changes nothing more.
   */
  lower(command: LowerSpiffBudgetCommand): Promise<SpiffBudgetState> {
    return this.transactions.run(async (tx) => {
      const fund = await this.funds.lockOne(tx.manager, command.spiff_id);
      const committed = fund?.committed ?? '0';
      if (new Decimal(command.amount).lessThan(committed)) {
        throw new ServiceFailure(ErrorCode.BUDGET_BELOW_COMMITTED, `budget_amount ${command.amount} is below the ${new Decimal(committed).toFixed(2)} already committed`, [
          { field: 'budget_amount', reason: `must not be below the ${new Decimal(committed).toFixed(2)} already committed` },
        ]);
      }
      if (fund && command.per_partner_cap !== null) {
        await this.funds.countPartnersFromGrants(tx.manager, command.spiff_id);
        const largest = await this.funds.largestPartnerCommitted(tx.manager, command.spiff_id);
        if (new Decimal(command.per_partner_cap).lessThan(largest)) {
          throw new ServiceFailure(ErrorCode.BUDGET_BELOW_COMMITTED, `per_partner_cap ${command.per_partner_cap} is below the ${new Decimal(largest).toFixed(2)} one partner already committed`, [
            { field: 'per_partner_cap', reason: `must not be below the ${new Decimal(largest).toFixed(2)} one partner already committed` },
          ]);
        }
      }
      await this.funds.setBudget(tx.manager, command.spiff_id, command.amount, command.per_partner_cap, command.budget_version);
      const row = await this.funds.lockOne(tx.manager, command.spiff_id);
      return stateOf({ ...(row as FundRow), burned: '0' });
    });
  }

  /** The funds of these spiffs, each with its forecast; a spiff without a fund is absent. */
  async states(spiffIds: string[]): Promise<Record<string, SpiffBudgetState>> {
    if (spiffIds.length === 0) return {};
    const since = new Date(Date.now() - BURN_WINDOW_DAYS * 86_400_000);
    const rows = await this.funds.states(spiffIds, since);
    return Object.fromEntries(rows.map((row) => [row.spiff_id, stateOf(row)]));
  }

  /** Per budgeted spiff, what the partner can still draw (see `Opportunity.spiff.fund`). */
  async forPartner(spiffIds: string[], partnerId: string): Promise<Map<string, { remaining: number; exhausted: boolean }>> {
    if (spiffIds.length === 0) return new Map();
    const rows = await this.funds.forPartner(spiffIds, partnerId);
    return new Map(rows.map((row) => {
      const left = availableFor({ spiff: row.remaining, partner: row.partner_remaining }).available;
      return [row.spiff_id, { remaining: decimalToNumber(left), exhausted: new Decimal(left).lessThanOrEqualTo(0) }];
    }));
  }

  private async announceThresholds(tx: Transaction, funds: FundRow[], at: Date): Promise<void> {
    for (const fund of funds) {
      for (const threshold of THRESHOLDS) {
        const line = new Decimal(fund.amount).times(threshold).dividedBy(100);
        if (new Decimal(fund.committed).lessThan(line)) continue;
        if (!(await this.funds.markThreshold(tx.manager, fund.spiff_id, threshold, at))) continue;
        tx.publish(Events.SpiffBudgetThreshold, { spiff_id: fund.spiff_id, threshold, amount: fund.amount, committed: fund.committed, reached_at: at.toISOString() });
      }
    }
  }
}

function stateOf(row: FundRow & { burned: string }): SpiffBudgetState {
  const remaining = Decimal.max(0, new Decimal(row.amount).minus(row.committed));
  return {
    amount: decimalToNumber(row.amount),
    per_partner_cap: row.per_partner_cap === null ? null : decimalToNumber(row.per_partner_cap),
    committed: decimalToNumber(row.committed),
    remaining: decimalToNumber(remaining.toFixed(2)),
    forecast_exhausted_on: forecastExhaustedOn(remaining, row.burned, todayUtc(), row.reached_100_at ? new Date(row.reached_100_at) : null),
  };
}

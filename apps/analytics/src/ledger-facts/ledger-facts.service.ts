import Decimal from 'decimal.js';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  CommissionChangedPayload, CommissionStatus, MilestoneAchievedPayload, MilestoneReversedPayload, SaleLoggedPayload, SaleReturnedPayload,
} from '@spiffworks/contracts';
import { NotReadyYet } from '@spiffworks/messaging';
import { AggregateIncrements } from '../read-models/increments';
import type { Increment } from '../read-models/increments';
import { LedgerLinesRepository } from './ledger-lines.repository';
import { isZero, lineDelta, supersedes } from './line-delta';
import type { LineFigures } from './line-delta';
import { SaleFactsRepository } from './sale-facts.repository';
import type { SaleKey } from './sale-facts.repository';

/**
 * Turns sales, ledger lines and milestones into the aggregates. Every write is an additive
 * upsert, held until the transaction commits and then written table by table in one order
 * (partner, daily, spiff, platform; rows in key order), so concurrent consumers queue on rows
 * instead of deadlocking — see `AggregateIncrements`.
 *
 * A sale adds its count and revenue, each of its ledger lines its commission: neither waits for
 * nor reads the other, as a line names the day, partner, product and tier it counts toward.
 */
@Injectable()
export class LedgerFactsService {
  private linesMayWait = true;
  private salesSinceWaitingCheck = 0;

  constructor(
    private readonly sales: SaleFactsRepository,
    private readonly lines: LedgerLinesRepository,
    private readonly aggregates: AggregateIncrements,
  ) {}

  /** `sale.logged`: counted once per sale id. */
  async recordSale(manager: EntityManager, sale: SaleLoggedPayload): Promise<void> {
    if (await this.sales.recordOnce(manager, sale)) this.countSale(manager, sale, await this.commissionWaitingFor(manager, sale.sale_id));
  }

  /** `sales.logged`: each sale as `recordSale` counts it, the new ones found in one statement. */
  async recordSales(manager: EntityManager, sales: SaleLoggedPayload[]): Promise<void> {
    const recorded = await this.sales.recordAllOnce(manager, sales);
    for (const sale of sales) {
      if (recorded.has(sale.sale_id)) this.countSale(manager, sale, await this.commissionWaitingFor(manager, sale.sale_id));
    }
  }

  /** Adds a new sale to the aggregates, with the commission of lines that waited for it (`commissionWaitingFor`). */
  private countSale(manager: EntityManager, sale: SaleLoggedPayload, commission: string | null): void {
    this.aggregates.addTo(manager, 'partner_summaries', { partner_id: sale.partner_id }, { sales_count: 1, revenue: sale.revenue });
    // The sale names the partner too; a partner snapshot (version > 0) stays the authority.
    this.aggregates.nameIfUnnamed(manager, sale.partner_id, sale.partner_name);
    this.addToDaily(manager, { ...saleKey(sale), sale_date: sale.sale_date }, { sales: 1, revenue: sale.revenue, ...(commission && { commission }) });
    this.aggregates.addTo(manager, 'platform_totals', { id: 1 }, { total_sales: 1, total_revenue: sale.revenue });
  }

  /**
   * Every `commission.*` event carries the whole line after the change. Analytics keeps the
   * latest state (a status never goes back), and applies the difference to the aggregates.
   */
  async recordCommission(manager: EntityManager, line: CommissionChangedPayload): Promise<void> {
    const day = await this.dayOf(manager, line);
    let before: LineFigures | null = null;
    let filesDaily = true;
    if (!(await this.lines.insertOnce(manager, line))) {
      const held = await this.lines.heldForUpdate(manager, line.commission_id);
      if (!supersedes(line.status, held.status as CommissionStatus)) return;
      before = held;
      filesDaily = held.filed_daily; // a line its sale will file: the sale files its state as it is then
      await this.lines.replace(manager, line);
    }
    this.fileChange(manager, line, day, before, filesDaily);
  }

  /**
   * `commissions.recorded`: each line as `recordCommission` files it, the new ones inserted in one
   * statement; a line analytics holds already takes the one-by-one path.
   */
  async recordCommissions(manager: EntityManager, lines: CommissionChangedPayload[]): Promise<void> {
    const days: Array<SaleKey | null> = [];
    for (const line of lines) days.push(await this.dayOf(manager, line));
    const inserted = await this.lines.insertAllOnce(manager, lines);
    for (const [i, line] of lines.entries()) {
      if (inserted.has(line.commission_id)) this.fileChange(manager, line, days[i], null, true);
      else await this.recordCommission(manager, line);
    }
  }

  /** Applies the difference a line's change makes to the aggregates. */
  private fileChange(manager: EntityManager, line: CommissionChangedPayload, day: SaleKey | null, before: LineFigures | null, filesDaily: boolean): void {
    const after: LineFigures = {
      kind: line.kind,
      status: line.status,
      revenue: line.revenue,
      commission_amount: line.commission_amount,
      spiff_bonus: line.spiff_bonus,
      total_commission: line.total_commission,
      spiff_bonuses: line.spiff_bonuses,
    };
    const delta = lineDelta(before, after);

    this.aggregates.addTo(manager, 'partner_summaries', { partner_id: line.partner_id }, {
      pending_commission: delta.pending,
      approved_commission: delta.approved,
      paid_commission: delta.paid,
      base_commission: delta.base,
      spiff_bonus: delta.bonus,
      milestone_rewards: delta.reward,
    });
    if (day && filesDaily && !isZero(delta.commission)) this.addToDaily(manager, day, { commission: delta.commission });
    if (line.sale_date && line.product_id) {
      for (const spiff of delta.spiffs) {
        const counts = { sales: spiff.sales, revenue: spiff.revenue, bonus: spiff.bonus };
        this.aggregates.addTo(manager, 'daily_spiff_facts', {
          spiff_id: spiff.spiff_id, day: line.sale_date, partner_id: line.partner_id, product_id: line.product_id,
        }, counts);
        this.aggregates.addTo(manager, 'daily_spiff_totals', { spiff_id: spiff.spiff_id, day: line.sale_date }, counts);
        this.aggregates.addTo(manager, 'spiff_partners', { spiff_id: spiff.spiff_id, partner_id: line.partner_id }, counts);
      }
    }
    if (!isZero(delta.commission)) {
      this.aggregates.addTo(manager, 'platform_totals', { id: 1 }, { total_commission: delta.commission });
    }
  }

  /**
   * Files the commission of lines that were waiting for this sale: lines recorded before lines
   * named their daily facts themselves. Such lines only exist right after an upgrade (nothing
   * makes new ones): once a check (every 1,000 sales) finds none left, no sale looks again.
   */
  private commissionWaitingFor(manager: EntityManager, saleId: string): Promise<string | null> | null {
    // Nothing waits once a check found nothing: answered without a statement (or a promise) per sale.
    return this.linesMayWait ? this.fileLinesWaitingFor(manager, saleId) : null;
  }

  private async fileLinesWaitingFor(manager: EntityManager, saleId: string): Promise<string | null> {
    if (this.salesSinceWaitingCheck++ % 1000 === 0) {
      const waiting = await this.lines.anyWaitingForSale(manager);
      this.linesMayWait = waiting;
      if (!waiting) return null;
    }
    const filed = await this.lines.fileWaitingFor(manager, saleId);
    const counted = filed.filter((l) => l.status !== 'rejected');
    return counted.length ? counted.reduce((sum, l) => sum.plus(l.commission), new Decimal(0)).toFixed(2) : null;
  }

  /** `sale.returned`: revenue counts net of returns, on the sale's own date; the sale still counts. */
  async recordReturn(manager: EntityManager, returned: SaleReturnedPayload): Promise<void> {
    const sale = await this.sales.keyOf(manager, returned.sale_id);
    if (!sale) throw new NotReadyYet(`sale ${returned.sale_id} is not recorded yet`);
    const revenue = `-${returned.revenue_returned}`;
    this.aggregates.addTo(manager, 'partner_summaries', { partner_id: sale.partner_id }, { revenue });
    this.addToDaily(manager, sale, { revenue });
    this.aggregates.addTo(manager, 'platform_totals', { id: 1 }, { total_revenue: revenue });
  }

  /**
   * `milestone.achieved` counts the milestone; the reward's money comes from its ledger line
   * (see recordCommission), so a rejected reward leaves `milestone_rewards` like it leaves the ledger.
   */
  async recordMilestone(manager: EntityManager, achievement: MilestoneAchievedPayload): Promise<void> {
    this.aggregates.addTo(manager, 'partner_summaries', { partner_id: achievement.partner_id }, { milestones_achieved: 1 });
  }

  /**
   * `milestone.reversed`: the milestone no longer counts as achieved (reaching it again counts it
   * again); its reward clawback line takes the money back like the ledger does.
   */
  async recordMilestoneReversal(manager: EntityManager, reversal: MilestoneReversedPayload): Promise<void> {
    this.aggregates.addTo(manager, 'partner_summaries', { partner_id: reversal.partner_id }, { milestones_achieved: -1 });
  }


  /**
   * The daily facts of a sale's date: per partner, product and tier, and the rollups the time
   * series read when filtered by tier or product alone, or not at all. Always in this order.
   */
  private addToDaily(manager: EntityManager, sale: SaleKey, counts: Partial<Record<'sales' | 'revenue' | 'commission', Increment>>): void {
    const day = sale.sale_date;
    this.aggregates.addTo(manager, 'daily_facts', { partner_id: sale.partner_id, product_id: sale.product_id, tier: sale.tier, day }, counts);
    this.aggregates.addTo(manager, 'daily_tier_facts', { tier: sale.tier, day }, counts);
    this.aggregates.addTo(manager, 'daily_platform_facts', { day }, counts);
    this.aggregates.addTo(manager, 'daily_product_facts', { product_id: sale.product_id, day }, counts);
  }

  /**
   * The daily facts a line adds its commission to: none for a line of no sale; those the line names
   * itself (`dailyKeyNamed`: no statement, as for every line the ledger writes now); else its sale's.
   */
  private dayOf(manager: EntityManager, line: CommissionChangedPayload): SaleKey | null | Promise<SaleKey> {
    if (!line.sale_id) return null;
    return dailyKeyNamed(line) ?? this.dailyKeyOfSale(manager, line);
  }

  /** The daily facts of an old line that does not name them itself: its sale's, once analytics holds the sale. */
  private async dailyKeyOfSale(manager: EntityManager, line: CommissionChangedPayload): Promise<SaleKey> {
    const sale = await this.sales.keyOf(manager, line.sale_id as string);
    if (!sale) throw new NotReadyYet(`sale ${line.sale_id} of commission line ${line.commission_id} is not recorded yet`);
    return sale;
  }
}

/**
 * The daily facts a sale's line adds its commission to, as the line names them (partner, product,
 * date, and the tier at the sale); null for a line from before lines carried the tier, which
 * waits for its sale (`dailyKeyOf`).
 */
function dailyKeyNamed(line: CommissionChangedPayload): SaleKey | null {
  if (!line.tier || !line.product_id || !line.sale_date) return null;
  return { partner_id: line.partner_id, product_id: line.product_id, tier: line.tier, sale_date: line.sale_date };
}

function saleKey(sale: SaleLoggedPayload): Omit<SaleKey, 'sale_date'> {
  return { partner_id: sale.partner_id, product_id: sale.product_id, tier: sale.tier };
}

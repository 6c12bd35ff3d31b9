import { ErrorCode } from '@spiffworks/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SpiffAnalyticsView, SpiffSnapshot } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber } from '@spiffworks/persistence';
import { SpiffSummariesRepository } from './spiff-summaries.repository';

@Injectable()
export class SpiffAnalyticsService {
  constructor(private readonly spiffs: SpiffSummariesRepository) {}

  /**
   * `spiff.created`, `.updated`, `.cancelled`: the spiff's terms; its counters may already have
   * arrived. A spiff only grows until it is cancelled for good, so snapshots merge in any order.
   */
  async recordSpiff(manager: EntityManager, spiff: SpiffSnapshot): Promise<void> {
    await this.spiffs.recordSnapshot(manager, spiff);
  }

  /**
   * What a spiff did. Reads the spiff's row, its partners' rows, and the daily revenue of its
   * products over twice its period: the cost grows with days × products and partners, never
   * with the number of sales. The lift is rounded half-up to 2 decimals; null when nothing sold before.
   */
  async spiff(spiffId: string): Promise<SpiffAnalyticsView> {
    const [row, burnDown] = await Promise.all([this.spiffs.performanceOf(spiffId), this.spiffs.burnDownOf(spiffId)]);
    if (!row) throw ServiceFailure.notFound(ErrorCode.SPIFF_NOT_FOUND, 'spiff', spiffId);
    return {
      spiff_id: row.spiff_id,
      name: row.name,
      start_date: row.start_date,
      end_date: row.end_date,
      sales: Number(row.sales),
      revenue: decimalToNumber(row.revenue),
      bonus_cost: decimalToNumber(row.bonus_cost),
      partners_assigned: row.partners_assigned,
      partners_sold: Number(row.partners_sold),
      revenue_during: decimalToNumber(row.revenue_during),
      revenue_before: decimalToNumber(row.revenue_before),
      revenue_lift_percent: row.revenue_lift_percent === null ? null : decimalToNumber(row.revenue_lift_percent),
      open_disputes: row.open_disputes,
      adjustments: row.adjustments,
      adjustment_amount: decimalToNumber(row.adjustment_amount),
      burn_down: burnDown.map((d) => ({ day: d.day, bonus: decimalToNumber(d.bonus), cumulative: decimalToNumber(d.cumulative) })),
    };
  }
}

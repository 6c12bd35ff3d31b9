import { Injectable } from '@nestjs/common';
import { PARTNER_TIERS, TIMESERIES_INTERVALS, TIMESERIES_METRICS, isCalendarDate } from '@spiffworks/contracts';
import type { FieldError, OverviewView, TimeseriesQuery, TimeseriesView } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber } from '@spiffworks/persistence';
import { PartnerSummariesRepository } from '../partner-metrics/partner-summaries.repository';
import { bucketStarts, rangeErrors } from './buckets';
import { DailyFactsRepository } from './daily-facts.repository';
import { PlatformTotalsRepository } from './platform-totals.repository';

@Injectable()
export class PlatformAnalyticsService {
  constructor(
    private readonly platform: PlatformTotalsRepository,
    private readonly partners: PartnerSummariesRepository,
    private readonly dailyFacts: DailyFactsRepository,
  ) {}

  /** Platform totals and the top 5 partners by revenue: two reads of precomputed rows. */
  async overview(): Promise<OverviewView> {
    const [totals, top] = await Promise.all([this.platform.totals(), this.partners.topFiveByRevenue()]);
    return {
      overview: {
        total_assignments: Number(totals.total_assignments),
        active_assignments: Number(totals.active_assignments),
        total_sales: Number(totals.total_sales),
        total_revenue: decimalToNumber(totals.total_revenue),
        total_commission: decimalToNumber(totals.total_commission),
      },
      top_partners: top.map((p) => ({
        partner_id: p.partner_id,
        partner_name: p.partner_name,
        sales_count: Number(p.sales_count),
        revenue: decimalToNumber(p.revenue),
        commission: decimalToNumber(p.commission),
      })),
    };
  }

  /**
   * One point per bucket of [from, to] (empty buckets as 0), by sale date, summed from daily rows
   * (see `DailyFactsRepository`). The spiff filter counts the sales on which the spiff paid a bonus;
   * it can narrow by partner and product but carries no tier.
   */
  async timeseries(query: TimeseriesQuery): Promise<TimeseriesView> {
    const errors = validate(query);
    if (errors.length) throw ServiceFailure.invalid(errors);
    const byPeriod = await this.dailyFacts.sumsByPeriod(query);
    return {
      metric: query.metric,
      interval: query.interval,
      from: query.from,
      to: query.to,
      points: bucketStarts(query.from, query.to, query.interval).map((period) => ({
        period,
        value: decimalToNumber(byPeriod.get(period) ?? '0'),
      })),
    };
  }
}

/** The gateway validates too; this keeps the service safe for any caller. */
function validate(query: TimeseriesQuery): FieldError[] {
  const errors: FieldError[] = [];
  if (!(TIMESERIES_METRICS as readonly string[]).includes(query.metric)) {
    errors.push({ field: 'metric', reason: `must be one of ${TIMESERIES_METRICS.join(', ')}` });
  }
  if (!(TIMESERIES_INTERVALS as readonly string[]).includes(query.interval)) {
    errors.push({ field: 'interval', reason: `must be one of ${TIMESERIES_INTERVALS.join(', ')}` });
  }
  if (!isCalendarDate(query.from)) errors.push({ field: 'from', reason: 'must be a real date written YYYY-MM-DD' });
  if (!isCalendarDate(query.to)) errors.push({ field: 'to', reason: 'must be a real date written YYYY-MM-DD' });
  if (query.tier !== undefined && !(PARTNER_TIERS as readonly string[]).includes(query.tier)) {
    errors.push({ field: 'tier', reason: `must be one of ${PARTNER_TIERS.join(', ')}` });
  }
  if (query.tier !== undefined && query.spiff_id !== undefined) {
    errors.push({ field: 'tier', reason: 'cannot be combined with spiff_id' });
  }
  if (errors.length === 0) errors.push(...rangeErrors(query.from, query.to));
  return errors;
}

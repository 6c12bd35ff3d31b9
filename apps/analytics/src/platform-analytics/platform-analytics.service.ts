import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PARTNER_TIERS, TIMESERIES_INTERVALS, TIMESERIES_METRICS, isCalendarDate } from '@spiffworks/contracts';
import type { FieldError, OverviewView, TimeseriesQuery, TimeseriesView } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber } from '@spiffworks/persistence';
import { bucketStarts, rangeErrors } from './buckets';

const FILTERS = ['partner_id', 'tier', 'product_id', 'spiff_id'] as const;
type Filter = (typeof FILTERS)[number];

const SALES = { sales: 'sales', revenue: 'revenue', commission: 'commission' } as const;
// Under the spiff filter, "commission" is what the spiff paid: its bonus on those sales.
const SPIFF_SALES = { sales: 'sales', revenue: 'revenue', commission: 'bonus' } as const;

/**
 * Where a time series reads from: the first table whose columns take every filter asked for
 * (spiff tables exactly when a spiff is), so a series filtered by one thing, or by nothing, reads
 * one row per day. Never built from input.
 */
const SOURCES: ReadonlyArray<{ table: string; filters: readonly Filter[]; metric: Record<TimeseriesQuery['metric'], string> }> = [
  { table: 'daily_platform_facts', filters: [], metric: SALES },
  { table: 'daily_tier_facts', filters: ['tier'], metric: SALES },
  { table: 'daily_product_facts', filters: ['product_id'], metric: SALES },
  { table: 'daily_facts', filters: ['partner_id', 'tier', 'product_id'], metric: SALES },
  { table: 'daily_spiff_totals', filters: ['spiff_id'], metric: SPIFF_SALES },
  { table: 'daily_spiff_facts', filters: ['spiff_id', 'partner_id', 'product_id'], metric: SPIFF_SALES },
];

@Injectable()
export class PlatformAnalyticsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Platform totals and the top 5 partners by revenue: two reads of precomputed rows. */
  async overview(): Promise<OverviewView> {
    const [[totals], top] = await Promise.all([
      this.dataSource.query(
        'SELECT total_assignments, active_assignments, total_sales, total_revenue, total_commission FROM platform_totals WHERE id = 1',
      ) as Promise<Array<Record<string, string>>>,
      this.dataSource.query(
        `SELECT partner_id, partner_name, sales_count, revenue, base_commission + spiff_bonus AS commission
         FROM partner_summaries WHERE sales_count > 0 ORDER BY revenue DESC, partner_id LIMIT 5`,
      ) as Promise<Array<Record<string, string>>>,
    ]);
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
   * (see SOURCES). The spiff filter counts the sales on which the spiff paid a bonus; it can
   * narrow by partner and product but carries no tier.
   */
  async timeseries(query: TimeseriesQuery): Promise<TimeseriesView> {
    const errors = validate(query);
    if (errors.length) throw ServiceFailure.invalid(errors);
    const asked = FILTERS.filter((filter) => query[filter] !== undefined);
    const source = SOURCES.find((s) => asked.every((f) => s.filters.includes(f)) && asked.includes('spiff_id') === s.filters.includes('spiff_id'))!;
    const params: unknown[] = [query.interval, query.from, query.to];
    const where = ['day BETWEEN $2 AND $3'];
    for (const filter of asked) {
      params.push(query[filter]);
      where.push(`${filter} = $${params.length}`);
    }
    const rows: Array<{ period: string; value: string }> = await this.dataSource.query(
      `SELECT date_trunc($1, day::timestamp)::date AS period, sum(${source.metric[query.metric]}) AS value
       FROM ${source.table} WHERE ${where.join(' AND ')} GROUP BY 1`,
      params,
    );
    const byPeriod = new Map(rows.map((r) => [r.period, r.value]));
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

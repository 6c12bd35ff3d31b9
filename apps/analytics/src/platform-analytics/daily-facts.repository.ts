import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TimeseriesQuery } from '@spiffworks/contracts';

const SERIES_FILTERS = ['partner_id', 'tier', 'product_id', 'spiff_id'] as const;
type Filter = (typeof SERIES_FILTERS)[number];

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

/**
 * Reads the daily rollups (`daily_facts`, `daily_tier_facts`, `daily_platform_facts`,
 * `daily_product_facts`, `daily_spiff_facts`, `daily_spiff_totals`): one row per day and key, each
 * table keyed for the filters a series may take. The events add to them through `AggregateIncrements`.
 */
@Injectable()
export class DailyFactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The metric summed per bucket of [from, to] that has rows (bucket start → decimal string), by
   * sale date, from the one table that takes the query's filters (see SOURCES).
   */
  async sumsByPeriod(query: TimeseriesQuery): Promise<Map<string, string>> {
    const asked = SERIES_FILTERS.filter((filter) => query[filter] !== undefined);
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
    return new Map(rows.map((r) => [r.period, r.value]));
  }
}

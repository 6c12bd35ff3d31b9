/**
 * Scenario 4: analytics queries through the gateway at two sizes of the read models.
 *
 * Seeded directly in SQL (analytics-seed.ts), because a million sales through the real sale path
 * would take hours here and this scenario measures reads, not writes. For each seeded sale it
 * writes what analytics' consumers write for `sale.logged` plus its ledger line's
 * `commission.recorded` (and `.approved` / `.paid`: lines over 30 days old are approved, over 60
 * paid), all in one transaction per chunk so totals always equal sums:
 * - `sales` and `commission_lines` (one row each per sale; base = revenue × 10/10/12/15 % by tier;
 *   sales of the spiff's products in its period carry a $25/unit bonus in `spiff_bonuses`);
 * - `partner_summaries` (counts, revenue, base, bonus, per-status commission), `daily_facts`,
 *   `daily_tier_facts`, `daily_platform_facts`, `daily_product_facts`, `daily_spiff_facts`,
 *   `daily_spiff_totals`, `spiff_partners` and `platform_totals`, added to as the consumers'
 *   upserts would.
 * Once per database it also writes what earlier events would have: one spiff on 5 of 20 synthetic
 * products, from 120 days ago to 30 days ahead (`spiff.created`), assigned to every approved
 * partner the bench seeded (`assignment.created`). Sales fall over the last 365 days, spread over
 * those partners with a skew (a few sell a lot).
 * None of it exists outside analytics' database: other services know nothing of these sales.
 */
import type { BenchPlatform } from '../bench-platform';
import { benchDb } from '../bench-db';
import type { BenchOptions } from '../options';
import { Progress, forEachLimited } from '../progress';
import { atMost } from '../report';
import type { GoalCheck } from '../report';
import { since, summarize } from '../stats';
import type { LatencySummary } from '../stats';
import { ANALYTICS_BENCH_SPIFF, SEEDED_PRODUCTS, seedAnalyticsSales, seededProductId } from './analytics-seed';

export type AnalyticsScenarioOptions = Pick<BenchOptions, 'analyticsSales' | 'partners' | 'queryRounds'>;

export interface AnalyticsSizeResult {
  sales: number;
  seeded_sales: number;
  seed_ms: number;
  queries: Record<string, LatencySummary>;
}

export interface AnalyticsScenarioResult {
  partners: number;
  concurrency: number;
  rounds: number;
  sizes: AnalyticsSizeResult[];
}

const IN_FLIGHT = 4;
const WARM_UP = 50;
const P95_GOAL_MS = 20;
const GROWTH_GOAL = 1.5;

/** What an analyst asks; each call picks its own partner or product where the query names one. */
interface Sample {
  partnerIds: string[];
  productIds: string[];
  spiffId: string;
}

const QUERIES: Record<string, (s: Sample) => string> = {
  overview: () => '/api/analytics/overview',
  partner: (s) => `/api/analytics/partners/${pick(s.partnerIds)}`,
  timeseries_90d_by_day: () => series('revenue', 'day', 89),
  timeseries_partner_90d: (s) => `${series('revenue', 'day', 89)}&partner_id=${pick(s.partnerIds)}`,
  timeseries_tier_90d: () => `${series('commission', 'day', 89)}&tier=gold`,
  timeseries_product_year_by_week: (s) => `${series('revenue', 'week', 364)}&product_id=${pick(s.productIds)}`,
  timeseries_spiff_by_week: (s) => `${series('sales', 'week', 120)}&spiff_id=${s.spiffId}`,
};

/**
 * Brings the read models to each of `analyticsSales` in turn (it only ever adds sales) and times
 * every query `queryRounds` times, `IN_FLIGHT` at a time, after a short warm-up, over the approved
 * partners the bench seeded.
 */
export async function analyticsScenario(bench: BenchPlatform, options: AnalyticsScenarioOptions): Promise<AnalyticsScenarioResult> {
  const db = benchDb(bench.config, 'analytics');
  const sizes: AnalyticsSizeResult[] = [];
  try {
    for (const target of options.analyticsSales) {
      const start = performance.now();
      const seeded = await seedAnalyticsSales(db, target);
      const seedMs = Math.round(since(start));
      const { rows: partners } = await db.query('SELECT partner_id FROM partner_summaries WHERE sales_count > 0 ORDER BY random() LIMIT 1000');
      const { rows: products } = await db.query(`SELECT ${seededProductId('n')} AS id FROM generate_series(0, ${SEEDED_PRODUCTS - 1}) n`);
      const { rows: spiff } = await db.query(`SELECT ${ANALYTICS_BENCH_SPIFF} AS id`);
      const sample = { partnerIds: partners.map((r) => r.partner_id), productIds: products.map((r) => r.id), spiffId: spiff[0].id };
      const queries: Record<string, LatencySummary> = {};
      for (const [name, path] of Object.entries(QUERIES)) {
        queries[name] = await timeQuery(bench, `analytics ${target}: ${name}`, () => path(sample), options.queryRounds);
      }
      sizes.push({ sales: target, seeded_sales: seeded, seed_ms: seedMs, queries });
    }
  } finally {
    await db.end();
  }
  return { partners: options.partners, concurrency: IN_FLIGHT, rounds: options.queryRounds, sizes };
}

/** The goals: every query's p95 ≤ 20 ms at each size, and at the largest ≤ 1.5× the smallest's. */
export function analyticsGoals(result: AnalyticsScenarioResult): GoalCheck[] {
  const first = result.sizes[0];
  const last = result.sizes[result.sizes.length - 1];
  return Object.keys(first.queries).flatMap((name) => {
    const at = (size: AnalyticsSizeResult) => size.queries[name];
    const checks = result.sizes.map((size) =>
      atMost('4 analytics', `${name} p95 at ${size.sales} sales, ms`, at(size).p95_ms, P95_GOAL_MS, ' ms', `p50 ${at(size).p50_ms} ms`));
    const growth = Math.round((at(last).p95_ms / at(first).p95_ms) * 100) / 100;
    checks.push(atMost('4 analytics', `${name} p95 ${last.sales} / ${first.sales}`, growth, GROWTH_GOAL, '×', `${at(last).p95_ms} / ${at(first).p95_ms} ms`));
    return checks;
  });
}

async function timeQuery(bench: BenchPlatform, label: string, path: () => string, rounds: number): Promise<LatencySummary> {
  const call = async (): Promise<number> => {
    const url = path();
    const start = performance.now();
    const response = await bench.api.get(url, bench.admin);
    const ms = since(start);
    if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${JSON.stringify(response.body)}`);
    return ms;
  };
  await forEachLimited(Array.from({ length: WARM_UP }), IN_FLIGHT, async () => void (await call()));
  const latencies: number[] = [];
  const progress = new Progress(label, rounds);
  await forEachLimited(Array.from({ length: rounds }), IN_FLIGHT, async () => void latencies.push(await call()), progress);
  progress.done();
  return summarize(latencies);
}

function series(metric: string, interval: string, days: number): string {
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  return `/api/analytics/timeseries?metric=${metric}&interval=${interval}&from=${isoDay(from)}&to=${isoDay(to)}`;
}

function isoDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

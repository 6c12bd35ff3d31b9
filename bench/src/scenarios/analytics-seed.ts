import type { Pool, PoolClient } from 'pg';
import { scalar } from '../bench-db';
import { Progress } from '../progress';
import { namedUuid } from '../sql-ids';

/** Synthetic catalog and spiff of the seeded sales; ids derived from names so a second call finds them. */
export const SEEDED_PRODUCTS = 20;
const SPIFF_PRODUCTS = 5;
const SPIFF_BONUS_PER_UNIT = 25;
const CHUNK = 50_000;
const DAYS = 365;

export const ANALYTICS_BENCH_SPIFF = namedUuid(`'bench-analytics-spiff'`);
export const seededProductId = (nSql: string): string => namedUuid(`'bench-analytics-product-' || ${nSql}`);

/**
 * Writes into analytics' read models exactly what its consumers write for sales that were logged
 * (`sale.logged`) and booked (`commission.recorded`, then `.approved` / `.paid` for the older ones).
 * See the top of analytics-queries.ts for what and why. Adds sales until `platform_totals` counts
 * `target`; returns how many it added.
 */
export async function seedAnalyticsSales(db: Pool, target: number): Promise<number> {
  const client = await db.connect();
  try {
    const drawFrom = await prepare(client);
    const existing = await scalar(db, 'SELECT total_sales FROM platform_totals WHERE id = 1');
    const missing = Math.max(0, target - existing);
    const progress = new Progress(`analytics: seed sales to ${target}`, missing);
    for (let done = 0; done < missing; done += CHUNK) {
      const count = Math.min(CHUNK, missing - done);
      await seedChunk(client, count, drawFrom);
      progress.tick(count);
    }
    progress.done();
    await client.query('ANALYZE');
    client.release();
    return missing;
  } catch (error) {
    client.release(true); // drops the connection, and with it any open transaction
    throw error;
  }
}

/**
 * Creates the synthetic spiff once (`spiff.created`, then `assignment.created` for every approved
 * partner the bench seeded) and picks the partners and products the sales draw from.
 */
async function prepare(client: PoolClient): Promise<number> {
  await client.query('BEGIN');
  await client.query(`
    CREATE TEMP TABLE IF NOT EXISTS bench_products AS
    SELECT n, ${seededProductId('n')} AS product_id, (100 + 50 * n)::numeric(14,2) AS unit_price, n < ${SPIFF_PRODUCTS} AS in_spiff
    FROM generate_series(0, ${SEEDED_PRODUCTS - 1}) n`);
  await client.query('DROP TABLE IF EXISTS bench_partners');
  await client.query(
    `CREATE TEMP TABLE bench_partners AS
     SELECT (row_number() OVER (ORDER BY partner_id) - 1)::int AS n, partner_id, coalesce(tier, 'bronze') AS tier
     FROM partner_summaries WHERE status = 'approved' ORDER BY partner_id`,
  );
  await client.query('CREATE UNIQUE INDEX ON bench_partners (n)');
  const drawFrom = Number((await client.query('SELECT count(*) AS n FROM bench_partners')).rows[0].n);
  const created = await client.query(
    `INSERT INTO spiff_summaries (spiff_id, name, start_date, end_date, product_ids, status, partners_assigned)
     SELECT ${ANALYTICS_BENCH_SPIFF}, 'Bench analytics spiff', current_date - 120, current_date + 30,
       (SELECT array_agg(product_id ORDER BY n) FROM bench_products WHERE in_spiff), 'active', (SELECT count(*) FROM bench_partners)
     ON CONFLICT (spiff_id) DO NOTHING RETURNING partners_assigned`,
  );
  if (created.rowCount) {
    const assigned = created.rows[0].partners_assigned;
    await client.query(
      `UPDATE partner_summaries s SET total_assignments = total_assignments + 1, active_assignments = active_assignments + 1
       FROM bench_partners p WHERE p.partner_id = s.partner_id`,
    );
    await client.query('UPDATE platform_totals SET total_assignments = total_assignments + $1, active_assignments = active_assignments + $1 WHERE id = 1', [assigned]);
  }
  await client.query('COMMIT');
  return drawFrom;
}

/**
 * `count` sales and their ledger lines in one transaction, then every aggregate a consumer would
 * add to for them, in the consumers' lock order (partner, daily, spiff, platform). Partners are
 * drawn skewed (a few sell a lot, as in life), dates uniformly over the last year.
 */
async function seedChunk(client: PoolClient, count: number, partners: number): Promise<void> {
  await client.query('BEGIN');
  await client.query(
    `CREATE TEMP TABLE bench_chunk ON COMMIT DROP AS
     WITH picks AS MATERIALIZED (
       SELECT floor(power(random(), 2) * $2)::int AS partner_n, floor(random() * ${SEEDED_PRODUCTS})::int AS product_n,
         current_date - floor(random() * ${DAYS})::int AS sale_date, 1 + floor(random() * 4)::int AS quantity
       FROM generate_series(1, $1)
     ), drawn AS (
       SELECT p.partner_id, p.tier, pr.product_id, pr.unit_price, pr.in_spiff, sale_date, quantity
       FROM picks JOIN bench_partners p ON p.n = partner_n JOIN bench_products pr ON pr.n = product_n
     ), priced AS (
       SELECT *, (quantity * unit_price)::numeric(14,2) AS revenue,
         CASE tier WHEN 'gold' THEN 12 WHEN 'platinum' THEN 15 ELSE 10 END AS rate,
         CASE WHEN in_spiff AND sale_date >= current_date - 120 THEN (${SPIFF_BONUS_PER_UNIT} * quantity)::numeric(14,2) ELSE 0 END AS bonus
       FROM drawn
     )
     SELECT gen_random_uuid() AS sale_id, gen_random_uuid() AS commission_id, partner_id, tier, product_id, sale_date, quantity, revenue,
       round(revenue * rate / 100, 2)::numeric(14,2) AS base, bonus, round(revenue * rate / 100, 2) + bonus AS total,
       CASE WHEN sale_date < current_date - 60 THEN 'paid' WHEN sale_date < current_date - 30 THEN 'approved' ELSE 'pending' END AS status
     FROM priced`,
    [count, partners],
  );
  await client.query(
    `INSERT INTO sales (sale_id, partner_id, product_id, tier, sale_date, quantity, revenue)
     SELECT sale_id, partner_id, product_id, tier, sale_date, quantity, revenue FROM bench_chunk`,
  );
  await client.query(
    `INSERT INTO commission_lines (commission_id, kind, partner_id, sale_id, sale_date, product_id, revenue,
       commission_amount, spiff_bonus, reward_amount, total_commission, spiff_bonuses, status)
     SELECT commission_id, 'sale', partner_id, sale_id, sale_date, product_id, revenue, base, bonus, 0, total,
       CASE WHEN bonus > 0 THEN jsonb_build_array(jsonb_build_object('spiff_id', ${ANALYTICS_BENCH_SPIFF}, 'bonus', bonus::text)) ELSE '[]' END,
       status
     FROM bench_chunk`,
  );
  await client.query(
    `INSERT INTO partner_summaries AS t (partner_id, sales_count, revenue, base_commission, spiff_bonus, pending_commission, approved_commission, paid_commission)
     SELECT partner_id, count(*), sum(revenue), sum(base), sum(bonus),
       coalesce(sum(total) FILTER (WHERE status = 'pending'), 0), coalesce(sum(total) FILTER (WHERE status = 'approved'), 0),
       coalesce(sum(total) FILTER (WHERE status = 'paid'), 0)
     FROM bench_chunk GROUP BY partner_id ORDER BY partner_id
     ON CONFLICT (partner_id) DO UPDATE SET sales_count = t.sales_count + EXCLUDED.sales_count, revenue = t.revenue + EXCLUDED.revenue,
       base_commission = t.base_commission + EXCLUDED.base_commission, spiff_bonus = t.spiff_bonus + EXCLUDED.spiff_bonus,
       pending_commission = t.pending_commission + EXCLUDED.pending_commission,
       approved_commission = t.approved_commission + EXCLUDED.approved_commission, paid_commission = t.paid_commission + EXCLUDED.paid_commission`,
  );
  const sold = { sales: 'count(*)', revenue: 'sum(revenue)', commission: 'sum(total)' };
  await addGrouped(client, 'daily_facts', ['day', 'partner_id', 'product_id', 'tier'], sold);
  await addGrouped(client, 'daily_tier_facts', ['tier', 'day'], sold);
  await addGrouped(client, 'daily_platform_facts', ['day'], sold);
  await addGrouped(client, 'daily_product_facts', ['product_id', 'day'], sold);
  const spiffSales = 'bench_chunk WHERE bonus > 0';
  const paid = { sales: 'count(*)', revenue: 'sum(revenue)', bonus: 'sum(bonus)' };
  await addGrouped(client, 'daily_spiff_facts', ['spiff_id', 'day', 'partner_id', 'product_id'], paid, spiffSales);
  await addGrouped(client, 'daily_spiff_totals', ['spiff_id', 'day'], paid, spiffSales);
  await addGrouped(client, 'spiff_partners', ['spiff_id', 'partner_id'], paid, spiffSales);
  await client.query(
    `UPDATE platform_totals SET total_sales = total_sales + c.sales, total_revenue = total_revenue + c.revenue, total_commission = total_commission + c.commission
     FROM (SELECT count(*) AS sales, sum(revenue) AS revenue, sum(total) AS commission FROM bench_chunk) c WHERE id = 1`,
  );
  await client.query('COMMIT');
}

/** The set-based form of the consumers' `addTo`: one upsert per aggregate table for the whole chunk. */
async function addGrouped(client: PoolClient, table: string, key: string[], sums: Record<string, string>, from = 'bench_chunk'): Promise<void> {
  const source: Record<string, string> = { day: 'sale_date', spiff_id: ANALYTICS_BENCH_SPIFF };
  const keyExpr = key.map((k) => `${source[k] ?? k} AS ${k}`);
  const columns = [...key, ...Object.keys(sums)];
  await client.query(
    `INSERT INTO ${table} AS t (${columns.join(', ')})
     SELECT ${[...keyExpr, ...Object.entries(sums).map(([c, e]) => `${e} AS ${c}`)].join(', ')}
     FROM ${from} GROUP BY ${key.map((_, i) => i + 1).join(', ')} ORDER BY ${key.map((_, i) => i + 1).join(', ')}
     ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${Object.keys(sums).map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ')}`,
  );
}

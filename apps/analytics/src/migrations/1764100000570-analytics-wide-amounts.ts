import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Amounts as wide as the inputs allow. A sale may bring up to 1e11 of revenue (unit_price ≤
 * 1,000,000 × quantity ≤ 100,000) and a ledger line up to what the ledger holds (numeric(18,2):
 * the base plus one bonus of up to 1e11 per spiff on the product), so numeric(14,2) per line and
 * numeric(16,2) for sums (< 1e14: about a thousand maximum-size sales) made every later event
 * touching a full row fail and dead-letter.
 *
 * - Per line (`sales`, `commission_lines`): numeric(18,2), the ledger's own width.
 * - Sums (every aggregate): numeric(38,2) — the widest decimal BI tools commonly map (38 digits),
 *   about 1e20 maximum-size ledger lines, which no program reaches. Counts are bigint already.
 *
 * The BI views read these columns, and PostgreSQL refuses to change the type of a column a view
 * uses, so they are dropped and created again as they were (with their comments and the reader's
 * grants). Their SQL is copied here, frozen, rather than shared with 1764100000510.
 */
export class AnalyticsWideAmounts1764100000570 implements MigrationInterface {
  name = 'AnalyticsWideAmounts1764100000570';

  async up(runner: QueryRunner): Promise<void> {
    await alterAmounts(runner, 'numeric(18,2)', 'numeric(38,2)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await alterAmounts(runner, 'numeric(14,2)', 'numeric(16,2)');
  }
}

/** Per-line amount columns, by table. */
const LINE_AMOUNTS: Record<string, string[]> = {
  sales: ['revenue'],
  commission_lines: ['revenue', 'commission_amount', 'spiff_bonus', 'reward_amount', 'total_commission'],
};

/** Summed amount columns, by table. */
const SUMMED_AMOUNTS: Record<string, string[]> = {
  partner_summaries: [
    'revenue', 'base_commission', 'spiff_bonus', 'pending_commission', 'approved_commission', 'paid_commission', 'milestone_rewards',
  ],
  platform_totals: ['total_revenue', 'total_commission'],
  daily_facts: ['revenue', 'commission'],
  daily_platform_facts: ['revenue', 'commission'],
  daily_product_facts: ['revenue', 'commission'],
  daily_tier_facts: ['revenue', 'commission'],
  daily_spiff_facts: ['revenue', 'bonus'],
  daily_spiff_totals: ['revenue', 'bonus'],
  spiff_partners: ['revenue', 'bonus'],
};

const VIEWS = ['bi_partner_metrics', 'bi_daily_sales', 'bi_spiff_performance', 'bi_overview'];

async function alterAmounts(runner: QueryRunner, lineType: string, sumType: string): Promise<void> {
  for (const view of [...VIEWS].reverse()) await runner.query(`DROP VIEW IF EXISTS ${view}`);
  for (const [columns, type] of [[LINE_AMOUNTS, lineType], [SUMMED_AMOUNTS, sumType]] as const) {
    for (const [table, names] of Object.entries(columns)) {
      await runner.query(`ALTER TABLE ${table} ${names.map((c) => `ALTER COLUMN ${c} TYPE ${type}`).join(', ')}`);
    }
  }
  await createBiViews(runner);
}

/** The BI views of 1764100000510, unchanged, and the reader's SELECT on them. */
async function createBiViews(runner: QueryRunner): Promise<void> {
  await runner.query(`
    CREATE VIEW bi_partner_metrics AS
    SELECT partner_id, partner_name, tier, status,
      sales_count AS total_sales, revenue AS total_revenue,
      base_commission, spiff_bonus, base_commission + spiff_bonus AS total_commission,
      pending_commission, approved_commission, paid_commission,
      total_assignments, active_assignments, milestones_achieved, milestone_rewards
    FROM partner_summaries`);
  await runner.query(`COMMENT ON VIEW bi_partner_metrics IS
    'One row per partner. total_commission = base_commission + spiff_bonus of ledger lines not rejected; '
    'pending/approved/paid_commission: every ledger line (sales and milestone rewards) by its current status.'`);

  await runner.query(`
    CREATE VIEW bi_daily_sales AS
    SELECT f.day, f.partner_id, p.partner_name, f.product_id, f.tier, f.sales, f.revenue, f.commission
    FROM daily_facts f LEFT JOIN partner_summaries p USING (partner_id)`);
  await runner.query(`COMMENT ON VIEW bi_daily_sales IS
    'Sales per sale date, partner, product and the partner''s tier at the time of the sale. '
    'commission = base + spiff bonus of lines not rejected, counted once both the sale and its ledger line are known.'`);

  await runner.query(`
    CREATE VIEW bi_spiff_performance AS
    SELECT s.spiff_id, s.name, s.start_date, s.end_date, s.product_ids, s.status, s.partners_assigned,
      coalesce(sp.partners_sold, 0) AS partners_sold, coalesce(sp.sales, 0) AS sales,
      coalesce(sp.revenue, 0) AS revenue, coalesce(sp.bonus_cost, 0) AS bonus_cost,
      (SELECT coalesce(sum(d.revenue), 0) FROM daily_product_facts d
        WHERE d.product_id = ANY (s.product_ids) AND d.day BETWEEN s.start_date AND s.end_date) AS revenue_during,
      (SELECT coalesce(sum(d.revenue), 0) FROM daily_product_facts d
        WHERE d.product_id = ANY (s.product_ids)
          AND d.day BETWEEN s.start_date - (s.end_date - s.start_date + 1) AND s.start_date - 1) AS revenue_before
    FROM spiff_summaries s
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE x.sales > 0) AS partners_sold, sum(x.sales) AS sales,
        sum(x.revenue) AS revenue, sum(x.bonus) AS bonus_cost
      FROM spiff_partners x WHERE x.spiff_id = s.spiff_id) sp ON true
    WHERE s.name IS NOT NULL`);
  await runner.query(`COMMENT ON VIEW bi_spiff_performance IS
    'One row per spiff. sales/revenue/bonus_cost: sales on which the spiff paid a bonus (lines not rejected); '
    'revenue_during/before: revenue of the spiff''s products by every partner during the spiff and the same-length period just before.'`);

  await runner.query(`
    CREATE VIEW bi_overview AS
    SELECT total_assignments, active_assignments, total_sales, total_revenue, total_commission FROM platform_totals`);
  await runner.query(`COMMENT ON VIEW bi_overview IS
    'Platform totals; total_commission = base + spiff bonus of ledger lines not rejected.'`);

  await runner.query(`
    DO $$
    DECLARE
      reader text := current_database() || '_bi_reader';
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = reader) THEN
        EXECUTE format('GRANT SELECT ON ${VIEWS.join(', ')} TO %I', reader);
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'analytics: cannot grant the role %: %', reader, SQLERRM;
    END $$`);
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The views BI tools may read; the reader role gets SELECT on these and on nothing else. */
export const BI_VIEWS = ['bi_partner_metrics', 'bi_daily_sales', 'bi_spiff_performance', 'bi_overview'] as const;

/**
 * BI access: documented SQL views over the read models, and a read-only role named
 * `<database>_bi_reader` (NOLOGIN: an operator gives it LOGIN and a password, see docs/analytics-for-bi.md).
 * Roles are cluster-wide, hence the database name in it. Without the right to create roles the
 * migration still creates the views and only warns.
 */
export class AnalyticsBiAccess1764100000510 implements MigrationInterface {
  name = 'AnalyticsBiAccess1764100000510';

  async up(runner: QueryRunner): Promise<void> {
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
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = reader) THEN
          EXECUTE format('CREATE ROLE %I NOLOGIN', reader);
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), reader);
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', reader);
        EXECUTE format('GRANT SELECT ON ${BI_VIEWS.join(', ')} TO %I', reader);
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE WARNING 'analytics: cannot create or grant the role %: %', reader, SQLERRM;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DO $$
      DECLARE
        reader text := current_database() || '_bi_reader';
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = reader) THEN
          EXECUTE format('REVOKE ALL ON ${BI_VIEWS.join(', ')} FROM %I', reader);
          EXECUTE format('REVOKE USAGE ON SCHEMA public FROM %I', reader);
          EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I', current_database(), reader);
          EXECUTE format('DROP ROLE %I', reader);
        END IF;
      END $$`);
    for (const view of [...BI_VIEWS].reverse()) await runner.query(`DROP VIEW ${view}`);
  }
}

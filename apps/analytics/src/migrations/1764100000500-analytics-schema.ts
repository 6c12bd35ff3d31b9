import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics' read models, fed only by events. Every table is written by additive upserts, so
 * events from different services may arrive in any order; the inbox applies each one once.
 *
 * - `sales` and `commission_lines` hold the last known state of each sale and ledger line: enough
 *   to turn a line's status change into deltas, and to book a line's commission into the daily
 *   facts once its sale (which carries the tier) has arrived, whichever came first.
 * - Everything else is an aggregate the queries read directly: their cost grows with partners,
 *   days and products, never with the number of sales.
 * Money is numeric(14,2) per line and numeric(16,2) for sums.
 */
export class AnalyticsSchema1764100000500 implements MigrationInterface {
  name = 'AnalyticsSchema1764100000500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE partner_summaries (
        partner_id uuid PRIMARY KEY,
        partner_name varchar(200) NOT NULL DEFAULT '',
        tier varchar(20),
        status varchar(20),
        version integer NOT NULL DEFAULT 0,
        total_assignments integer NOT NULL DEFAULT 0,
        active_assignments integer NOT NULL DEFAULT 0,
        sales_count bigint NOT NULL DEFAULT 0,
        revenue numeric(16,2) NOT NULL DEFAULT 0,
        base_commission numeric(16,2) NOT NULL DEFAULT 0,
        spiff_bonus numeric(16,2) NOT NULL DEFAULT 0,
        pending_commission numeric(16,2) NOT NULL DEFAULT 0,
        approved_commission numeric(16,2) NOT NULL DEFAULT 0,
        paid_commission numeric(16,2) NOT NULL DEFAULT 0,
        milestones_achieved integer NOT NULL DEFAULT 0,
        milestone_rewards numeric(16,2) NOT NULL DEFAULT 0
      )`);
    await runner.query(
      'CREATE INDEX partner_summaries_top_revenue ON partner_summaries (revenue DESC, partner_id) WHERE sales_count > 0',
    );

    await runner.query(`
      CREATE TABLE platform_totals (
        id smallint PRIMARY KEY CHECK (id = 1),
        total_assignments bigint NOT NULL DEFAULT 0,
        active_assignments bigint NOT NULL DEFAULT 0,
        total_sales bigint NOT NULL DEFAULT 0,
        total_revenue numeric(16,2) NOT NULL DEFAULT 0,
        total_commission numeric(16,2) NOT NULL DEFAULT 0
      )`);
    await runner.query('INSERT INTO platform_totals (id) VALUES (1)');

    await runner.query(`
      CREATE TABLE sales (
        sale_id uuid PRIMARY KEY,
        partner_id uuid NOT NULL,
        product_id uuid NOT NULL,
        tier varchar(20) NOT NULL,
        sale_date date NOT NULL,
        quantity integer NOT NULL,
        revenue numeric(14,2) NOT NULL
      )`);

    await runner.query(`
      CREATE TABLE commission_lines (
        commission_id uuid PRIMARY KEY,
        kind varchar(20) NOT NULL,
        partner_id uuid NOT NULL,
        sale_id uuid,
        sale_date date,
        product_id uuid,
        revenue numeric(14,2) NOT NULL,
        commission_amount numeric(14,2) NOT NULL,
        spiff_bonus numeric(14,2) NOT NULL,
        reward_amount numeric(14,2) NOT NULL,
        total_commission numeric(14,2) NOT NULL,
        spiff_bonuses jsonb NOT NULL DEFAULT '[]',
        status varchar(20) NOT NULL
      )`);
    await runner.query('CREATE INDEX commission_lines_sale ON commission_lines (sale_id) WHERE sale_id IS NOT NULL');

    // Time series: by sale_date, partner, product and the partner's tier at the time of the sale.
    await runner.query(`
      CREATE TABLE daily_facts (
        day date NOT NULL,
        partner_id uuid NOT NULL,
        product_id uuid NOT NULL,
        tier varchar(20) NOT NULL,
        sales bigint NOT NULL DEFAULT 0,
        revenue numeric(16,2) NOT NULL DEFAULT 0,
        commission numeric(16,2) NOT NULL DEFAULT 0,
        PRIMARY KEY (day, partner_id, product_id, tier)
      )`);
    await runner.query('CREATE INDEX daily_facts_partner_day ON daily_facts (partner_id, day)');
    await runner.query('CREATE INDEX daily_facts_product_day ON daily_facts (product_id, day)');
    await runner.query('CREATE INDEX daily_facts_tier_day ON daily_facts (tier, day)');

    await runner.query(`
      CREATE TABLE daily_platform_facts (
        day date PRIMARY KEY,
        sales bigint NOT NULL DEFAULT 0,
        revenue numeric(16,2) NOT NULL DEFAULT 0,
        commission numeric(16,2) NOT NULL DEFAULT 0
      )`);

    // Revenue of a product per day, by every partner: a spiff's "during" and "before" revenue.
    await runner.query(`
      CREATE TABLE daily_product_facts (
        product_id uuid NOT NULL,
        day date NOT NULL,
        sales bigint NOT NULL DEFAULT 0,
        revenue numeric(16,2) NOT NULL DEFAULT 0,
        PRIMARY KEY (product_id, day)
      )`);

    // Sales on which a spiff paid a bonus (lines not rejected), for the spiff filter of the time series.
    await runner.query(`
      CREATE TABLE daily_spiff_facts (
        spiff_id uuid NOT NULL,
        day date NOT NULL,
        partner_id uuid NOT NULL,
        product_id uuid NOT NULL,
        sales bigint NOT NULL DEFAULT 0,
        revenue numeric(16,2) NOT NULL DEFAULT 0,
        bonus numeric(16,2) NOT NULL DEFAULT 0,
        PRIMARY KEY (spiff_id, day, partner_id, product_id)
      )`);

    await runner.query(`
      CREATE TABLE spiff_summaries (
        spiff_id uuid PRIMARY KEY,
        name varchar(200),
        start_date date,
        end_date date,
        product_ids uuid[] NOT NULL DEFAULT '{}',
        status varchar(20),
        partners_assigned integer NOT NULL DEFAULT 0
      )`);

    await runner.query(`
      CREATE TABLE spiff_partners (
        spiff_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        sales bigint NOT NULL DEFAULT 0,
        revenue numeric(16,2) NOT NULL DEFAULT 0,
        bonus numeric(16,2) NOT NULL DEFAULT 0,
        PRIMARY KEY (spiff_id, partner_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'spiff_partners', 'spiff_summaries', 'daily_spiff_facts', 'daily_product_facts', 'daily_platform_facts',
      'daily_facts', 'commission_lines', 'sales', 'platform_totals', 'partner_summaries',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}

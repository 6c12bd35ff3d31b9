import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily rollups for the time series filtered by tier, by product or by spiff alone. Read from
 * `daily_facts` / `daily_spiff_facts`, those series summed one row per partner (and product) and
 * day: their cost grew with the number of sales (~50 ms at a million). These answer from one row
 * per day, like the unfiltered series. The detail tables still answer combined filters.
 *
 * `daily_product_facts` gains the commission; `daily_facts_tier_day` goes, as nothing reads
 * `daily_facts` by tier alone any more (tier with partner or product uses their indexes).
 */
export class AnalyticsSeriesRollups1764100000520 implements MigrationInterface {
  name = 'AnalyticsSeriesRollups1764100000520';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE daily_tier_facts (
        tier varchar(20) NOT NULL,
        day date NOT NULL,
        sales bigint NOT NULL DEFAULT 0,
        revenue numeric(16,2) NOT NULL DEFAULT 0,
        commission numeric(16,2) NOT NULL DEFAULT 0,
        PRIMARY KEY (tier, day)
      )`);
    await runner.query(`
      INSERT INTO daily_tier_facts (tier, day, sales, revenue, commission)
      SELECT tier, day, sum(sales), sum(revenue), sum(commission) FROM daily_facts GROUP BY tier, day`);

    await runner.query('ALTER TABLE daily_product_facts ADD COLUMN commission numeric(16,2) NOT NULL DEFAULT 0');
    await runner.query(`
      UPDATE daily_product_facts p SET commission = f.commission
      FROM (SELECT product_id, day, sum(commission) AS commission FROM daily_facts GROUP BY product_id, day) f
      WHERE p.product_id = f.product_id AND p.day = f.day`);

    await runner.query(`
      CREATE TABLE daily_spiff_totals (
        spiff_id uuid NOT NULL,
        day date NOT NULL,
        sales bigint NOT NULL DEFAULT 0,
        revenue numeric(16,2) NOT NULL DEFAULT 0,
        bonus numeric(16,2) NOT NULL DEFAULT 0,
        PRIMARY KEY (spiff_id, day)
      )`);
    await runner.query(`
      INSERT INTO daily_spiff_totals (spiff_id, day, sales, revenue, bonus)
      SELECT spiff_id, day, sum(sales), sum(revenue), sum(bonus) FROM daily_spiff_facts GROUP BY spiff_id, day`);

    await runner.query('DROP INDEX daily_facts_tier_day');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX daily_facts_tier_day ON daily_facts (tier, day)');
    await runner.query('DROP TABLE daily_spiff_totals');
    await runner.query('ALTER TABLE daily_product_facts DROP COLUMN commission');
    await runner.query('DROP TABLE daily_tier_facts');
  }
}

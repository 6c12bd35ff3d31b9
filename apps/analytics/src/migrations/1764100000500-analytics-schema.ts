import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalyticsSchema1764100000500 implements MigrationInterface {
  name = 'AnalyticsSchema1764100000500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE partner_summaries (
        partner_id uuid PRIMARY KEY,
        partner_name varchar(200) NOT NULL,
        tier varchar(20),
        status varchar(20),
        version integer NOT NULL,
        total_assignments integer NOT NULL DEFAULT 0,
        active_assignments integer NOT NULL DEFAULT 0
      )`);
    await runner.query(`
      CREATE TABLE platform_totals (
        id smallint PRIMARY KEY CHECK (id = 1),
        total_assignments bigint NOT NULL DEFAULT 0,
        active_assignments bigint NOT NULL DEFAULT 0
      )`);
    await runner.query('INSERT INTO platform_totals (id) VALUES (1)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE platform_totals');
    await runner.query('DROP TABLE partner_summaries');
  }
}

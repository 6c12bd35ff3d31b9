import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disputes in the partner and spiff read models: how many are open, and the adjustments their
 * resolutions booked (count and amount, either sign). A spiff counts the disputes of lines it
 * paid a bonus on (the disputed line's spiffs). Sums numeric(38,2), as every aggregate.
 */
export class AnalyticsDisputes1764100000610 implements MigrationInterface {
  name = 'AnalyticsDisputes1764100000610';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of ['partner_summaries', 'spiff_summaries']) {
      await runner.query(`
        ALTER TABLE ${table}
          ADD COLUMN open_disputes integer NOT NULL DEFAULT 0,
          ADD COLUMN adjustments integer NOT NULL DEFAULT 0,
          ADD COLUMN adjustment_amount numeric(38,2) NOT NULL DEFAULT 0`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['partner_summaries', 'spiff_summaries']) {
      await runner.query(`ALTER TABLE ${table} DROP COLUMN open_disputes, DROP COLUMN adjustments, DROP COLUMN adjustment_amount`);
    }
  }
}

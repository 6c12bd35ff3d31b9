import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A spiff's fund and per-partner cap (null: unbudgeted), and the count of its budget changes. */
export class SpiffBudgets1764100000210 implements MigrationInterface {
  name = 'SpiffBudgets1764100000210';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE spiffs
        ADD COLUMN budget_amount numeric(14,2) CHECK (budget_amount > 0),
        ADD COLUMN per_partner_cap numeric(14,2) CHECK (per_partner_cap > 0 AND per_partner_cap <= budget_amount),
        ADD COLUMN budget_version integer NOT NULL DEFAULT 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE spiffs DROP COLUMN budget_amount, DROP COLUMN per_partner_cap, DROP COLUMN budget_version');
  }
}

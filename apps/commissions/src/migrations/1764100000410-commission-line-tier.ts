import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partner's tier at the sale, on the sale's line and on its clawbacks (null on a milestone
 * reward), so `commission.*` events carry it and analytics files a line without looking up its sale.
 */
export class CommissionLineTier1764100000410 implements MigrationInterface {
  name = 'CommissionLineTier1764100000410';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE commission_lines ADD COLUMN tier varchar(20)');
    await runner.query(`UPDATE commission_lines SET tier = trace->>'tier' WHERE kind = 'sale'`);
    await runner.query(`
      UPDATE commission_lines c SET tier = s.tier FROM commission_lines s
      WHERE c.kind = 'clawback' AND s.kind = 'sale' AND s.sale_id = c.sale_id`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE commission_lines DROP COLUMN tier');
  }
}

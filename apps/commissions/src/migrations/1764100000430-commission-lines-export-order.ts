import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payout file is read page after page in (created_at, id) order, each page starting after the
 * last line of the one before: this index makes every page one short range scan, so a page costs
 * the same at line 1,000,000 as at line 1.
 */
export class CommissionLinesExportOrder1764100000430 implements MigrationInterface {
  name = 'CommissionLinesExportOrder1764100000430';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX commission_lines_export_order ON commission_lines (created_at, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX commission_lines_export_order');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sales file is read page after page in (sale_date, sale_id) order, each page starting after
 * the last sale of the one before: these indexes make every page one short range scan, for the
 * whole file and for one partner's (a partner user's file, the commonest filter), so a page costs
 * the same at sale 1,000,000 as at sale 1. Other filters walk the first index and skip.
 */
export class AnalyticsSalesExportOrder1764100000600 implements MigrationInterface {
  name = 'AnalyticsSalesExportOrder1764100000600';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX sales_export_order ON sales (sale_date, sale_id)');
    await runner.query('CREATE INDEX sales_partner_export_order ON sales (partner_id, sale_date, sale_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX sales_partner_export_order');
    await runner.query('DROP INDEX sales_export_order');
  }
}

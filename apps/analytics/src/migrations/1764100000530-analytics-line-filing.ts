import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ledger lines now file their own commission into the daily facts (their events carry the tier);
 * before, a sale filed the commission of the lines that had arrived ahead of it. A line recorded
 * before this release whose sale has not arrived yet was filed by nobody: it is marked, and its sale
 * files it when it comes (see LedgerFactsService.recordSale).
 */
export class AnalyticsLineFiling1764100000530 implements MigrationInterface {
  name = 'AnalyticsLineFiling1764100000530';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE commission_lines ADD COLUMN filed_daily boolean NOT NULL DEFAULT true');
    await runner.query(`
      UPDATE commission_lines c SET filed_daily = false
      WHERE c.sale_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.sale_id = c.sale_id)`);
    await runner.query('CREATE INDEX commission_lines_waiting_for_sale ON commission_lines (sale_id) WHERE NOT filed_daily');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX commission_lines_waiting_for_sale');
    await runner.query('ALTER TABLE commission_lines DROP COLUMN filed_daily');
  }
}

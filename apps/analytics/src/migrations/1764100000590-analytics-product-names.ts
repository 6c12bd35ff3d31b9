import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Product names from `product.created`, so the portal's time-series filter can offer products to
 * analysts (who may not list the catalog). Name searches over partners, products and spiffs use a
 * lower(name) index each: the filter's choices come ordered by name, a page at a time.
 */
export class AnalyticsProductNames1764100000590 implements MigrationInterface {
  name = 'AnalyticsProductNames1764100000590';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE product_names (
        product_id uuid PRIMARY KEY,
        name varchar(200) NOT NULL
      )`);
    await runner.query('CREATE INDEX product_names_name ON product_names (lower(name), product_id)');
    await runner.query('CREATE INDEX partner_summaries_name ON partner_summaries (lower(partner_name), partner_id)');
    await runner.query('CREATE INDEX spiff_summaries_name ON spiff_summaries (lower(name), spiff_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX spiff_summaries_name');
    await runner.query('DROP INDEX partner_summaries_name');
    await runner.query('DROP TABLE product_names');
  }
}

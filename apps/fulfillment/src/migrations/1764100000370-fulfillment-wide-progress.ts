import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An assignment's progress sums every qualifying sale over the program's life, and a sale may bring
 * 100,000 units and 1e11 of revenue: `integer` units (2.1e9, ~21,000 maximum sales) and
 * numeric(16,2) revenue (< 1e14, ~1,000 maximum sales) overflowed, refusing every later sale on the
 * assignment. Units become bigint (read as numbers: exact up to 2^53) and revenue numeric(38,2),
 * the width analytics uses for its sums.
 */
export class FulfillmentWideProgress1764100000370 implements MigrationInterface {
  name = 'FulfillmentWideProgress1764100000370';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE assignments ALTER COLUMN actual_quantity TYPE bigint, ALTER COLUMN actual_revenue TYPE numeric(38,2)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE assignments ALTER COLUMN actual_quantity TYPE integer, ALTER COLUMN actual_revenue TYPE numeric(16,2)');
  }
}

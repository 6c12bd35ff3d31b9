import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partners filtered by status alone (the admin home's pending partners, the approved partners a
 * picker offers), oldest first: `partners_tier_status` leads with the tier, so this page and its
 * total scanned every partner. Backward compatible: an index only.
 */
export class PartnersByStatus1764100000140 implements MigrationInterface {
  name = 'PartnersByStatus1764100000140';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX partners_status ON partners (status, created_at, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX partners_status');
  }
}

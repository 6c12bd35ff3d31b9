import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignsSchema1764100000200 implements MigrationInterface {
  name = 'CampaignsSchema1764100000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        sku varchar(64) NOT NULL UNIQUE,
        commission_rate numeric(7,4) NOT NULL CHECK (commission_rate >= 0 AND commission_rate <= 100),
        commission_rates jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX products_created ON products (created_at, id)');
    await runner.query(`
      CREATE TABLE spiffs (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        description text,
        target_products uuid[] NOT NULL,
        assignment_type varchar(20) NOT NULL,
        target_tiers varchar[] NOT NULL DEFAULT '{}',
        target_partners uuid[] NOT NULL DEFAULT '{}',
        incentive_amount numeric(14,2) NOT NULL CHECK (incentive_amount > 0),
        incentive_type varchar(20) NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL CHECK (end_date >= start_date),
        status varchar(20) NOT NULL,
        cancelled_on date,
        milestones jsonb NOT NULL DEFAULT '[]',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX spiffs_created ON spiffs (created_at DESC, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE spiffs');
    await runner.query('DROP TABLE products');
  }
}

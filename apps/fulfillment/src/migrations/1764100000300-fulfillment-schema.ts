import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FulfillmentSchema1764100000300 implements MigrationInterface {
  name = 'FulfillmentSchema1764100000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE partner_directory (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        tier varchar(20) NOT NULL,
        status varchar(20) NOT NULL,
        version integer NOT NULL
      )`);
    await runner.query('CREATE INDEX partner_directory_targeting ON partner_directory (status, tier)');
    await runner.query(`
      CREATE TABLE catalog_products (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        sku varchar(64) NOT NULL,
        commission_rate numeric(7,4) NOT NULL,
        commission_rates jsonb NOT NULL DEFAULT '{}'
      )`);
    await runner.query(`
      CREATE TABLE spiff_terms (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        description text,
        product_ids uuid[] NOT NULL,
        assignment_type varchar(20) NOT NULL,
        target_tiers varchar[] NOT NULL,
        target_partners uuid[] NOT NULL,
        incentive_amount numeric(14,2) NOT NULL,
        incentive_type varchar(20) NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        status varchar(20) NOT NULL,
        milestones jsonb NOT NULL DEFAULT '[]',
        cancelled_on date,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE assignments (
        id uuid PRIMARY KEY,
        partner_id uuid NOT NULL,
        spiff_id uuid,
        product_ids uuid[] NOT NULL,
        assignment_type varchar(20) NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL CHECK (end_date >= start_date),
        target_quantity integer CHECK (target_quantity > 0),
        actual_quantity integer NOT NULL DEFAULT 0,
        actual_revenue numeric(16,2) NOT NULL DEFAULT 0,
        milestones jsonb NOT NULL DEFAULT '[]',
        status varchar(20) NOT NULL,
        assigned_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE UNIQUE INDEX assignments_one_per_spiff_partner ON assignments (spiff_id, partner_id) WHERE spiff_id IS NOT NULL',
    );
    await runner.query('CREATE INDEX assignments_partner ON assignments (partner_id, created_at DESC)');
    await runner.query(`
      CREATE TABLE sales (
        id uuid PRIMARY KEY,
        partner_id uuid NOT NULL,
        product_id uuid NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price numeric(14,2) NOT NULL CHECK (unit_price > 0),
        revenue numeric(16,2) NOT NULL,
        sale_date date NOT NULL,
        invoice_number varchar(64),
        notes text,
        returned_quantity integer NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0 AND returned_quantity <= quantity),
        assignment_ids uuid[] NOT NULL,
        logged_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX sales_partner ON sales (partner_id, sale_date DESC, created_at DESC)');
    await runner.query('CREATE UNIQUE INDEX sales_invoice_per_partner ON sales (partner_id, invoice_number) WHERE invoice_number IS NOT NULL');
    await runner.query(`
      CREATE TABLE sale_returns (
        id uuid PRIMARY KEY,
        sale_id uuid NOT NULL REFERENCES sales (id),
        quantity integer NOT NULL CHECK (quantity > 0),
        revenue_returned numeric(16,2) NOT NULL,
        reason text NOT NULL,
        returned_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX sale_returns_sale ON sale_returns (sale_id, created_at)');
    await runner.query(`
      CREATE TABLE milestone_achievements (
        id uuid PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES assignments (id),
        milestone_name varchar(100) NOT NULL,
        partner_id uuid NOT NULL,
        spiff_id uuid,
        metric varchar(20) NOT NULL,
        threshold numeric(16,2) NOT NULL,
        reward_amount numeric(14,2) NOT NULL,
        achieved_at timestamptz NOT NULL,
        UNIQUE (assignment_id, milestone_name)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['milestone_achievements', 'sale_returns', 'sales', 'assignments', 'spiff_terms', 'catalog_products', 'partner_directory']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}

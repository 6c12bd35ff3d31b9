import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CommissionsSchema1764100000400 implements MigrationInterface {
  name = 'CommissionsSchema1764100000400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE commission_lines (
        id uuid PRIMARY KEY,
        kind varchar(20) NOT NULL,
        partner_id uuid NOT NULL,
        sale_id uuid,
        product_id uuid,
        milestone_achievement_id uuid UNIQUE,
        return_id uuid UNIQUE,
        sale_date date,
        revenue numeric(18,2) NOT NULL,
        commission_amount numeric(18,2) NOT NULL,
        spiff_bonus numeric(18,2) NOT NULL,
        reward_amount numeric(18,2) NOT NULL,
        total_commission numeric(18,2) NOT NULL CHECK (total_commission = commission_amount + spiff_bonus + reward_amount),
        spiffs_applied jsonb NOT NULL,
        spiff_ids uuid[] NOT NULL,
        status varchar(20) NOT NULL,
        status_reason text,
        payout_reference varchar(200),
        trace jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'milestone_reward') = (sale_id IS NULL)),
        CHECK ((kind = 'milestone_reward') = (milestone_achievement_id IS NOT NULL)),
        CHECK ((kind = 'clawback') = (return_id IS NOT NULL)),
        CHECK (kind <> 'clawback' OR (commission_amount <= 0 AND spiff_bonus <= 0 AND total_commission <= 0))
      )`);
    await runner.query(`CREATE UNIQUE INDEX commission_lines_one_per_sale ON commission_lines (sale_id) WHERE kind = 'sale'`);
    await runner.query('CREATE INDEX commission_lines_sale ON commission_lines (sale_id)');
    await runner.query('CREATE INDEX commission_lines_partner ON commission_lines (partner_id, created_at DESC)');
    await runner.query('CREATE INDEX commission_lines_status ON commission_lines (status, created_at DESC)');
    await runner.query('CREATE INDEX commission_lines_spiffs ON commission_lines USING gin (spiff_ids)');
    await runner.query(`
      CREATE TABLE commission_status_changes (
        id bigserial PRIMARY KEY,
        commission_id uuid NOT NULL REFERENCES commission_lines (id),
        from_status varchar(20),
        to_status varchar(20) NOT NULL,
        reason text,
        changed_by uuid,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX commission_status_changes_line ON commission_status_changes (commission_id, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE commission_status_changes');
    await runner.query('DROP TABLE commission_lines');
  }
}

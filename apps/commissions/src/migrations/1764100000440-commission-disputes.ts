import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disputes of ledger lines, and the `adjustment` line a resolution books. A dispute is opened by
 * the line's partner and resolved once by an admin; at most one is open per line (a partial unique
 * index, so two concurrent opens cannot both win). An adjustment names its dispute (`dispute_id`,
 * unique: one adjustment per dispute, at most) and takes no other line's key.
 */
export class CommissionDisputes1764100000440 implements MigrationInterface {
  name = 'CommissionDisputes1764100000440';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE commission_disputes (
        id uuid PRIMARY KEY,
        commission_id uuid NOT NULL REFERENCES commission_lines (id),
        partner_id uuid NOT NULL,
        status varchar(20) NOT NULL CHECK (status IN ('open', 'resolved_adjusted', 'resolved_declined')),
        reason text NOT NULL,
        answer text,
        adjustment_amount numeric(18,2),
        adjustment_line_id uuid UNIQUE REFERENCES commission_lines (id),
        opened_by uuid NOT NULL,
        resolved_by uuid,
        opened_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        CHECK ((status = 'open') = (resolved_at IS NULL)),
        CHECK ((status = 'resolved_adjusted') = (adjustment_amount IS NOT NULL AND adjustment_amount <> 0 AND adjustment_line_id IS NOT NULL)),
        CHECK (status = 'resolved_adjusted' OR (adjustment_amount IS NULL AND adjustment_line_id IS NULL))
      )`);
    await runner.query(`CREATE UNIQUE INDEX commission_disputes_one_open_per_line ON commission_disputes (commission_id) WHERE status = 'open'`);
    await runner.query('CREATE INDEX commission_disputes_queue ON commission_disputes (status, opened_at, id)');
    await runner.query('CREATE INDEX commission_disputes_partner ON commission_disputes (partner_id, opened_at DESC)');
    await runner.query('ALTER TABLE commission_lines ADD COLUMN dispute_id uuid UNIQUE');
    await runner.query('ALTER TABLE commission_lines DROP CONSTRAINT commission_lines_kind');
    await runner.query(`
      ALTER TABLE commission_lines
        ADD CONSTRAINT commission_lines_kind CHECK (kind IN ('sale', 'milestone_reward', 'clawback', 'reward_clawback', 'clawback_reversal', 'adjustment')),
        ADD CONSTRAINT commission_lines_adjustment_dispute CHECK ((kind = 'adjustment') = (dispute_id IS NOT NULL))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE commission_disputes');
    await runner.query(`DELETE FROM commission_status_changes WHERE commission_id IN (SELECT id FROM commission_lines WHERE kind = 'adjustment')`);
    await runner.query(`DELETE FROM commission_lines WHERE kind = 'adjustment'`);
    await runner.query('ALTER TABLE commission_lines DROP CONSTRAINT commission_lines_adjustment_dispute');
    await runner.query('ALTER TABLE commission_lines DROP CONSTRAINT commission_lines_kind');
    await runner.query(`ALTER TABLE commission_lines ADD CONSTRAINT commission_lines_kind CHECK (kind IN ('sale', 'milestone_reward', 'clawback', 'reward_clawback', 'clawback_reversal'))`);
    await runner.query('ALTER TABLE commission_lines DROP COLUMN dispute_id');
  }
}

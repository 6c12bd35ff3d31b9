import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two kinds of lines that take back or give back another line, named by `reverses_line_id` (at
 * most one per line, which also makes booking them idempotent):
 * - `reward_clawback`: negative, a milestone reward taken back when a return un-reaches the milestone
 *   (no sale of its own, like the reward);
 * - `clawback_reversal`: positive, gives back an approved or paid clawback (of a sale, or of a
 *   reward) whose original line was rejected.
 */
export class CommissionLineReversals1764100000420 implements MigrationInterface {
  name = 'CommissionLineReversals1764100000420';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE commission_lines ADD COLUMN reverses_line_id uuid UNIQUE REFERENCES commission_lines (id)');
    // The schema's unnamed "only a reward has no sale" check: found by its definition, as its name is Postgres's.
    const checks: Array<{ conname: string; def: string }> = await runner.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'commission_lines'::regclass AND contype = 'c'`,
    );
    for (const check of checks.filter((c) => c.def.includes('milestone_reward') && c.def.includes('sale_id IS NULL'))) {
      await runner.query(`ALTER TABLE commission_lines DROP CONSTRAINT "${check.conname}"`);
    }
    await runner.query(`
      ALTER TABLE commission_lines
        ADD CONSTRAINT commission_lines_kind CHECK (kind IN ('sale', 'milestone_reward', 'clawback', 'reward_clawback', 'clawback_reversal')),
        ADD CONSTRAINT commission_lines_sale_of_sale_lines CHECK (kind NOT IN ('sale', 'clawback') OR sale_id IS NOT NULL),
        ADD CONSTRAINT commission_lines_no_sale_of_rewards CHECK (kind NOT IN ('milestone_reward', 'reward_clawback') OR sale_id IS NULL),
        ADD CONSTRAINT commission_lines_reverses CHECK ((kind IN ('reward_clawback', 'clawback_reversal')) = (reverses_line_id IS NOT NULL)),
        ADD CONSTRAINT commission_lines_reward_clawback_negative CHECK (
          kind <> 'reward_clawback' OR (commission_amount = 0 AND spiff_bonus = 0 AND reward_amount <= 0 AND total_commission <= 0)),
        ADD CONSTRAINT commission_lines_reversal_positive CHECK (
          kind <> 'clawback_reversal' OR (commission_amount >= 0 AND spiff_bonus >= 0 AND reward_amount >= 0 AND total_commission >= 0))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM commission_status_changes WHERE commission_id IN (
      SELECT id FROM commission_lines WHERE kind IN ('reward_clawback', 'clawback_reversal'))`);
    await runner.query(`DELETE FROM commission_lines WHERE kind IN ('reward_clawback', 'clawback_reversal')`);
    for (const name of ['kind', 'sale_of_sale_lines', 'no_sale_of_rewards', 'reverses', 'reward_clawback_negative', 'reversal_positive']) {
      await runner.query(`ALTER TABLE commission_lines DROP CONSTRAINT commission_lines_${name}`);
    }
    await runner.query(`ALTER TABLE commission_lines ADD CHECK ((kind = 'milestone_reward') = (sale_id IS NULL))`);
    await runner.query('ALTER TABLE commission_lines DROP COLUMN reverses_line_id');
  }
}

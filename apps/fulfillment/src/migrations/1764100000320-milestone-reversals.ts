import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A milestone follows returns: an achievement a return takes back below its threshold is marked
 * reversed (when, and by which return), and reaching the threshold again records a new achievement.
 * So "one per assignment and milestone" holds for standing achievements only.
 */
export class MilestoneReversals1764100000320 implements MigrationInterface {
  name = 'MilestoneReversals1764100000320';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE milestone_achievements
        ADD COLUMN reversed_at timestamptz,
        ADD COLUMN reversed_by_return_id uuid REFERENCES sale_returns (id),
        ADD CONSTRAINT milestone_achievements_reversal CHECK ((reversed_at IS NULL) = (reversed_by_return_id IS NULL))`);
    await runner.query('ALTER TABLE milestone_achievements DROP CONSTRAINT milestone_achievements_assignment_id_milestone_name_key');
    await runner.query(
      'CREATE UNIQUE INDEX milestone_achievements_standing ON milestone_achievements (assignment_id, milestone_name) WHERE reversed_at IS NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DELETE FROM milestone_achievements WHERE reversed_at IS NOT NULL');
    await runner.query('DROP INDEX milestone_achievements_standing');
    await runner.query('ALTER TABLE milestone_achievements ADD CONSTRAINT milestone_achievements_assignment_id_milestone_name_key UNIQUE (assignment_id, milestone_name)');
    await runner.query('ALTER TABLE milestone_achievements DROP COLUMN reversed_by_return_id, DROP COLUMN reversed_at');
  }
}

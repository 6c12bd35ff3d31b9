import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin's assignments list, newest first, unfiltered: without an index in its order it read and
 * sorted every assignment (116 ms at 100,000 after one fan-out) to show 25. Backward compatible: an index only.
 */
export class AssignmentsListOrder1764100000410 implements MigrationInterface {
  name = 'AssignmentsListOrder1764100000410';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX assignments_list_order ON assignments (created_at DESC, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX assignments_list_order');
  }
}

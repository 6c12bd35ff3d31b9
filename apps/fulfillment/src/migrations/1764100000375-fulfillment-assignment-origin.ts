import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who made an assignment: `spiff` for the ones a spiff's fan-out created, `manual` for an admin's
 * (`POST /api/fulfillment/assignments`, which may also say `assignment_type: "spiff"` and link a
 * spiff). A spiff's update moves only its own (`spiff`) assignments.
 *
 * Nullable, with no default: this code always writes it, but during a rolling update the previous
 * release's replicas keep inserting assignments (fan-out and manual) that do not name it. A default
 * would brand their fan-out rows `manual` for good, and the spiff's later updates would skip them.
 * NULL means "not known yet", as on every row from before this release: the spiff's next update
 * classifies its NULL rows by their shape before it moves anything
 * (`SpiffAssignmentsService.applySpiffUpdate`): a fan-out assignment has no target, was made by the
 * spiff's creator, starts on the spiff's start date, and (as updates moved every linked assignment)
 * holds the spiff's products and end date; those become `spiff`, everything else `manual`. A
 * hand-made copy of exactly that shape is taken for the fan-out's.
 *
 * Classifying them here instead would rewrite every row in one transaction (about 90 s for a
 * million assignments on a small machine, every sale's progress update waiting on its row locks);
 * adding a nullable column is a catalog change.
 */
export class FulfillmentAssignmentOrigin1764100000375 implements MigrationInterface {
  name = 'FulfillmentAssignmentOrigin1764100000375';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE assignments ADD COLUMN origin varchar(20) CHECK (origin IN ('manual', 'spiff'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE assignments DROP COLUMN origin');
  }
}

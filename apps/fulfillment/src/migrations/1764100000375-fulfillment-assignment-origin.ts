import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who made an assignment: `spiff` for the ones a spiff's fan-out created, `manual` for an admin's
 * (`POST /api/fulfillment/assignments`, which may also say `assignment_type: "spiff"` and link a
 * spiff). A spiff's update moves only its own (`spiff`) assignments.
 *
 * Rows from before this release carry no such mark. A fan-out assignment has no target, was made
 * by the spiff's creator, starts on the spiff's start date, and (as updates moved every linked
 * assignment) holds the spiff's products and end date; those become `spiff`, everything else
 * `manual`. A hand-made copy of exactly that shape is taken for the fan-out's.
 */
export class FulfillmentAssignmentOrigin1764100000375 implements MigrationInterface {
  name = 'FulfillmentAssignmentOrigin1764100000375';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE assignments ADD COLUMN origin varchar(20) NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'spiff'))`);
    await runner.query(`
      UPDATE assignments a SET origin = 'spiff'
      FROM spiff_terms s
      WHERE a.spiff_id = s.id AND a.assignment_type = 'spiff' AND a.target_quantity IS NULL AND a.assigned_by = s.created_by
        AND a.start_date = s.start_date AND a.end_date = s.end_date AND a.product_ids = s.product_ids`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE assignments DROP COLUMN origin');
  }
}

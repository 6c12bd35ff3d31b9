import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createStoredObjectsTable, dropStoredObjectsTable } from '@spiffworks/persistence';

/**
 * A partner's files on its disputes: `dispute_attachments` (what each is: type sniffed from its
 * bytes, size, sha256, the object's key) and `stored_objects`, the default object store's bytea
 * table (OBJECT_STORE=postgres; the same table fulfillment keeps its proofs of sale in, in its own
 * database). With S3 the bytes live in the bucket under `dispute-attachments/` and `stored_objects`
 * stays empty.
 */
export class DisputeAttachments1764100000460 implements MigrationInterface {
  name = 'DisputeAttachments1764100000460';

  async up(runner: QueryRunner): Promise<void> {
    await createStoredObjectsTable(runner);
    await runner.query(`
      CREATE TABLE dispute_attachments (
        id uuid PRIMARY KEY,
        dispute_id uuid NOT NULL REFERENCES commission_disputes (id),
        partner_id uuid NOT NULL,
        content_type varchar(100) NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        size integer NOT NULL CHECK (size > 0 AND size <= 10485760),
        sha256 char(64) NOT NULL,
        object_key text NOT NULL,
        added_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX dispute_attachments_dispute ON dispute_attachments (dispute_id, created_at, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dispute_attachments');
    await dropStoredObjectsTable(runner);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createStoredObjectsTable, dropStoredObjectsTable } from '@spiffworks/persistence';

/**
 * Proofs of sale: `sale_attachments` (what each is: type sniffed from its bytes, size, sha256) and
 * `stored_objects`, the default object store's bytea table (OBJECT_STORE=postgres). With S3 the bytes
 * live in the bucket and `stored_objects` stays empty. And the spiff copy's `proof_required`, carried
 * into the facts of each sale it covers.
 */
export class SaleAttachments1764100000395 implements MigrationInterface {
  name = 'SaleAttachments1764100000395';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE spiff_terms ADD COLUMN proof_required boolean NOT NULL DEFAULT false');
    await createStoredObjectsTable(runner);
    await runner.query(`
      CREATE TABLE sale_attachments (
        id uuid PRIMARY KEY,
        sale_id uuid NOT NULL REFERENCES sales (id),
        partner_id uuid NOT NULL,
        content_type varchar(100) NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        size integer NOT NULL CHECK (size > 0 AND size <= 10485760),
        sha256 char(64) NOT NULL,
        object_key text NOT NULL,
        added_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX sale_attachments_sale ON sale_attachments (sale_id, created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE sale_attachments');
    await dropStoredObjectsTable(runner);
    await runner.query('ALTER TABLE spiff_terms DROP COLUMN proof_required');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proof of sale and review. A sale's line keeps the invoice number it was logged with and its
 * duplicate key (normalized: trimmed, case-folded, letters and digits only); `proof_attachments` is
 * the ledger's replica of the proofs fulfillment holds (`sale.attachment_added`: ids, type, size,
 * sha256, never the bytes), read by the review queue and its duplicate-attachment flags. Lines may
 * now be `awaiting_review` (no status constraint to widen: the column is free text checked by the
 * lifecycle); the queue reads them oldest first.
 */
export class ProofReview1764100000450 implements MigrationInterface {
  name = 'ProofReview1764100000450';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE commission_lines ADD COLUMN invoice_number varchar(200), ADD COLUMN invoice_key varchar(200)');
    await runner.query(`CREATE INDEX commission_lines_invoice_key ON commission_lines (invoice_key) WHERE kind = 'sale' AND invoice_key IS NOT NULL`);
    await runner.query(`CREATE INDEX commission_lines_awaiting_review ON commission_lines (created_at, id) WHERE status = 'awaiting_review'`);
    await runner.query(`
      CREATE TABLE proof_attachments (
        attachment_id uuid PRIMARY KEY,
        sale_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        sha256 char(64) NOT NULL,
        content_type varchar(100) NOT NULL,
        size integer NOT NULL,
        added_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX proof_attachments_sale ON proof_attachments (sale_id, added_at)');
    await runner.query('CREATE INDEX proof_attachments_sha256 ON proof_attachments (sha256)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE proof_attachments');
    await runner.query('DROP INDEX commission_lines_awaiting_review');
    await runner.query('DROP INDEX commission_lines_invoice_key');
    await runner.query('ALTER TABLE commission_lines DROP COLUMN invoice_number, DROP COLUMN invoice_key');
  }
}

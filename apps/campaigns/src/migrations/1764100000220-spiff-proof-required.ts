import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A spiff may ask for proof of sale: the sales it covers wait for an admin's review. */
export class SpiffProofRequired1764100000220 implements MigrationInterface {
  name = 'SpiffProofRequired1764100000220';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE spiffs ADD COLUMN proof_required boolean NOT NULL DEFAULT false');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE spiffs DROP COLUMN proof_required');
  }
}

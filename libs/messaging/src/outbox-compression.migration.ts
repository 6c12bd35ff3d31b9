import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox's envelopes compressed with lz4 instead of PostgreSQL's default pglz: a chunk of a
 * sell-through file writes four `sales.logged` of ~480 kB, and pglz spent ~30 ms of the chunk's
 * transaction compressing them (lz4 a fraction of that, and faster to read back for the relay).
 * Only values written from now on; a server built without lz4 keeps pglz, which works the same.
 */
export class OutboxCompression1764950000000 implements MigrationInterface {
  name = 'OutboxCompression1764950000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DO $$ BEGIN
        ALTER TABLE outbox ALTER COLUMN envelope SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN
        RAISE NOTICE 'this server has no lz4: the outbox keeps pglz';
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE outbox ALTER COLUMN envelope SET COMPRESSION default');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox (events waiting to be published) and inbox (events already consumed) tables. */
export class MessagingTables1764100000000 implements MigrationInterface {
  name = 'MessagingTables1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        routing_key varchar(100) NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX outbox_unpublished ON outbox (created_at, id) WHERE published_at IS NULL`,
    );
    await runner.query(`
      CREATE TABLE inbox (
        id uuid PRIMARY KEY,
        type varchar(100) NOT NULL,
        source varchar(50) NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        redeliveries integer NOT NULL DEFAULT 0
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE inbox');
    await runner.query('DROP TABLE outbox');
  }
}

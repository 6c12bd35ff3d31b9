import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed deliveries per envelope id: each failed attempt's error while the broker still retries
 * (`dead_lettered_at` NULL), then the dead letter itself once the broker moved it to the
 * service's dead-letter queue and the service filed it here (`dead_lettered_at` set), until an
 * admin replays it. Every service sharing one database sees the same rows, so several replicas
 * list and replay consistently.
 */
export class DeliveryFailuresTable1764900000000 implements MigrationInterface {
  name = 'DeliveryFailuresTable1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE delivery_failures (
        id varchar(200) PRIMARY KEY,
        event_type varchar(100),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        content text NOT NULL,
        dead_lettered_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX delivery_failures_dead ON delivery_failures (dead_lettered_at) WHERE dead_lettered_at IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE delivery_failures');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every service's record of the `Idempotency-Key`s it has honoured, written in the transaction of
 * the creation. `response` is `json`, not `jsonb`, so a replay keeps the first answer's key order.
 */
export class IdempotencyKeys1764100000010 implements MigrationInterface {
  name = 'IdempotencyKeys1764100000010';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE idempotency_keys (
        scope varchar(100) NOT NULL,
        key varchar(200) NOT NULL,
        fingerprint char(64) NOT NULL,
        response json,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await runner.query('CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE idempotency_keys');
  }
}

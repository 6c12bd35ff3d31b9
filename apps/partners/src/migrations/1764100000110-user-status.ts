import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's status: `active`, or `inactive` once an admin deactivates it (it can no longer sign in,
 * and its tokens stop working). Every existing user stays active. Backward compatible: the release
 * before never reads the column, and its inserts take the default.
 */
export class UserStatus1764100000110 implements MigrationInterface {
  name = 'UserStatus1764100000110';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE users ADD COLUMN status varchar(20) NOT NULL DEFAULT 'active'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE users DROP COLUMN status');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropImportUpkeepDdl, importUpkeepDdl } from '@spiffworks/imports';
import { PARTNER_IMPORTS } from '../partner-imports/partner-import-kind';

/**
 * Partner imports' upkeep (every import's, libs/imports): when an upload last showed life, so one
 * that stopped arriving is failed, and when the retention purge took a finished import's rows.
 * Re-invites: an invite an admin issues again for one user names no import (`import_id` NULL); the
 * user's earlier invites are revoked (`revoked_at`), found by user. Backward compatible: the release before
 * neither reads nor writes the new columns (both have defaults).
 */
export class PartnerImportUpkeep1764100000130 implements MigrationInterface {
  name = 'PartnerImportUpkeep1764100000130';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of importUpkeepDdl(PARTNER_IMPORTS)) await runner.query(statement);
    await runner.query('ALTER TABLE user_invites ADD COLUMN revoked_at timestamptz');
    await runner.query('CREATE INDEX user_invites_user ON user_invites (user_id) WHERE accepted_at IS NULL AND revoked_at IS NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX user_invites_user');
    await runner.query('ALTER TABLE user_invites DROP COLUMN revoked_at');
    for (const statement of dropImportUpkeepDdl(PARTNER_IMPORTS)) await runner.query(statement);
  }
}

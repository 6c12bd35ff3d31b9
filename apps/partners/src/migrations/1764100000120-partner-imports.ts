import type { MigrationInterface, QueryRunner } from 'typeorm';
import { importTablesDdl } from '@spiffworks/imports';
import { PARTNER_IMPORTS } from '../partner-imports/partner-import-kind';

/**
 * Partner files: `partner_imports` and `partner_import_rows`, the shape every import has (the same
 * as fulfillment's sale imports), each accepted row naming the partner it registered. Invited
 * users: a partner user an import creates without a password has none until it accepts its invite
 * (`password_hash` NULL, status `invited`), and `user_invites` keeps each invite's token as its
 * SHA-256 only. Backward compatible: the release before reads a NULL hash as a wrong password.
 */
export class PartnerImports1764100000120 implements MigrationInterface {
  name = 'PartnerImports1764100000120';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of importTablesDdl(PARTNER_IMPORTS)) await runner.query(statement);
    // Which row of the file registered a partner: a later row with its email names that row.
    await runner.query('CREATE INDEX partner_import_rows_partner ON partner_import_rows (partner_id) WHERE partner_id IS NOT NULL');
    await runner.query('ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL');
    await runner.query(`
      CREATE TABLE user_invites (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        token_hash char(64) NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        import_id uuid REFERENCES partner_imports (id),
        row integer,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // invites.csv: an import's invites by row.
    await runner.query('CREATE INDEX user_invites_import ON user_invites (import_id, row) WHERE import_id IS NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE user_invites');
    await runner.query(`UPDATE users SET password_hash = '!' WHERE password_hash IS NULL`);
    await runner.query('ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL');
    await runner.query('DROP TABLE partner_import_rows');
    await runner.query('DROP TABLE partner_imports');
  }
}

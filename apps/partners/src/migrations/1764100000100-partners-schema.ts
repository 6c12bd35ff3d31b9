import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PartnersSchema1764100000100 implements MigrationInterface {
  name = 'PartnersSchema1764100000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE partners (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        tier varchar(20) NOT NULL,
        status varchar(20) NOT NULL,
        contact_email varchar(320) NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE UNIQUE INDEX partners_contact_email ON partners (lower(contact_email))');
    await runner.query('CREATE INDEX partners_tier_status ON partners (tier, status, created_at, id)');
    await runner.query('CREATE INDEX partners_created ON partners (created_at, id)');
    await runner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email varchar(320) NOT NULL UNIQUE,
        password_hash varchar(100) NOT NULL,
        role varchar(20) NOT NULL,
        partner_id uuid REFERENCES partners (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE users');
    await runner.query('DROP TABLE partners');
  }
}

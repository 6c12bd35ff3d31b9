import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spiff funds: one row per budgeted spiff (locked FOR UPDATE by every sale that could draw on it),
 * one per partner of a capped fund, and one grant per sale and spiff (what the sale drew, what
 * returns gave back, and whether a rejected line released it).
 */
export class SpiffFunds1764100000400 implements MigrationInterface {
  name = 'SpiffFunds1764100000400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE spiff_funds (
        spiff_id uuid PRIMARY KEY,
        amount numeric(14,2) NOT NULL CHECK (amount > 0),
        per_partner_cap numeric(14,2) CHECK (per_partner_cap > 0),
        budget_version integer NOT NULL DEFAULT 0,
        committed numeric(14,2) NOT NULL DEFAULT 0 CHECK (committed >= 0 AND committed <= amount),
        reached_80_at timestamptz,
        reached_100_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE spiff_partner_funds (
        spiff_id uuid NOT NULL REFERENCES spiff_funds (spiff_id),
        partner_id uuid NOT NULL,
        committed numeric(14,2) NOT NULL DEFAULT 0 CHECK (committed >= 0),
        PRIMARY KEY (spiff_id, partner_id)
      )`);
    await runner.query(`
      CREATE TABLE spiff_fund_grants (
        sale_id uuid NOT NULL,
        spiff_id uuid NOT NULL REFERENCES spiff_funds (spiff_id),
        partner_id uuid NOT NULL,
        granted numeric(14,2) NOT NULL CHECK (granted >= 0),
        given_back numeric(14,2) NOT NULL DEFAULT 0 CHECK (given_back >= 0 AND given_back <= granted),
        released_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sale_id, spiff_id)
      )`);
    await runner.query('CREATE INDEX spiff_fund_grants_burn ON spiff_fund_grants (spiff_id, created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE spiff_fund_grants');
    await runner.query('DROP TABLE spiff_partner_funds');
    await runner.query('DROP TABLE spiff_funds');
  }
}

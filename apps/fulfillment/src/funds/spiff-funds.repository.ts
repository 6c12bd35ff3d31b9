import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';

/** A budgeted spiff's fund as a sale reads it, locked. Decimal strings. */
export interface LockedFund {
  spiff_id: string;
  amount: string;
  per_partner_cap: string | null;
  committed: string;
  /** Committed per partner of the batch, for a capped fund. */
  partners: Map<string, string>;
}

/** One sale's draw on one fund. */
export interface FundGrant {
  sale_id: string;
  spiff_id: string;
  partner_id: string;
  /** Decimal string. */
  granted: string;
}

export interface FundRow {
  spiff_id: string;
  amount: string;
  per_partner_cap: string | null;
  budget_version: number;
  committed: string;
  reached_80_at: Date | null;
  reached_100_at: Date | null;
}

/** A grant that still counts: what remains of it after returns, unless a rejection released it. */
export interface StandingGrant {
  spiff_id: string;
  partner_id: string;
  granted: string;
  given_back: string;
}

/** The SQL of `spiff_funds`, `spiff_partner_funds` and `spiff_fund_grants`. */
@Injectable()
export class SpiffFundsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Sets a fund from a spiff snapshot unless a newer budget version is already here (a lowering
   * applied by RPC, or a later snapshot). The amount is never set below what is committed: a
   * lowering below it is refused by RPC before campaigns stores it, so this only guards the table.
   */
  async applyTerms(manager: EntityManager, spiffId: string, amount: string, cap: string | null, version: number): Promise<void> {
    await manager.query(
      `INSERT INTO spiff_funds (spiff_id, amount, per_partner_cap, budget_version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (spiff_id) DO UPDATE SET amount = GREATEST(EXCLUDED.amount, spiff_funds.committed),
         per_partner_cap = EXCLUDED.per_partner_cap, budget_version = EXCLUDED.budget_version
       WHERE spiff_funds.budget_version <= EXCLUDED.budget_version`,
      [spiffId, amount, cap, version],
    );
  }

  /** The fund, locked FOR UPDATE; null when the spiff has none (yet). */
  async lockOne(manager: EntityManager, spiffId: string): Promise<FundRow | null> {
    const rows: FundRow[] = await manager.query(
      `SELECT spiff_id, amount::text, per_partner_cap::text, budget_version, committed::text, reached_80_at, reached_100_at
       FROM spiff_funds WHERE spiff_id = $1 FOR UPDATE`,
      [spiffId],
    );
    return rows[0] ?? null;
  }

  /**
   * Sets each partner's row of a capped fund to what its standing grants hold (granted less given
   * back, unless released): what the rows mirror. Run when terms carry a cap, so a cap given to a
   * fund that had none counts what partners drew before it (their rows did not exist yet).
   */
  async countPartnersFromGrants(manager: EntityManager, spiffId: string): Promise<void> {
    await manager.query(
      `INSERT INTO spiff_partner_funds (spiff_id, partner_id, committed)
       SELECT spiff_id, partner_id, sum(granted - given_back) FROM spiff_fund_grants
       WHERE spiff_id = $1 AND released_at IS NULL GROUP BY spiff_id, partner_id
       ON CONFLICT (spiff_id, partner_id) DO UPDATE SET committed = EXCLUDED.committed`,
      [spiffId],
    );
  }

  /** The most any one partner has committed from the fund (for a lowered cap). */
  async largestPartnerCommitted(manager: EntityManager, spiffId: string): Promise<string> {
    const [row] = await manager.query(`SELECT coalesce(max(committed), 0)::text AS committed FROM spiff_partner_funds WHERE spiff_id = $1`, [spiffId]);
    return row.committed;
  }

  async setBudget(manager: EntityManager, spiffId: string, amount: string, cap: string | null, version: number): Promise<void> {
    await manager.query(
      `INSERT INTO spiff_funds (spiff_id, amount, per_partner_cap, budget_version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (spiff_id) DO UPDATE SET amount = EXCLUDED.amount, per_partner_cap = EXCLUDED.per_partner_cap,
         budget_version = EXCLUDED.budget_version
       WHERE spiff_funds.budget_version <= EXCLUDED.budget_version`,
      [spiffId, amount, cap, version],
    );
  }

  /**
   * Locks the funds of these spiffs (those that have one) in spiff id order, then the rows of these
   * partners in the capped ones, in (spiff, partner) order: the fixed order every writer of the
   * funds takes them in, after the assignments. Partner rows are created on first use.
   */
  async lockForSales(manager: EntityManager, spiffIds: string[], partnerIds: string[]): Promise<Map<string, LockedFund>> {
    if (spiffIds.length === 0) return new Map();
    const funds: Array<Omit<LockedFund, 'partners'>> = await manager.query(
      `SELECT spiff_id, amount::text, per_partner_cap::text, committed::text FROM spiff_funds
       WHERE spiff_id = ANY ($1::uuid[]) ORDER BY spiff_id FOR UPDATE`,
      [spiffIds],
    );
    const capped = funds.filter((f) => f.per_partner_cap !== null).map((f) => f.spiff_id);
    const partners = capped.length && partnerIds.length ? await this.lockPartners(manager, capped, partnerIds) : [];
    return new Map(funds.map((f) => [f.spiff_id, {
      ...f,
      partners: new Map(partners.filter((p) => p.spiff_id === f.spiff_id).map((p) => [p.partner_id, p.committed])),
    }]));
  }

  private async lockPartners(manager: EntityManager, spiffIds: string[], partnerIds: string[]): Promise<Array<{ spiff_id: string; partner_id: string; committed: string }>> {
    // The spiffs' rows are locked: no one else inserts these partner rows meanwhile.
    await manager.query(
      `INSERT INTO spiff_partner_funds (spiff_id, partner_id)
       SELECT s, p FROM unnest($1::uuid[]) s CROSS JOIN unnest($2::uuid[]) p ON CONFLICT DO NOTHING`,
      [spiffIds, partnerIds],
    );
    return manager.query(
      `SELECT spiff_id, partner_id, committed::text FROM spiff_partner_funds
       WHERE spiff_id = ANY ($1::uuid[]) AND partner_id = ANY ($2::uuid[]) ORDER BY spiff_id, partner_id FOR UPDATE`,
      [spiffIds, partnerIds],
    );
  }

  /** Records the grants and adds them to their funds (and partners' rows); answers the funds as they now stand. */
  async commit(manager: EntityManager, grants: FundGrant[]): Promise<FundRow[]> {
    await manager.query(
      `INSERT INTO spiff_fund_grants (sale_id, spiff_id, partner_id, granted)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::numeric[])`,
      [grants.map((g) => g.sale_id), grants.map((g) => g.spiff_id), grants.map((g) => g.partner_id), grants.map((g) => g.granted)],
    );
    return this.move(manager, grants.map((g) => ({ spiff_id: g.spiff_id, partner_id: g.partner_id, amount: g.granted })));
  }

  /**
   * Moves committed by each amount (negative: given back), per fund and per partner row that
   * exists, in one statement each; answers the funds touched.
   */
  async move(manager: EntityManager, moves: Array<{ spiff_id: string; partner_id: string; amount: string }>): Promise<FundRow[]> {
    const args = [moves.map((m) => m.spiff_id), moves.map((m) => m.partner_id), moves.map((m) => m.amount)];
    await manager.query(
      `UPDATE spiff_partner_funds f SET committed = f.committed + m.amount
       FROM (SELECT s, p, sum(a) AS amount FROM unnest($1::uuid[], $2::uuid[], $3::numeric[]) AS m(s, p, a) GROUP BY s, p) m
       WHERE f.spiff_id = m.s AND f.partner_id = m.p`,
      args,
    );
    return returned(await manager.query(
      `UPDATE spiff_funds f SET committed = f.committed + m.amount
       FROM (SELECT s, sum(a) AS amount FROM unnest($1::uuid[], $2::uuid[], $3::numeric[]) AS m(s, p, a) GROUP BY s) m
       WHERE f.spiff_id = m.s
       RETURNING f.spiff_id, f.amount::text, f.per_partner_cap::text, f.budget_version, f.committed::text, f.reached_80_at, f.reached_100_at`,
      args,
    ));
  }

  /** Marks a threshold reached unless it was; answers whether this call marked it. */
  async markThreshold(manager: EntityManager, spiffId: string, threshold: 80 | 100, at: Date): Promise<boolean> {
    const column = threshold === 80 ? 'reached_80_at' : 'reached_100_at';
    const rows = returned(await manager.query(`UPDATE spiff_funds SET ${column} = $2 WHERE spiff_id = $1 AND ${column} IS NULL RETURNING spiff_id`, [spiffId, at]));
    return rows.length > 0;
  }

  /** The sale's grants not released, locked. */
  async lockStandingGrants(manager: EntityManager, saleId: string): Promise<StandingGrant[]> {
    return manager.query(
      `SELECT spiff_id, partner_id, granted::text, given_back::text FROM spiff_fund_grants
       WHERE sale_id = $1 AND released_at IS NULL ORDER BY spiff_id FOR UPDATE`,
      [saleId],
    );
  }

  async addGivenBack(manager: EntityManager, saleId: string, backs: Array<{ spiff_id: string; amount: string }>): Promise<void> {
    await manager.query(
      `UPDATE spiff_fund_grants g SET given_back = g.given_back + b.amount
       FROM unnest($2::uuid[], $3::numeric[]) AS b(s, amount) WHERE g.sale_id = $1 AND g.spiff_id = b.s`,
      [saleId, backs.map((b) => b.spiff_id), backs.map((b) => b.amount)],
    );
  }

  async release(manager: EntityManager, saleId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE spiff_fund_grants SET released_at = $2 WHERE sale_id = $1 AND released_at IS NULL`, [saleId, at]);
  }

  /** What this partner can still draw from the funds of these spiffs (decimal strings), read outside any transaction. */
  async forPartner(spiffIds: string[], partnerId: string): Promise<Array<{ spiff_id: string; remaining: string; partner_remaining: string | null }>> {
    return this.dataSource.query(
      `SELECT f.spiff_id, (f.amount - f.committed)::text AS remaining,
              (f.per_partner_cap - coalesce(p.committed, 0))::text AS partner_remaining
       FROM spiff_funds f LEFT JOIN spiff_partner_funds p ON p.spiff_id = f.spiff_id AND p.partner_id = $2
       WHERE f.spiff_id = ANY ($1::uuid[])`,
      [spiffIds, partnerId],
    );
  }

  /** The funds of these spiffs with their last 7 days' grants (gross), read outside any transaction. */
  async states(spiffIds: string[], since: Date): Promise<Array<FundRow & { burned: string }>> {
    return this.dataSource.query(
      `SELECT f.spiff_id, f.amount::text, f.per_partner_cap::text, f.budget_version, f.committed::text, f.reached_80_at, f.reached_100_at,
              (SELECT coalesce(sum(g.granted - g.given_back), 0) FROM spiff_fund_grants g
                WHERE g.spiff_id = f.spiff_id AND g.created_at >= $2 AND g.released_at IS NULL)::text AS burned
       FROM spiff_funds f WHERE f.spiff_id = ANY ($1::uuid[])`,
      [spiffIds, since],
    );
  }
}

/** The rows of an UPDATE … RETURNING: TypeORM's PostgreSQL driver answers them as [rows, count]. */
function returned<T>(result: [T[], number] | T[]): T[] {
  return Array.isArray(result[0]) ? (result as [T[], number])[0] : (result as T[]);
}

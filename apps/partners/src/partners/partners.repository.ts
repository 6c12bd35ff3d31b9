import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { ListPartnersQuery, PartnerStatus, PartnerTier } from '@spiffworks/contracts';
import { Partner } from './partner.entity';
import { pageOf } from '@spiffworks/persistence';

export type NewPartner = Omit<Partner, 'created_at' | 'updated_at'>;

/** How many partners have a tier and a status. */
export interface ReachRow {
  tier: PartnerTier;
  status: PartnerStatus;
  n: string;
}

/** Every statement on `partners`. Writes and locks take the transaction's EntityManager. */
@Injectable()
export class PartnersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whatever the case of either email. */
  contactEmailTaken(manager: EntityManager, email: string): Promise<boolean> {
    return manager.getRepository(Partner).createQueryBuilder('p').where('lower(p.contact_email) = lower(:email)', { email }).getExists();
  }

  /**
   * For each email, in order: its key as the unique index compares it (`lower()`), and the partner
   * that has it already, if any. One statement for a chunk of an import.
   */
  async contactEmailOwners(manager: EntityManager, emails: string[]): Promise<Array<{ key: string; partner_id: string | null }>> {
    const rows: Array<{ ord: string; key: string; partner_id: string | null }> = await manager.query(
      // A subquery per email, not a join: the planner would hash every partner (a scan of the whole
      // table per chunk, 160 ms at 200,000 partners) where 2,000 index probes take 16 ms.
      `SELECT e.ord, lower(e.email) AS key,
         (SELECT p.id FROM partners p WHERE lower(p.contact_email) = lower(e.email)) AS partner_id
       FROM unnest($1::varchar[]) WITH ORDINALITY AS e(email, ord)
       ORDER BY e.ord`,
      [emails],
    );
    return rows.map(({ key, partner_id: partnerId }) => ({ key, partner_id: partnerId }));
  }

  /** A chunk of an import's partners in one statement. */
  async insertMany(manager: EntityManager, partners: NewPartner[]): Promise<void> {
    if (partners.length === 0) return;
    await manager.query(
      `INSERT INTO partners (id, name, tier, status, contact_email, version)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::int[])`,
      [partners.map((p) => p.id), partners.map((p) => p.name), partners.map((p) => p.tier), partners.map((p) => p.status), partners.map((p) => p.contact_email), partners.map((p) => p.version)],
    );
  }

  /** The partner as inserted (without the timestamps the database stamps). */
  async insert(manager: EntityManager, fields: NewPartner): Promise<Partner> {
    const repo = manager.getRepository(Partner);
    const partner = repo.create(fields);
    await repo.insert(partner);
    return partner;
  }

  /** The partner, locked `FOR UPDATE` until the transaction ends; null when there is none. */
  findForUpdate(manager: EntityManager, id: string): Promise<Partner | null> {
    return manager.getRepository(Partner).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async change(manager: EntityManager, id: string, changes: Partial<Partner>): Promise<void> {
    await manager.getRepository(Partner).update({ id }, changes);
  }

  get(manager: EntityManager, id: string): Promise<Partner> {
    return manager.getRepository(Partner).findOneByOrFail({ id });
  }

  findById(id: string): Promise<Partner | null> {
    return this.dataSource.getRepository(Partner).findOneBy({ id });
  }

  /** One page of the partners the filters select, oldest first, and how many they select in all. */
  page(query: ListPartnersQuery): Promise<[Partner[], number]> {
    const qb = this.dataSource.getRepository(Partner).createQueryBuilder('p');
    if (query.tier) qb.andWhere('p.tier = :tier', { tier: query.tier });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.q) {
      // A substring of the name or the contact email, whatever the case; % and _ are taken literally.
      const pattern = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(`(p.name ILIKE :pattern ESCAPE '\\' OR p.contact_email ILIKE :pattern ESCAPE '\\')`, { pattern });
    }
    return pageOf(qb.orderBy('p.created_at', 'ASC').addOrderBy('p.id', 'ASC'), query.page, query.page_size);
  }

  /** The partners of these tiers, counted by tier and status (one grouped, indexed query). */
  countByTierAndStatus(tiers: PartnerTier[]): Promise<ReachRow[]> {
    return this.dataSource.query('SELECT tier, status, count(*) AS n FROM partners WHERE tier = ANY($1::varchar[]) GROUP BY tier, status', [tiers]);
  }

  /** The partners of these ids, counted by tier and status. */
  countByTierAndStatusOf(ids: string[]): Promise<ReachRow[]> {
    return this.dataSource.query('SELECT tier, status, count(*) AS n FROM partners WHERE id = ANY($1::uuid[]) GROUP BY tier, status', [ids]);
  }

  /** The id and name of each partner among `ids`; unknown ids are left out. */
  namesOf(ids: string[]): Promise<Array<Pick<Partner, 'id' | 'name'>>> {
    return this.dataSource.getRepository(Partner).find({ select: { id: true, name: true }, where: { id: In(ids) } });
  }

  /** The ids among `ids` that name a partner. */
  async existingIds(ids: string[]): Promise<string[]> {
    const found = await this.dataSource.getRepository(Partner).find({ select: { id: true }, where: { id: In(ids) } });
    return found.map((p) => p.id);
  }
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type {
  CreatePartnerCommand, ListPartnersQuery, Page, PartnerReachQuery, PartnerReachView, PartnerStatus, PartnerTier, PartnerView, UpdatePartnerCommand,
} from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, Transaction } from '@spiffworks/runtime';
import { IdentityService } from '../identity/identity.service';
import { Partner, toPartnerSnapshot, toPartnerView } from './partner.entity';

@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly identity: IdentityService,
  ) {}

  /** Registers a partner as pending; with a password, also its portal user. */
  register(command: CreatePartnerCommand, idempotency?: IdempotentRequest): Promise<PartnerView> {
    return this.transactions.run(async (tx) => {
      const repo = tx.manager.getRepository(Partner);
      const email = command.contact_email.trim();
      const taken = await repo.createQueryBuilder('p').where('lower(p.contact_email) = lower(:email)', { email }).getExists();
      if (taken) throw new ServiceFailure(ErrorCode.PARTNER_EMAIL_TAKEN, `a partner with contact_email ${email} already exists`);
      const partner = repo.create({ id: randomUUID(), name: command.name.trim(), tier: command.tier, status: 'pending', contact_email: email, version: 1 });
      await repo.insert(partner);
      if (command.password) {
        await this.identity.createUser(tx.manager, { email, password: command.password, role: 'partner', partner_id: partner.id });
      }
      const saved = await repo.findOneByOrFail({ id: partner.id });
      tx.publish(Events.PartnerRegistered, toPartnerSnapshot(saved));
      return toPartnerView(saved);
    }, { idempotency });
  }

  /** Approving an approved partner changes nothing and answers the partner as it is; a suspended one is restored. */
  approve(id: string): Promise<PartnerView> {
    return this.transactions.run(async (tx) => {
      const partner = await this.lockPartner(tx, id);
      if (partner.status === 'approved') return toPartnerView(partner);
      return this.saveChange(tx, partner, { status: 'approved' }, Events.PartnerApproved);
    });
  }

  /**
   * A suspended partner keeps everything it has (assignments, sales, ledger lines, analytics) but
   * takes no part: its users cannot sign in or use their tokens, fulfillment refuses its sales and
   * new assignments. Approving it again restores all of it. Published as `partner.updated` (the
   * snapshot carries the status), which every consumer of `partner.*` already applies.
   */
  suspend(id: string): Promise<PartnerView> {
    return this.transactions.run(async (tx) => {
      const partner = await this.lockPartner(tx, id);
      if (partner.status === 'suspended') return toPartnerView(partner);
      return this.saveChange(tx, partner, { status: 'suspended' }, Events.PartnerUpdated);
    });
  }

  update(command: UpdatePartnerCommand): Promise<PartnerView> {
    return this.transactions.run(async (tx) => {
      const partner = await this.lockPartner(tx, command.id);
      const changes: Partial<Partner> = {};
      if (command.name !== undefined && command.name.trim() !== partner.name) changes.name = command.name.trim();
      if (command.tier !== undefined && command.tier !== partner.tier) changes.tier = command.tier;
      if (Object.keys(changes).length === 0) return toPartnerView(partner);
      return this.saveChange(tx, partner, changes, Events.PartnerUpdated);
    });
  }

  async get(id: string): Promise<PartnerView> {
    const partner = await this.dataSource.getRepository(Partner).findOneBy({ id });
    if (!partner) throw ServiceFailure.notFound(ErrorCode.PARTNER_NOT_FOUND, 'partner', id);
    return toPartnerView(partner);
  }

  async list(query: ListPartnersQuery): Promise<Page<PartnerView>> {
    const qb = this.dataSource.getRepository(Partner).createQueryBuilder('p');
    if (query.tier) qb.andWhere('p.tier = :tier', { tier: query.tier });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.q) {
      // A substring of the name or the contact email, whatever the case; % and _ are taken literally.
      const pattern = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(`(p.name ILIKE :pattern ESCAPE '\\' OR p.contact_email ILIKE :pattern ESCAPE '\\')`, { pattern });
    }
    const [rows, total] = await qb
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .skip((query.page - 1) * query.page_size)
      .take(query.page_size)
      .getManyAndCount();
    return { items: rows.map(toPartnerView), total, page: query.page, page_size: query.page_size };
  }

  /**
   * Whom a spiff's targeting reaches, counted by the rule fulfillment's fan-out applies: every
   * approved partner of the tiers, or every listed partner that is approved. Counts only (one
   * grouped, indexed query), so a preview of a spiff for 100,000 partners stays cheap.
   */
  async reach(query: PartnerReachQuery): Promise<PartnerReachView> {
    const byStatus: Record<PartnerStatus, number> = { pending: 0, approved: 0, suspended: 0 };
    const approvedByTier: PartnerReachView['approved_by_tier'] = {};
    let unknown: string[] = [];
    let rows: Array<{ tier: PartnerTier; status: PartnerStatus; n: string }> = [];
    if (query.assignment_type === 'tier') {
      const tiers = [...new Set(query.target_tiers ?? [])];
      for (const tier of tiers) approvedByTier[tier] = 0;
      if (tiers.length) {
        rows = await this.dataSource.query(
          'SELECT tier, status, count(*) AS n FROM partners WHERE tier = ANY($1::varchar[]) GROUP BY tier, status',
          [tiers],
        );
      }
    } else {
      const ids = [...new Set(query.target_partners ?? [])];
      if (ids.length) {
        rows = await this.dataSource.query(
          'SELECT tier, status, count(*) AS n FROM partners WHERE id = ANY($1::uuid[]) GROUP BY tier, status',
          [ids],
        );
        unknown = await this.findMissing(ids);
      }
    }
    for (const row of rows) {
      const n = Number(row.n);
      byStatus[row.status] = (byStatus[row.status] ?? 0) + n;
      if (query.assignment_type === 'tier' && row.status === 'approved') approvedByTier[row.tier] = n;
    }
    return {
      approved_partners: byStatus.approved,
      targeted_partners: byStatus.pending + byStatus.approved + byStatus.suspended,
      by_status: byStatus,
      approved_by_tier: approvedByTier,
      unknown_partners: unknown,
    };
  }

  /** The names of the partners `ids` names (unknown ids are left out): for lists that show a partner by name. */
  async names(ids: string[]): Promise<Record<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return {};
    const found = await this.dataSource.getRepository(Partner).find({ select: { id: true, name: true }, where: { id: In(unique) } });
    return Object.fromEntries(found.map((p) => [p.id, p.name]));
  }

  /** The ids in `ids` that name no partner. */
  async findMissing(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await this.dataSource.getRepository(Partner).find({ select: { id: true }, where: { id: In(unique) } });
    const known = new Set(found.map((p) => p.id));
    return unique.filter((id) => !known.has(id));
  }

  private async lockPartner(tx: Transaction, id: string): Promise<Partner> {
    const partner = await tx.manager.getRepository(Partner).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!partner) throw ServiceFailure.notFound(ErrorCode.PARTNER_NOT_FOUND, 'partner', id);
    return partner;
  }

  private async saveChange(
    tx: Transaction,
    partner: Partner,
    changes: Partial<Partner>,
    event: typeof Events.PartnerApproved | typeof Events.PartnerUpdated,
  ): Promise<PartnerView> {
    const repo = tx.manager.getRepository(Partner);
    await repo.update({ id: partner.id }, { ...changes, version: partner.version + 1 });
    const saved = await repo.findOneByOrFail({ id: partner.id });
    tx.publish(event, toPartnerSnapshot(saved));
    return toPartnerView(saved);
  }
}

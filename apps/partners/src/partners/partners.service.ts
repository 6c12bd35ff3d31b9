import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type { CreatePartnerCommand, ListPartnersQuery, Page, PartnerView, UpdatePartnerCommand } from '@spiffworks/contracts';
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
    const where = { ...(query.tier && { tier: query.tier }), ...(query.status && { status: query.status }) };
    const [rows, total] = await this.dataSource.getRepository(Partner).findAndCount({
      where,
      order: { created_at: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.page_size,
      take: query.page_size,
    });
    return { items: rows.map(toPartnerView), total, page: query.page, page_size: query.page_size };
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

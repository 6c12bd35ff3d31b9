import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type {
  CreatePartnerCommand, ImportedPartner, ListPartnersQuery, Page, PartnerReachQuery, PartnerReachView, PartnerSnapshot, PartnerStatus, PartnerView,
  ReissuedInvite, UpdatePartnerCommand,
} from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, Transaction } from '@spiffworks/runtime';
import { IdentityService } from '../identity/identity.service';
import { toPartnerSnapshot, toPartnerView } from './partner.entity';
import type { Partner } from './partner.entity';
import { PartnersRepository } from './partners.repository';
import type { ReachRow } from './partners.repository';

@Injectable()
export class PartnersService {
  constructor(
    private readonly partners: PartnersRepository,
    private readonly transactions: Transactions,
    private readonly identity: IdentityService,
  ) {}

  /** Registers a partner as pending; with a password, also its portal user. */
  register(command: CreatePartnerCommand, idempotency?: IdempotentRequest): Promise<PartnerView> {
    return this.transactions.run(async (tx) => {
      const email = command.contact_email.trim();
      if (await this.partners.contactEmailTaken(tx.manager, email)) throw new ServiceFailure(ErrorCode.PARTNER_EMAIL_TAKEN, `a partner with contact_email ${email} already exists`);
      const partner = await this.partners.insert(tx.manager, {
        id: randomUUID(), name: command.name.trim(), tier: command.tier, status: 'pending', contact_email: email, version: 1,
      });
      if (command.password) {
        await this.identity.createUser(tx.manager, { email, password: command.password, role: 'partner', partner_id: partner.id });
      }
      const saved = await this.partners.get(tx.manager, partner.id);
      tx.publish(Events.PartnerRegistered, toPartnerSnapshot(saved));
      return toPartnerView(saved);
    }, { idempotency });
  }

  /**
   * A chunk of a partner file's accepted rows, registered as `register` registers one partner (name
   * and email trimmed, version 1) but set-based: one statement for the partners, the users and
   * their invites each, and one `partner.imported` event for the chunk. A row's status is
   * `pending`, or `approved` as if approved at once. The caller has made sure no partner or user has
   * any of the emails; a race with another registration is the unique indexes' to refuse (the
   * chunk rolls back and is weighed again). Answers each row's new partner id.
   */
  async registerImported(tx: Transaction, importId: string, rows: Array<{ row: number; partner: Omit<ImportedPartner, 'password'>; password_hash: string | null }>): Promise<Map<number, string>> {
    const partners = rows.map(({ partner }): PartnerSnapshot => ({
      id: randomUUID(), name: partner.name.trim(), tier: partner.tier, status: partner.status, contact_email: partner.contact_email.trim(), version: 1,
    }));
    if (partners.length === 0) return new Map();
    await this.partners.insertMany(tx.manager, partners);
    await this.identity.createImportedUsers(tx.manager, importId, rows.map((r, i) => ({
      row: r.row, email: partners[i].contact_email, partner_id: partners[i].id, password_hash: r.password_hash,
    })));
    tx.publish(Events.PartnersImported, { import_id: importId, partners });
    return new Map(rows.map((r, i) => [r.row, partners[i].id]));
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

  /** A new invite for the partner's user (see IdentityService.reissueInvite); the partner must exist. */
  reissueInvite(partnerId: string): Promise<ReissuedInvite> {
    return this.transactions.run(async (tx) => {
      if (!(await this.partners.findById(partnerId))) throw ServiceFailure.notFound(ErrorCode.PARTNER_NOT_FOUND, 'partner', partnerId);
      return this.identity.reissueInvite(tx.manager, partnerId);
    });
  }

  async get(id: string): Promise<PartnerView> {
    const partner = await this.partners.findById(id);
    if (!partner) throw ServiceFailure.notFound(ErrorCode.PARTNER_NOT_FOUND, 'partner', id);
    return toPartnerView(partner);
  }

  async list(query: ListPartnersQuery): Promise<Page<PartnerView>> {
    const [rows, total] = await this.partners.page(query);
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
    let rows: ReachRow[] = [];
    if (query.assignment_type === 'tier') {
      const tiers = [...new Set(query.target_tiers ?? [])];
      for (const tier of tiers) approvedByTier[tier] = 0;
      if (tiers.length) {
        rows = await this.partners.countByTierAndStatus(tiers);
      }
    } else {
      const ids = [...new Set(query.target_partners ?? [])];
      if (ids.length) {
        rows = await this.partners.countByTierAndStatusOf(ids);
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
    const found = await this.partners.namesOf(unique);
    return Object.fromEntries(found.map((p) => [p.id, p.name]));
  }

  /** The ids in `ids` that name no partner. */
  async findMissing(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const known = new Set(await this.partners.existingIds(unique));
    return unique.filter((id) => !known.has(id));
  }

  private async lockPartner(tx: Transaction, id: string): Promise<Partner> {
    const partner = await this.partners.findForUpdate(tx.manager, id);
    if (!partner) throw ServiceFailure.notFound(ErrorCode.PARTNER_NOT_FOUND, 'partner', id);
    return partner;
  }

  private async saveChange(
    tx: Transaction,
    partner: Partner,
    changes: Partial<Partner>,
    event: typeof Events.PartnerApproved | typeof Events.PartnerUpdated,
  ): Promise<PartnerView> {
    await this.partners.change(tx.manager, partner.id, { ...changes, version: partner.version + 1 });
    const saved = await this.partners.get(tx.manager, partner.id);
    tx.publish(event, toPartnerSnapshot(saved));
    return toPartnerView(saved);
  }
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type {
  Actor, AssignmentView, AssignmentsCreatedPayload, CreateAssignmentCommand, FieldError, ListAssignmentsQuery, Opportunity, Page,
} from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, Transaction } from '@spiffworks/runtime';
import { SpiffFundsService } from '../funds/spiff-funds.service';
import { CatalogProductsRepository } from '../replicas/catalog-products.repository';
import { PartnerDirectoryRepository } from '../replicas/partner-directory.repository';
import { SpiffTermsRepository } from '../replicas/spiff-terms.repository';
import { toAssignmentView } from './assignment.entity';
import { AssignmentsRepository } from './assignments.repository';
import { toOpportunity } from './opportunity';

@Injectable()
export class AssignmentsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly assignments: AssignmentsRepository,
    private readonly partners: PartnerDirectoryRepository,
    private readonly products: CatalogProductsRepository,
    private readonly spiffs: SpiffTermsRepository,
    private readonly funds: SpiffFundsService,
  ) {}

  /** The seed's manual assignment, still available to admins next to the automatic ones. */
  create(command: CreateAssignmentCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<AssignmentView> {
    return this.transactions.run(async (tx) => {
      await this.checkReferences(tx, command);
      if (command.spiff_id && (await this.assignments.existsForSpiffAndPartner(tx.manager, command.spiff_id, command.partner_id))) {
        throw new ServiceFailure(ErrorCode.ASSIGNMENT_EXISTS, `partner ${command.partner_id} already has an assignment for spiff ${command.spiff_id}`);
      }
      const saved = await this.assignments.insertManual(tx.manager, {
        id: randomUUID(),
        partner_id: command.partner_id,
        spiff_id: command.spiff_id ?? null,
        product_ids: [...new Set(command.product_ids)],
        assignment_type: command.assignment_type,
        start_date: command.start_date,
        end_date: command.end_date,
        target_quantity: command.target_quantity ?? null,
        milestones: command.milestones ?? [],
        assigned_by: actor.user_id,
      });
      const payload: AssignmentsCreatedPayload = {
        spiff_id: saved.spiff_id,
        assignments: [{ id: saved.id, partner_id: saved.partner_id, status: saved.status }],
      };
      tx.publish(Events.AssignmentsCreated, payload);
      return toAssignmentView(saved);
    }, { idempotency });
  }

  async list(query: ListAssignmentsQuery): Promise<Page<AssignmentView>> {
    const [rows, total] = await this.assignments.page(query);
    return { items: rows.map(toAssignmentView), total, page: query.page, page_size: query.page_size };
  }

  /** How many assignments each spiff has, keyed by spiff id (0 for none). */
  async countBySpiff(spiffIds: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(spiffIds.map((id) => [id, 0]));
    if (spiffIds.length === 0) return counts;
    for (const row of await this.assignments.countBySpiff(spiffIds)) counts[row.spiff_id] = row.count;
    return counts;
  }

  /** The partner's own opportunities, newest first; the partner comes from the token. */
  async myOpportunities(actor: Actor): Promise<{ opportunities: Opportunity[] }> {
    if (!actor.partner_id) throw new ServiceFailure(ErrorCode.PARTNER_USER_REQUIRED, 'only a partner user has opportunities');
    const partner = await this.partners.find(actor.partner_id);
    if (!partner) return { opportunities: [] };
    const assignments = await this.assignments.ofPartner(partner.id);
    const spiffIds = [...new Set(assignments.flatMap((a) => (a.spiff_id ? [a.spiff_id] : [])))];
    const productIds = [...new Set(assignments.flatMap((a) => a.product_ids))];
    const [spiffs, products, funds] = await Promise.all([this.spiffs.byIds(spiffIds), this.products.byIds(productIds), this.funds.forPartner(spiffIds, partner.id)]);
    const spiffById = new Map(spiffs.map((s) => [s.id, s]));
    const productById = new Map(products.map((p) => [p.id, { ...p, commission_rate: decimalToNumber(p.commission_rate) }]));
    return {
      opportunities: assignments.map((a) => toOpportunity(a, a.spiff_id ? spiffById.get(a.spiff_id) : undefined, productById, partner.tier, funds)),
    };
  }

  private async checkReferences(tx: Transaction, command: CreateAssignmentCommand): Promise<void> {
    const errors: FieldError[] = [];
    if (command.end_date < command.start_date) errors.push({ field: 'end_date', reason: 'must not be before start_date' });
    if (command.assignment_type === 'spiff' && !command.spiff_id) {
      errors.push({ field: 'spiff_id', reason: 'is required when assignment_type is "spiff"' });
    }
    const partner = await this.partners.find(command.partner_id, tx.manager);
    if (!partner) errors.push({ field: 'partner_id', reason: `names an unknown partner: ${command.partner_id}` });
    if (command.spiff_id && !(await this.spiffs.exists(tx.manager, command.spiff_id))) {
      errors.push({ field: 'spiff_id', reason: `names an unknown spiff: ${command.spiff_id}` });
    }
    const unique = [...new Set(command.product_ids)];
    const known = await this.products.knownIds(tx.manager, unique);
    const missing = unique.filter((id) => !known.includes(id));
    if (missing.length) errors.push({ field: 'product_ids', reason: `names unknown products: ${missing.join(', ')}` });
    if (errors.length) throw ServiceFailure.invalid(errors);
    // Only approved partners take part; a pending or suspended one gets no assignment, by hand either.
    if (partner && partner.status !== 'approved') {
      throw new ServiceFailure(ErrorCode.PARTNER_NOT_APPROVED, `partner ${partner.name} is ${partner.status}: only an approved partner can be assigned`);
    }
  }
}

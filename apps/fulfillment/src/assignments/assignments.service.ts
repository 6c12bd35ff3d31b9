import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type {
  Actor, AssignmentView, AssignmentsCreatedPayload, CreateAssignmentCommand, FieldError, ListAssignmentsQuery, Opportunity, Page,
} from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, Transaction } from '@spiffworks/runtime';
import { CatalogProduct } from '../replicas/catalog-product.entity';
import { PartnerDirectoryEntry } from '../replicas/partner-directory.entity';
import { SpiffTerms } from '../replicas/spiff-terms.entity';
import { Assignment, toAssignmentView } from './assignment.entity';
import { toOpportunity } from './opportunity';

@Injectable()
export class AssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /** The seed's manual assignment, still available to admins next to the automatic ones. */
  create(command: CreateAssignmentCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<AssignmentView> {
    return this.transactions.run(async (tx) => {
      await this.checkReferences(tx, command);
      const repo = tx.manager.getRepository(Assignment);
      if (command.spiff_id && (await repo.existsBy({ spiff_id: command.spiff_id, partner_id: command.partner_id }))) {
        throw new ServiceFailure(ErrorCode.ASSIGNMENT_EXISTS, `partner ${command.partner_id} already has an assignment for spiff ${command.spiff_id}`);
      }
      const assignment = repo.create({
        id: randomUUID(),
        partner_id: command.partner_id,
        spiff_id: command.spiff_id ?? null,
        product_ids: [...new Set(command.product_ids)],
        assignment_type: command.assignment_type,
        start_date: command.start_date,
        end_date: command.end_date,
        target_quantity: command.target_quantity ?? null,
        actual_quantity: 0,
        actual_revenue: '0',
        milestones: command.milestones ?? [],
        status: 'active',
        assigned_by: actor.user_id,
        origin: 'manual',
      });
      await repo.insert(assignment);
      const saved = await repo.findOneByOrFail({ id: assignment.id });
      const payload: AssignmentsCreatedPayload = {
        spiff_id: saved.spiff_id,
        assignments: [{ id: saved.id, partner_id: saved.partner_id, status: saved.status }],
      };
      tx.publish(Events.AssignmentsCreated, payload);
      return toAssignmentView(saved);
    }, { idempotency });
  }

  async list(query: ListAssignmentsQuery): Promise<Page<AssignmentView>> {
    const where = { ...(query.partner_id && { partner_id: query.partner_id }), ...(query.spiff_id && { spiff_id: query.spiff_id }) };
    const [rows, total] = await this.dataSource.getRepository(Assignment).findAndCount({
      where,
      order: { created_at: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.page_size,
      take: query.page_size,
    });
    return { items: rows.map(toAssignmentView), total, page: query.page, page_size: query.page_size };
  }

  /** How many assignments each spiff has, keyed by spiff id (0 for none). */
  async countBySpiff(spiffIds: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(spiffIds.map((id) => [id, 0]));
    if (spiffIds.length === 0) return counts;
    const rows: Array<{ spiff_id: string; count: string }> = await this.dataSource.query(
      'SELECT spiff_id, count(*) AS count FROM assignments WHERE spiff_id = ANY ($1::uuid[]) GROUP BY spiff_id',
      [spiffIds],
    );
    for (const row of rows) counts[row.spiff_id] = Number(row.count);
    return counts;
  }

  /** The partner's own opportunities, newest first; the partner comes from the token. */
  async myOpportunities(actor: Actor): Promise<{ opportunities: Opportunity[] }> {
    if (!actor.partner_id) throw new ServiceFailure(ErrorCode.PARTNER_USER_REQUIRED, 'only a partner user has opportunities');
    const partner = await this.dataSource.getRepository(PartnerDirectoryEntry).findOneBy({ id: actor.partner_id });
    if (!partner) return { opportunities: [] };
    const assignments = await this.dataSource.getRepository(Assignment).find({
      where: { partner_id: partner.id },
      order: { created_at: 'DESC', id: 'ASC' },
    });
    const spiffIds = [...new Set(assignments.flatMap((a) => (a.spiff_id ? [a.spiff_id] : [])))];
    const productIds = [...new Set(assignments.flatMap((a) => a.product_ids))];
    const [spiffs, products] = await Promise.all([
      this.dataSource.getRepository(SpiffTerms).findBy({ id: In(spiffIds) }),
      this.dataSource.getRepository(CatalogProduct).findBy({ id: In(productIds) }),
    ]);
    const spiffById = new Map(spiffs.map((s) => [s.id, s]));
    const productById = new Map(products.map((p) => [p.id, { ...p, commission_rate: decimalToNumber(p.commission_rate) }]));
    return {
      opportunities: assignments.map((a) => toOpportunity(a, a.spiff_id ? spiffById.get(a.spiff_id) : undefined, productById, partner.tier)),
    };
  }

  private async checkReferences(tx: Transaction, command: CreateAssignmentCommand): Promise<void> {
    const errors: FieldError[] = [];
    if (command.end_date < command.start_date) errors.push({ field: 'end_date', reason: 'must not be before start_date' });
    if (command.assignment_type === 'spiff' && !command.spiff_id) {
      errors.push({ field: 'spiff_id', reason: 'is required when assignment_type is "spiff"' });
    }
    const partner = await tx.manager.getRepository(PartnerDirectoryEntry).findOneBy({ id: command.partner_id });
    if (!partner) errors.push({ field: 'partner_id', reason: `names an unknown partner: ${command.partner_id}` });
    if (command.spiff_id && !(await tx.manager.getRepository(SpiffTerms).existsBy({ id: command.spiff_id }))) {
      errors.push({ field: 'spiff_id', reason: `names an unknown spiff: ${command.spiff_id}` });
    }
    const unique = [...new Set(command.product_ids)];
    const known = await tx.manager.getRepository(CatalogProduct).find({ select: { id: true }, where: { id: In(unique) } });
    const missing = unique.filter((id) => !known.some((p) => p.id === id));
    if (missing.length) errors.push({ field: 'product_ids', reason: `names unknown products: ${missing.join(', ')}` });
    if (errors.length) throw ServiceFailure.invalid(errors);
    // Only approved partners take part; a pending or suspended one gets no assignment, by hand either.
    if (partner && partner.status !== 'approved') {
      throw new ServiceFailure(ErrorCode.PARTNER_NOT_APPROVED, `partner ${partner.name} is ${partner.status}: only an approved partner can be assigned`);
    }
  }
}

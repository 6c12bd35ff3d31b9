import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Events, commissionRateForTier, todayUtc } from '@spiffworks/contracts';
import type { Actor, LogSaleCommand, MySalesQuery, Page, SaleLoggedPayload, SaleView, SpiffCandidate } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { decimalToNumber, numberToDecimal } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, Transaction } from '@spiffworks/runtime';
import { MilestonesService } from '../milestones/milestones.service';
import { CatalogProduct } from '../replicas/catalog-product.entity';
import { PartnerDirectoryEntry } from '../replicas/partner-directory.entity';
import { CommissionsClient } from './commissions.client';
import { Sale } from './sale.entity';
import { toSaleView } from './sale-view';

@Injectable()
export class SalesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly milestones: MilestonesService,
    private readonly commissions: CommissionsClient,
  ) {}

  /**
   * Records a sale of a product the partner holds in an assignment covering the sale date,
   * advances that assignment's milestones, and publishes `sale.logged` with every fact its
   * commission depends on. The response carries the commission when the ledger answers in time.
   * A replayed Idempotency-Key gets the recorded sale back, and the commission as it stands now
   * (the ledger books a sale once, so asking again books nothing).
   */
  async log(command: LogSaleCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<SaleView> {
    if (actor.role === 'partner' && actor.partner_id !== command.partner_id) {
      throw ServiceFailure.forbidden('a partner logs sales for itself only');
    }
    if (command.sale_date > todayUtc()) throw ServiceFailure.invalid([{ field: 'sale_date', reason: 'must not be in the future' }]);
    const { sale, facts } = await this.transactions.run((tx) => this.recordSale(tx, command, actor), { idempotency });
    const commission = await this.commissions.record(facts);
    return toSaleView(sale, facts.product_name, commission);
  }

  private async recordSale(tx: Transaction, command: LogSaleCommand, actor: Actor): Promise<{ sale: Sale; facts: SaleLoggedPayload }> {
    const { partner, product } = await this.findPartnerAndProduct(tx.manager, command);
    const assignmentIds = await this.coveringAssignments(tx.manager, command);
    if (assignmentIds.length === 0) {
      throw ServiceFailure.unprocessable(
        `product ${product.name} is not in any active assignment of partner ${partner.name} covering ${command.sale_date}`,
      );
    }
    const invoice = command.invoice_number?.trim() || null;
    if (invoice && (await tx.manager.getRepository(Sale).existsBy({ partner_id: partner.id, invoice_number: invoice }))) {
      throw ServiceFailure.conflict(`invoice_number ${invoice} was already used for a sale of this partner`);
    }
    const unitPrice = numberToDecimal(command.unit_price);
    const revenue = new Decimal(unitPrice).times(command.quantity).toFixed(2);
    const sale = tx.manager.getRepository(Sale).create({
      id: randomUUID(), partner_id: partner.id, product_id: product.id, quantity: command.quantity, unit_price: unitPrice,
      revenue, sale_date: command.sale_date, invoice_number: invoice, notes: command.notes ?? null, logged_by: actor.user_id,
      returned_quantity: 0, assignment_ids: assignmentIds,
    });
    await tx.manager.getRepository(Sale).insert(sale);
    const saved = await tx.manager.getRepository(Sale).findOneByOrFail({ id: sale.id });
    await this.milestones.addSaleToProgress(tx, assignmentIds, command.quantity, revenue);
    const facts: SaleLoggedPayload = {
      sale_id: saved.id,
      partner_id: partner.id,
      partner_name: partner.name,
      tier: partner.tier,
      product_id: product.id,
      product_name: product.name,
      quantity: saved.quantity,
      unit_price: saved.unit_price,
      revenue: saved.revenue,
      sale_date: saved.sale_date,
      invoice_number: saved.invoice_number,
      commission_rate: numberToDecimal(commissionRateForTier({ ...product, commission_rate: decimalToNumber(product.commission_rate) }, partner.tier)),
      spiff_candidates: await this.spiffCandidates(tx.manager, command),
      assignment_ids: assignmentIds,
      logged_by: actor.user_id,
      logged_at: saved.created_at.toISOString(),
    };
    tx.publish(Events.SaleLogged, facts);
    return { sale: saved, facts };
  }

  private async findPartnerAndProduct(manager: EntityManager, command: LogSaleCommand) {
    const [partner, product] = await Promise.all([
      manager.getRepository(PartnerDirectoryEntry).findOneBy({ id: command.partner_id }),
      manager.getRepository(CatalogProduct).findOneBy({ id: command.product_id }),
    ]);
    if (!partner) throw ServiceFailure.invalid([{ field: 'partner_id', reason: `names an unknown partner: ${command.partner_id}` }]);
    if (!product) throw ServiceFailure.invalid([{ field: 'product_id', reason: `names an unknown product: ${command.product_id}` }]);
    return { partner, product };
  }

  /** The partner's active assignments that hold the product and whose period covers the sale; locked. */
  private async coveringAssignments(manager: EntityManager, command: LogSaleCommand): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM assignments
       WHERE partner_id = $1 AND status = 'active' AND $2 = ANY (product_ids) AND start_date <= $3 AND end_date >= $3
       ORDER BY id FOR UPDATE`,
      [command.partner_id, command.product_id, command.sale_date],
    );
    return rows.map((r) => r.id);
  }

  /** Spiffs on the product that run on the sale date or that the partner is assigned to: the ones the ledger weighs. */
  private async spiffCandidates(manager: EntityManager, command: LogSaleCommand): Promise<SpiffCandidate[]> {
    const rows: Array<{
      id: string; name: string; incentive_type: SpiffCandidate['incentive_type']; incentive_amount: string; start_date: string;
      end_date: string; status: SpiffCandidate['status']; cancelled_on: string | null; product_ids: string[]; partner_has_assignment: boolean;
    }> = await manager.query(
      // Closed assignments count: only a cancellation closes them, and the cancellation date decides.
      `SELECT s.id, s.name, s.incentive_type, s.incentive_amount, s.start_date, s.end_date, s.status, s.cancelled_on, s.product_ids,
              EXISTS (SELECT 1 FROM assignments a WHERE a.partner_id = $1 AND a.spiff_id = s.id) AS partner_has_assignment
       FROM spiff_terms s
       WHERE $2 = ANY (s.product_ids)
         AND ((s.start_date <= $3 AND s.end_date >= $3)
              OR EXISTS (SELECT 1 FROM assignments a WHERE a.partner_id = $1 AND a.spiff_id = s.id))
       ORDER BY s.created_at, s.id`,
      [command.partner_id, command.product_id, command.sale_date],
    );
    return rows.map((r) => ({
      spiff_id: r.id, name: r.name, incentive_type: r.incentive_type, incentive_amount: r.incentive_amount, start_date: r.start_date,
      end_date: r.end_date, status: r.status, cancelled_on: r.cancelled_on, product_ids: r.product_ids, partner_has_assignment: r.partner_has_assignment,
    }));
  }

  /** The partner's own sales, newest first, each with its commission. */
  async mySales(actor: Actor, query: MySalesQuery): Promise<Page<SaleView>> {
    if (!actor.partner_id) throw ServiceFailure.forbidden('only a partner user has sales');
    const [sales, total] = await this.dataSource.getRepository(Sale).findAndCount({
      where: { partner_id: actor.partner_id },
      order: { sale_date: 'DESC', created_at: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.page_size,
      take: query.page_size,
    });
    const productIds = [...new Set(sales.map((s) => s.product_id))];
    const [products, commissions] = await Promise.all([
      this.dataSource.getRepository(CatalogProduct).find({ select: { id: true, name: true }, where: { id: In(productIds) } }),
      this.commissions.bySales(sales.map((s) => s.id)),
    ]);
    const names = new Map(products.map((p) => [p.id, p.name]));
    return {
      items: sales.map((s) => toSaleView(s, names.get(s.product_id) ?? '', commissions[s.id])),
      total,
      page: query.page,
      page_size: query.page_size,
    };
  }
}

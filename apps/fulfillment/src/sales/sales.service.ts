import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { Events, commissionRateForTier, describeFieldErrors, isFutureEverywhere, ErrorCode } from '@spiffworks/contracts';
import type { Actor, LogSaleCommand, MySalesQuery, Page, SaleLoggedPayload, SaleView } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { numberToDecimal } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, Transaction } from '@spiffworks/runtime';
import { CatalogProductsRepository } from '../replicas/catalog-products.repository';
import { CommissionsClient } from './commissions.client';
import type { Sale } from './sale.entity';
import { SaleContextRepository } from './sale-context.repository';
import { SaleCoverage } from './sale-coverage';
import { commissionToBook, toSaleView } from './sale-view';
import { SalesRepository } from './sales.repository';
import { ledgerAmountErrors } from './amount-limits';

/** A sale as recorded, with the facts its `sale.logged` carries. */
export interface RecordedSale {
  sale: Sale;
  facts: SaleLoggedPayload;
}

/** What no sale gets past, before anything is read: another partner's sale by a partner, a future date. */
function refuseUnlessAllowed(command: LogSaleCommand, actor: Actor): void {
  if (actor.role === 'partner' && actor.partner_id !== command.partner_id) {
    throw new ServiceFailure(ErrorCode.NOT_YOUR_PARTNER, 'a partner logs sales for itself only');
  }
  // Judged against UTC+14, the latest time zone: a partner's today is never refused, wherever it is.
  if (isFutureEverywhere(command.sale_date)) throw ServiceFailure.invalid([{ field: 'sale_date', reason: 'must not be in the future' }]);
}

@Injectable()
export class SalesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly coverage: SaleCoverage,
    private readonly sales: SalesRepository,
    private readonly saleContext: SaleContextRepository,
    private readonly products: CatalogProductsRepository,
    private readonly commissions: CommissionsClient,
  ) {}

  /**
   * Records a sale of a product the partner holds in an assignment covering the sale date,
   * advances that assignment's milestones, and publishes `sale.logged` with every fact its
   * commission depends on. The response carries the commission the ledger will book: the same
   * rules applied to the same facts, so the sale never waits on the ledger. A replayed
   * Idempotency-Key gets the recorded sale back with its ledger line as it stands now.
   */
  async log(command: LogSaleCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<SaleView> {
    // Refused before the Idempotency-Key is claimed too: the answer to a sale it may not log never depends on the key's history.
    refuseUnlessAllowed(command, actor);
    let replayed = true;
    const { sale, facts } = await this.transactions.run((tx) => {
      replayed = false;
      return this.record(tx, command, actor);
    }, { idempotency });
    // A replay shows the ledger's line as it stands now; until the ledger has booked it (or if it does
    // not answer), the same numbers as the first answer, so retries racing the booking agree.
    const booked = replayed ? (await this.commissions.bySales([sale.id]))[sale.id] : undefined;
    return toSaleView(sale, facts.product_name, booked ?? commissionToBook(facts));
  }

  /**
   * The sale rule, in the caller's transaction: whoever logs it (`log`, a sell-through file's
   * import) the same checks, the same progress and milestones, the same `sale.logged` on `tx`.
   * A refusal is a ServiceFailure; the caller rolls back what it had already changed.
   */
  async record(tx: Transaction, command: LogSaleCommand, actor: Actor): Promise<RecordedSale> {
    refuseUnlessAllowed(command, actor);
    return this.recordSale(tx, command, actor);
  }

  private async recordSale(tx: Transaction, command: LogSaleCommand, actor: Actor): Promise<RecordedSale> {
    const unitPrice = new Decimal(numberToDecimal(command.unit_price)).toFixed(2);
    const revenue = new Decimal(unitPrice).times(command.quantity).toFixed(2);
    const assignmentIds = await this.coverage.countSale(tx, { ...command, revenue });
    // Read after the assignments are locked: a spiff update that extended them has committed its terms too.
    const { partner, product, spiffs } = await this.saleContext.read(tx.manager, command);
    if (!partner) throw ServiceFailure.invalid([{ field: 'partner_id', reason: `names an unknown partner: ${command.partner_id}` }]);
    if (partner.status !== 'approved') {
      throw new ServiceFailure(ErrorCode.PARTNER_ACCOUNT_INACTIVE, `partner ${partner.name} is ${partner.status}: only an approved partner logs sales`);
    }
    if (!product) throw ServiceFailure.invalid([{ field: 'product_id', reason: `names an unknown product: ${command.product_id}` }]);
    this.coverage.requireCovered(assignmentIds, { partner_name: partner.name, product_name: product.name, sale_date: command.sale_date });
    const invoice = command.invoice_number?.trim() || null;
    if (invoice && (await this.sales.invoiceUsed(tx.manager, partner.id, invoice))) {
      throw new ServiceFailure(ErrorCode.INVOICE_ALREADY_USED, `invoice_number ${invoice} was already used for a sale of this partner`);
    }
    const sale = await this.sales.insert(tx.manager, {
      id: randomUUID(), partner_id: partner.id, product_id: product.id, quantity: command.quantity, unit_price: unitPrice,
      revenue, sale_date: command.sale_date, invoice_number: invoice, notes: command.notes ?? null, logged_by: actor.user_id,
      returned_quantity: 0, assignment_ids: assignmentIds,
    });
    const facts: SaleLoggedPayload = {
      sale_id: sale.id,
      partner_id: partner.id,
      partner_name: partner.name,
      tier: partner.tier,
      product_id: product.id,
      product_name: product.name,
      quantity: sale.quantity,
      unit_price: sale.unit_price,
      revenue: sale.revenue,
      sale_date: sale.sale_date,
      invoice_number: sale.invoice_number,
      commission_rate: numberToDecimal(commissionRateForTier(product, partner.tier)),
      spiff_candidates: spiffs,
      assignment_ids: assignmentIds,
      logged_by: actor.user_id,
      logged_at: sale.created_at.toISOString(),
    };
    const tooLarge = ledgerAmountErrors(facts); // refused here, never a dead letter in the ledger's consumer
    if (tooLarge.length) throw new ServiceFailure(ErrorCode.AMOUNT_OUT_OF_RANGE, describeFieldErrors(tooLarge), tooLarge);
    tx.publish(Events.SaleLogged, facts);
    return { sale, facts };
  }

  /** The partner's own sales, newest first, each with its commission. */
  async mySales(actor: Actor, query: MySalesQuery): Promise<Page<SaleView>> {
    if (!actor.partner_id) throw new ServiceFailure(ErrorCode.PARTNER_USER_REQUIRED, 'only a partner user has sales');
    const [sales, total] = await this.sales.pageOfPartner(actor.partner_id, query);
    const productIds = [...new Set(sales.map((s) => s.product_id))];
    const [products, commissions] = await Promise.all([this.products.namesByIds(productIds), this.commissions.bySales(sales.map((s) => s.id))]);
    const names = new Map(products.map((p) => [p.id, p.name]));
    return {
      items: sales.map((s) => toSaleView(s, names.get(s.product_id) ?? '', commissions[s.id])),
      total,
      page: query.page,
      page_size: query.page_size,
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ErrorCode, Events, SALES_PER_EVENT, slicesOf } from '@spiffworks/contracts';
import type { Actor, LogSaleCommand, MilestoneAchievedPayload, MySalesQuery, Page, SaleLoggedPayload, SaleView } from '@spiffworks/contracts';
import { ServiceFailure, activeCorrelationId, runWithCorrelation, withTraceContext } from '@spiffworks/messaging';
import type { Context } from '@opentelemetry/api';
import { GroupCommit, Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest, Transaction } from '@spiffworks/runtime';
import Decimal from 'decimal.js';
import { SpiffFundsService } from '../funds/spiff-funds.service';
import { CatalogProductsRepository } from '../replicas/catalog-products.repository';
import { CommissionsClient } from './commissions.client';
import type { Sale } from './sale.entity';
import { SaleContextRepository } from './sale-context.repository';
import type { SaleReplicasRead } from './sale-context.repository';
import { SaleCoverage } from './sale-coverage';
import { commissionToBook, toSaleView } from './sale-view';
import { SalesRepository } from './sales.repository';
import { refuseUnlessAllowed, saleRefusal, weighSales } from './sale-rule';
import type { AcceptedSale, FundBook, SaleToLog, SaleVerdict } from './sale-rule';
import type { LockedFund } from '../funds/spiff-funds.repository';

/**
 * How recorded sales are announced: a `sale.logged` each (a sale of the API), or `sales.logged` per
 * up to SALES_PER_EVENT sales (a file's chunk: one message and one consumer transaction for many).
 */
export type SalePublishing = 'each' | 'batched';

/** A sale to log, and the id of the request that logs it (its events carry it). */
export interface LoggedSale extends SaleToLog {
  correlationId?: string;
  /** The sale's own span (`GroupCommit`): its events continue the request's trace. */
  trace?: Context;
}

/** Sales of the API logged at the same time, in one transaction at most. */
const SALES_PER_TRANSACTION = 100;
/** Transactions of API sales at once: one gathers sales while the other waits on the database. */
const SALE_TRANSACTIONS_IN_FLIGHT = 2;

/**
 * The clock the sale rule reads "now" from (a sale dated after today in UTC+14 is in the future):
 * the system clock, which a test replaces to stand at a moment of its choosing.
 */
export const SALE_CLOCK = Symbol('SALE_CLOCK');
export type SaleClock = () => Date;
export const systemSaleClock = { provide: SALE_CLOCK, useValue: (() => new Date()) satisfies SaleClock };

/** A sale as recorded, with the facts its `sale.logged` carries. */
export interface RecordedSale {
  sale: Sale;
  facts: SaleLoggedPayload;
}

@Injectable()
export class SalesService {
  private readonly intake: GroupCommit<SaleToLog, RecordedSale>;

  constructor(
    transactions: Transactions,
    private readonly coverage: SaleCoverage,
    private readonly sales: SalesRepository,
    private readonly saleContext: SaleContextRepository,
    private readonly products: CatalogProductsRepository,
    private readonly commissions: CommissionsClient,
    private readonly funds: SpiffFundsService,
    @Inject(SALE_CLOCK) private readonly clock: SaleClock,
  ) {
    this.intake = new GroupCommit(
      transactions,
      (tx, requests) => this.recordMany(tx, requests.map(({ command: sale, correlationId, trace }) => ({ ...sale, correlationId, trace })), 'each'),
      { maxBatch: SALES_PER_TRANSACTION, inFlight: SALE_TRANSACTIONS_IN_FLIGHT, spanName: 'sale' },
    );
  }

  /**
   * Records a sale of a product the partner holds in an assignment covering the sale date,
   * advances that assignment's milestones, and publishes `sale.logged` with every fact its
   * commission depends on. The response carries the commission the ledger will book: the same
   * rules applied to the same facts, so the sale never waits on the ledger. A replayed
   * Idempotency-Key gets the recorded sale back with its ledger line as it stands now.
   * Sales logged at the same time share a transaction (`GroupCommit`), each answered on its own.
   */
  async log(command: LogSaleCommand, actor: Actor, idempotency?: IdempotentRequest): Promise<SaleView> {
    // Refused before the Idempotency-Key is claimed too: the answer to a sale it may not log never depends on the key's history.
    refuseUnlessAllowed(command, actor, this.clock());
    const { value: { sale, facts }, replayed } = await this.intake.submit({ command, actor }, idempotency);
    // A replay shows the ledger's line as it stands now; until the ledger has booked it (or if it does
    // not answer), the same numbers as the first answer, so retries racing the booking agree.
    const booked = replayed ? (await this.commissions.bySales([sale.id]))[sale.id] : undefined;
    return toSaleView(sale, facts.product_name, booked ?? commissionToBook(facts));
  }

  /**
   * The sale rule for a batch, in the caller's transaction: whoever logs them (`log`, a sell-through
   * file's import) the same checks, progress, milestones and `sale.logged`, each sale seeing the
   * ones before it. Answers per sale the recorded sale or its refusal; a refused sale changes nothing.
   * Round trips do not grow with the batch: lock, read, insert, progress, milestones.
   */
  async recordMany(tx: Transaction, sales: LoggedSale[], publishing: SalePublishing): Promise<Array<RecordedSale | ServiceFailure>> {
    const verdicts = await this.weigh(tx, sales);
    const accepted = verdicts.flatMap((v) => ('accepted' in v ? [v.accepted] : []));
    if (accepted.length === 0) return verdicts.map((v) => ('refused' in v ? v.refused : never()));
    const at = await this.sales.insertMany(tx.manager, accepted.map(saleRow));
    const achieved = await this.coverage.count(tx, accepted, at);
    await this.funds.commitGrants(tx, accepted.flatMap((s) => s.grants.map((g) => ({ ...g, sale_id: s.facts.sale_id }))), at);
    return announce(tx, sales, verdicts, achieved, at, publishing);
  }

  /** Locks the assignments the sales could count toward, reads what else they need, and puts each through the sale rule. */
  private async weigh(tx: Transaction, sales: SaleToLog[]): Promise<SaleVerdict[]> {
    const now = this.clock();
    const allowed = sales.filter((s) => !saleRefusal(s.command, s.actor, now)).map((s) => s.command);
    if (allowed.length === 0) return weighSales({ ...emptyRead(), assignments: [], standing: new Set() }, sales, randomUUID, now);
    const locked = await this.coverage.lock(tx, allowed);
    const read = await this.saleContext.read(tx.manager, allowed);
    // After the assignments, the funds of the budgeted spiffs among them (only sales of one budgeted spiff queue on its row).
    const funds = await this.funds.lockForSales(tx, read.spiffs.map((s) => s.spiff_id), allowed.map((c) => c.partner_id).filter((id) => read.partners.has(id)));
    return weighSales({ ...read, ...locked, funds: fundBooks(funds) }, sales, randomUUID, now);
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

function fundBooks(funds: Map<string, LockedFund>): Map<string, FundBook> {
  return new Map([...funds].map(([id, f]) => [id, {
    remaining: new Decimal(f.amount).minus(f.committed),
    cap: f.per_partner_cap === null ? null : new Decimal(f.per_partner_cap),
    partners: new Map([...f.partners].map(([partner, committed]) => [partner, new Decimal(committed)])),
  }]));
}

function emptyRead(): SaleReplicasRead {
  return { partners: new Map(), products: new Map(), spiffs: [], invoicesUsed: new Set() };
}

function saleRow({ facts, notes }: AcceptedSale): Omit<Sale, 'created_at'> {
  return {
    id: facts.sale_id, partner_id: facts.partner_id, product_id: facts.product_id, quantity: facts.quantity, unit_price: facts.unit_price,
    revenue: facts.revenue, sale_date: facts.sale_date, invoice_number: facts.invoice_number, notes, logged_by: facts.logged_by,
    returned_quantity: 0, assignment_ids: facts.assignment_ids,
  };
}

/**
 * Publishes what the accepted sales did, in their order (a sale's milestones before it), and answers
 * per sale the recorded sale or its refusal.
 */
function announce(
  tx: Transaction,
  sales: LoggedSale[],
  verdicts: SaleVerdict[],
  achieved: MilestoneAchievedPayload[][],
  at: Date,
  publishing: SalePublishing,
): Array<RecordedSale | ServiceFailure> {
  let nth = 0;
  const recorded = verdicts.map((verdict, i) => {
    if ('refused' in verdict) return verdict.refused;
    const facts: SaleLoggedPayload = { ...verdict.accepted.facts, logged_at: at.toISOString() };
    const milestones = achieved[nth++];
    // Each sale's events carry the id (and the trace) of the request that logged it, whatever else shares the transaction.
    withTraceContext(sales[i].trace, () => runWithCorrelation(sales[i].correlationId ?? activeCorrelationId(), () => {
      for (const milestone of milestones) tx.publish(Events.MilestoneAchieved, milestone);
      if (publishing === 'each') tx.publish(Events.SaleLogged, facts);
    }));
    return { sale: { ...saleRow(verdict.accepted), created_at: at }, facts };
  });
  if (publishing === 'batched') {
    const facts = recorded.flatMap((r) => (r instanceof ServiceFailure ? [] : [r.facts]));
    for (const sales of slicesOf(facts, SALES_PER_EVENT)) tx.publish(Events.SalesLogged, { sales });
  }
  return recorded;
}

function never(): never {
  throw new Error('a verdict is accepted or refused');
}

import Decimal from 'decimal.js';
import { ErrorCode, commissionRateForTier, describeFieldErrors, isFutureEverywhere } from '@spiffworks/contracts';
import type { Actor, LogSaleCommand, Milestone, PartnerStatus, PartnerTier, SaleLoggedPayload, SpiffCandidate, TierRates } from '@spiffworks/contracts';
import { availableFor, calculateSaleCommission } from '@spiffworks/commission-rules';
import { ServiceFailure } from '@spiffworks/messaging';
import { WideDecimal, numberToDecimal } from '@spiffworks/persistence';
import { ledgerAmountErrors } from './amount-limits';
import { milestonesReached } from '../milestones/milestone-progress';

/** An active assignment of one of the batch's partners that holds one of its products, locked, with its progress. */
export interface CandidateAssignment {
  id: string;
  partner_id: string;
  spiff_id: string | null;
  product_ids: string[];
  start_date: string;
  end_date: string;
  /** bigint and numeric(38,2): decimal strings. */
  actual_quantity: string;
  actual_revenue: string;
  milestones: Milestone[];
}

/** A spiff on one of the batch's products, with the batch's partners that hold an assignment of it. */
export interface SpiffOnProducts extends Omit<SpiffCandidate, 'partner_has_assignment'> {
  assigned_partner_ids: string[];
}

/** What the sale rule reads before it weighs a batch of sales: the state each sale sees. */
export interface SaleBook {
  partners: Map<string, { id: string; name: string; tier: PartnerTier; status: PartnerStatus }>;
  products: Map<string, { id: string; name: string; commission_rate: number; commission_rates: TierRates }>;
  /** In the order the ledger weighs them: oldest spiff first. */
  spiffs: SpiffOnProducts[];
  /** In id order, the order their locks were taken in. */
  assignments: CandidateAssignment[];
  /** `assignment_id/milestone_name` of every achievement standing on the assignments. */
  standing: Set<string>;
  /** `partner_id/invoice_number` of every invoice already used by a sale. */
  invoicesUsed: Set<string>;
  /** The funds of the budgeted spiffs among `spiffs`, locked: what each still has, by spiff id. */
  funds?: Map<string, FundBook>;
}

/** A locked fund as the sales of a batch draw on it, one after the other. */
export interface FundBook {
  remaining: Decimal;
  /** null: no per-partner cap. */
  cap: Decimal | null;
  /** Committed per partner (capped funds). */
  partners: Map<string, Decimal>;
}

/** What an accepted sale drew from a fund. */
export interface SaleGrant {
  spiff_id: string;
  partner_id: string;
  /** Decimal string, ≥ 0. */
  granted: string;
}

/** A milestone an accepted sale took an assignment to. */
export interface ReachedMilestone {
  assignment: Pick<CandidateAssignment, 'id' | 'partner_id' | 'spiff_id'>;
  milestone: Milestone;
}

/** A sale the rule accepted: the row to store, the facts its `sale.logged` carries (but the time it is stored). */
export interface AcceptedSale {
  facts: Omit<SaleLoggedPayload, 'logged_at'>;
  notes: string | null;
  reached: ReachedMilestone[];
  /** One per budgeted spiff the sale was weighed against. */
  grants: SaleGrant[];
}

/** A sale to weigh, and who logs it. */
export interface SaleToLog {
  command: LogSaleCommand;
  actor: Actor;
}

export type SaleVerdict = { accepted: AcceptedSale } | { refused: ServiceFailure };

/** The widest progress an assignment holds (bigint units, numeric(38,2) revenue). */
const MAX_UNITS = new Decimal('9223372036854775807');
const MAX_REVENUE = new Decimal('1e36');

/**
 * The sale rule, for one sale or a whole file's chunk: each sale, in order, sees the book as the
 * ones before it left it (their progress, milestones and invoice numbers). A sale is refused when
 * its partner may not log it, it is dated in the future, its partner or product is unknown or the
 * partner not approved, no active assignment of the partner holds the product on the sale date,
 * its invoice number was used by the partner before, or its commission could not be held by a
 * ledger line. An accepted sale counts toward every covering assignment and reaches the
 * milestones their new progress meets that do not stand already. `now` is the moment the sales are
 * weighed at: what "in the future" is judged against.
 */
export function weighSales(book: SaleBook, sales: SaleToLog[], newId: () => string, now: Date): SaleVerdict[] {
  // A chunk of a file may name thousands of partners: each sale looks only at its own partner's assignments.
  const assignmentsOf = byPartner(book.assignments);
  return sales.map(({ command, actor }) => {
    try {
      return { accepted: weighSale(book, assignmentsOf, command, actor, newId, now) };
    } catch (error) {
      if (error instanceof ServiceFailure) return { refused: error };
      throw error;
    }
  });
}

/** What no sale gets past, before anything is read: another partner's sale by a partner, a date in the future at `now`. */
export function saleRefusal(command: LogSaleCommand, actor: Actor, now: Date): ServiceFailure | null {
  if (actor.role === 'partner' && actor.partner_id !== command.partner_id) {
    return new ServiceFailure(ErrorCode.NOT_YOUR_PARTNER, 'a partner logs sales for itself only');
  }
  // Judged against UTC+14, the latest time zone: a partner's today is never refused, wherever it is.
  if (isFutureEverywhere(command.sale_date, now)) return ServiceFailure.invalid([{ field: 'sale_date', reason: 'must not be in the future' }]);
  return null;
}

export function refuseUnlessAllowed(command: LogSaleCommand, actor: Actor, now: Date): void {
  const refusal = saleRefusal(command, actor, now);
  if (refusal) throw refusal;
}

/** The assignments of each partner, in the book's order. */
function byPartner(assignments: CandidateAssignment[]): Map<string, CandidateAssignment[]> {
  const index = new Map<string, CandidateAssignment[]>();
  for (const a of assignments) {
    const own = index.get(a.partner_id);
    if (own) own.push(a);
    else index.set(a.partner_id, [a]);
  }
  return index;
}

function weighSale(book: SaleBook, assignmentsOf: Map<string, CandidateAssignment[]>, command: LogSaleCommand, actor: Actor, newId: () => string, now: Date): AcceptedSale {
  refuseUnlessAllowed(command, actor, now);
  const partner = book.partners.get(command.partner_id);
  if (!partner) throw ServiceFailure.invalid([{ field: 'partner_id', reason: `names an unknown partner: ${command.partner_id}` }]);
  if (partner.status !== 'approved') {
    throw new ServiceFailure(ErrorCode.PARTNER_ACCOUNT_INACTIVE, `partner ${partner.name} is ${partner.status}: only an approved partner logs sales`);
  }
  const product = book.products.get(command.product_id);
  if (!product) throw ServiceFailure.invalid([{ field: 'product_id', reason: `names an unknown product: ${command.product_id}` }]);
  const covering = (assignmentsOf.get(partner.id) ?? []).filter((a) => covers(a, command));
  if (covering.length === 0) {
    throw new ServiceFailure(
      ErrorCode.SALE_NOT_COVERED,
      `product ${product.name} is not in any active assignment of partner ${partner.name} covering ${command.sale_date}`,
    );
  }
  const unitPrice = new Decimal(numberToDecimal(command.unit_price)).toFixed(2);
  const revenue = new Decimal(unitPrice).times(command.quantity).toFixed(2);
  const progressed = covering.map((a) => progressedBy(a, command.quantity, revenue));
  const invoice = command.invoice_number?.trim() || null;
  if (invoice && book.invoicesUsed.has(`${partner.id}/${invoice}`)) {
    throw new ServiceFailure(ErrorCode.INVOICE_ALREADY_USED, `invoice_number ${invoice} was already used for a sale of this partner`);
  }
  const facts: Omit<SaleLoggedPayload, 'logged_at'> = {
    sale_id: newId(),
    partner_id: partner.id,
    partner_name: partner.name,
    tier: partner.tier,
    product_id: product.id,
    product_name: product.name,
    quantity: command.quantity,
    unit_price: unitPrice,
    revenue,
    sale_date: command.sale_date,
    invoice_number: invoice,
    commission_rate: numberToDecimal(commissionRateForTier(product, partner.tier)),
    spiff_candidates: spiffCandidates(book.spiffs, command).map((c) => withinFund(book, c, command.partner_id)),
    assignment_ids: covering.map((a) => a.id),
    logged_by: actor.user_id,
  };
  const tooLarge = ledgerAmountErrors({ ...facts, logged_at: '' }); // refused here, never a dead letter in the ledger's consumer
  if (tooLarge.length) throw new ServiceFailure(ErrorCode.AMOUNT_OUT_OF_RANGE, describeFieldErrors(tooLarge), tooLarge);
  // Accepted: the book moves, and the sales after this one see it.
  covering.forEach((a, i) => Object.assign(a, progressed[i]));
  if (invoice) book.invoicesUsed.add(`${partner.id}/${invoice}`);
  return { facts, notes: command.notes ?? null, reached: covering.flatMap((a) => reachedBy(book, a)), grants: drawFunds(book, facts) };
}

/** A budgeted spiff's candidate carries what its fund still has for this partner: the ledger grants at most that. */
function withinFund(book: SaleBook, candidate: SpiffCandidate, partnerId: string): SpiffCandidate {
  const fund = book.funds?.get(candidate.spiff_id);
  if (!fund) return candidate;
  const partner = fund.cap === null ? null : fund.cap.minus(fund.partners.get(partnerId) ?? 0);
  return { ...candidate, budget: availableFor({ spiff: fund.remaining, partner }) };
}

/** The accepted sale's bonus from each budgeted spiff (the commission rule's, within the fund) leaves the fund, for the sales after it. */
function drawFunds(book: SaleBook, facts: Omit<SaleLoggedPayload, 'logged_at'>): SaleGrant[] {
  const budgeted = facts.spiff_candidates.filter((c) => c.budget);
  if (budgeted.length === 0) return [];
  const applied = new Map(calculateSaleCommission({ ...facts, logged_at: '' }).spiffsApplied.map((s) => [s.spiff_id, s.bonus]));
  return budgeted.map((c) => {
    const fund = book.funds?.get(c.spiff_id) as FundBook;
    const granted = applied.get(c.spiff_id) ?? new Decimal(0);
    fund.remaining = fund.remaining.minus(granted);
    if (fund.cap !== null) fund.partners.set(facts.partner_id, (fund.partners.get(facts.partner_id) ?? new Decimal(0)).plus(granted));
    return { spiff_id: c.spiff_id, partner_id: facts.partner_id, granted: granted.toFixed(2) };
  });
}

/** Closed assignments never cover; a cancellation closes them, and the cancellation date decides. */
function covers(assignment: CandidateAssignment, sale: LogSaleCommand): boolean {
  return assignment.partner_id === sale.partner_id && assignment.product_ids.includes(sale.product_id)
    && assignment.start_date <= sale.sale_date && assignment.end_date >= sale.sale_date;
}

function progressedBy(assignment: CandidateAssignment, quantity: number, revenue: string): Pick<CandidateAssignment, 'actual_quantity' | 'actual_revenue'> {
  const units = new WideDecimal(assignment.actual_quantity).plus(quantity);
  const total = new WideDecimal(assignment.actual_revenue).plus(revenue);
  if (units.greaterThan(MAX_UNITS) || total.abs().greaterThanOrEqualTo(MAX_REVENUE)) {
    // The progress columns are far wider than a program reaches; should one still overflow, the caller learns which input did it.
    const reason = 'takes an assignment\'s progress past what it can hold';
    throw new ServiceFailure(ErrorCode.AMOUNT_OUT_OF_RANGE, `the sale ${reason}`, [{ field: 'quantity', reason }, { field: 'unit_price', reason }]);
  }
  return { actual_quantity: units.toFixed(0), actual_revenue: total.toFixed(2) };
}

/** The milestones the assignment's progress now meets that do not stand yet; they stand from now on. */
function reachedBy(book: SaleBook, assignment: CandidateAssignment): ReachedMilestone[] {
  const progress = { units: assignment.actual_quantity, revenue: assignment.actual_revenue };
  const fresh = milestonesReached(assignment.milestones, progress).filter((m) => !book.standing.has(`${assignment.id}/${m.name}`));
  for (const m of fresh) book.standing.add(`${assignment.id}/${m.name}`);
  const { id, partner_id, spiff_id } = assignment;
  return fresh.map((milestone) => ({ assignment: { id, partner_id, spiff_id }, milestone }));
}

/** Spiffs on the product that run on the sale date or that the partner is assigned to: the ones the ledger weighs. */
function spiffCandidates(spiffs: SpiffOnProducts[], sale: LogSaleCommand): SpiffCandidate[] {
  return spiffs.flatMap(({ assigned_partner_ids, ...spiff }) => {
    const assigned = assigned_partner_ids.includes(sale.partner_id);
    const runs = spiff.start_date <= sale.sale_date && spiff.end_date >= sale.sale_date;
    return spiff.product_ids.includes(sale.product_id) && (runs || assigned) ? [{ ...spiff, partner_has_assignment: assigned }] : [];
  });
}

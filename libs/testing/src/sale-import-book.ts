/**
 * What a set of booked sales must add up to, computed the way the platform is specified to compute
 * it (DESIGN §3.5–3.6): the commission of each sale with the shared rule (@spiffworks/commission-rules
 * and the tier rate of @spiffworks/contracts), and each milestone reward once, on every assignment
 * of the partner whose units or revenue reach its threshold. The sales' numbers are never read back
 * from the platform: the tests know them because they wrote the file.
 */
import Decimal from 'decimal.js';
import { calculateSaleCommission } from '@spiffworks/commission-rules';
import { commissionRateForTier } from '@spiffworks/contracts';
import type { IncentiveType, Milestone, PartnerTier, SaleLoggedPayload, SpiffCandidate, TierRates } from '@spiffworks/contracts';

export interface ProductTerms {
  id: string;
  name: string;
  commission_rate: number;
  commission_rates: TierRates;
}

export interface SpiffTerms {
  id: string;
  name: string;
  incentive_type: IncentiveType;
  incentive_amount: number;
  start_date: string;
  end_date: string;
  product_ids: string[];
  target_tiers: PartnerTier[];
  milestones: Milestone[];
}

/** What an assignment covers and rewards: the partner's sales of its products within its dates count toward it. */
export interface AssignmentTerms {
  product_ids: string[];
  start_date: string;
  end_date: string;
  milestones: Milestone[];
}

export interface PartnerTerms {
  id: string;
  name: string;
  tier: PartnerTier;
  /** The assignments an admin made by hand (the spiffs' come from their targeting). */
  manual: AssignmentTerms[];
}

/** A sale as a row of a file (or a request) says it. Money as decimal strings. */
export interface BookedSale {
  partner_id: string;
  product_id: string;
  quantity: number;
  unit_price: string;
  sale_date: string;
  invoice_number: string;
}

/** One partner's figures; money to the cent as strings, so comparisons are exact. */
export interface PartnerTotals {
  sales: number;
  revenue: string;
  base_commission: string;
  spiff_bonus: string;
  /** base + spiff bonus (milestone rewards apart, as analytics reports them). */
  total_commission: string;
  milestones: number;
  milestone_rewards: string;
}

export const cents = (value: Decimal.Value): string => new Decimal(value).toFixed(2);

/** The catalog, partners and spiffs a test created, and the arithmetic of sales under them. */
export class ProgramTerms {
  readonly products = new Map<string, ProductTerms>();
  readonly partners = new Map<string, PartnerTerms>();
  readonly spiffs: SpiffTerms[] = [];

  /** Every assignment the partner holds: one per spiff targeting its tier, and its manual ones. */
  assignmentsOf(partnerId: string): AssignmentTerms[] {
    const partner = this.partner(partnerId);
    const fromSpiffs = this.spiffs.filter((s) => s.target_tiers.includes(partner.tier));
    return [...fromSpiffs.map(({ product_ids, start_date, end_date, milestones }) => ({ product_ids, start_date, end_date, milestones })), ...partner.manual];
  }

  /** Whether an assignment of the partner covers the product on the date (else the sale is refused). */
  covers(partnerId: string, productId: string, saleDate: string): boolean {
    return this.assignmentsOf(partnerId).some((a) => counts(a, { product_id: productId, sale_date: saleDate }));
  }

  /** The commission of one sale by the shared rule, from the facts `sale.logged` would carry. */
  commissionOf(sale: BookedSale): ReturnType<typeof calculateSaleCommission> {
    return calculateSaleCommission(this.factsOf(sale));
  }

  /** The figures every partner's booked sales must add up to. */
  totals(sales: BookedSale[]): Map<string, PartnerTotals> {
    const totals = new Map<string, PartnerTotals>();
    for (const partnerId of this.partners.keys()) {
      const own = sales.filter((s) => s.partner_id === partnerId);
      const commissions = own.map((s) => this.commissionOf(s));
      const base = sum(commissions.map((c) => c.base));
      const bonus = sum(commissions.map((c) => c.bonus));
      const reached = this.assignmentsOf(partnerId).flatMap((a) => milestonesReached(a, own));
      totals.set(partnerId, {
        sales: own.length,
        revenue: cents(sum(own.map(revenueOf))),
        base_commission: cents(base),
        spiff_bonus: cents(bonus),
        total_commission: cents(base.plus(bonus)),
        milestones: reached.length,
        milestone_rewards: cents(sum(reached.map((m) => new Decimal(m.reward_amount)))),
      });
    }
    return totals;
  }

  private factsOf(sale: BookedSale): SaleLoggedPayload {
    const partner = this.partner(sale.partner_id);
    const product = this.products.get(sale.product_id);
    if (!product) throw new Error(`no product ${sale.product_id} in the program`);
    return {
      sale_id: '', partner_id: partner.id, partner_name: partner.name, tier: partner.tier,
      product_id: product.id, product_name: product.name, quantity: sale.quantity, unit_price: cents(sale.unit_price),
      revenue: cents(revenueOf(sale)), sale_date: sale.sale_date, invoice_number: sale.invoice_number,
      commission_rate: String(commissionRateForTier(product, partner.tier)),
      spiff_candidates: this.spiffs.map((spiff) => candidate(spiff, partner)),
      assignment_ids: [], logged_by: '', logged_at: '',
    };
  }

  private partner(id: string): PartnerTerms {
    const partner = this.partners.get(id);
    if (!partner) throw new Error(`no partner ${id} in the program`);
    return partner;
  }
}

function candidate(spiff: SpiffTerms, partner: PartnerTerms): SpiffCandidate {
  return {
    spiff_id: spiff.id, name: spiff.name, incentive_type: spiff.incentive_type, incentive_amount: String(spiff.incentive_amount),
    start_date: spiff.start_date, end_date: spiff.end_date, status: 'active', cancelled_on: null, product_ids: spiff.product_ids,
    partner_has_assignment: spiff.target_tiers.includes(partner.tier),
  };
}

const revenueOf = (sale: BookedSale): Decimal => new Decimal(sale.unit_price).times(sale.quantity);
const sum = (values: Decimal[]): Decimal => values.reduce((total, v) => total.plus(v), new Decimal(0));

function counts(assignment: AssignmentTerms, sale: Pick<BookedSale, 'product_id' | 'sale_date'>): boolean {
  return assignment.product_ids.includes(sale.product_id) && sale.sale_date >= assignment.start_date && sale.sale_date <= assignment.end_date;
}

/** The assignment's milestones its progress (units or revenue of the sales it counts) has reached. */
function milestonesReached(assignment: AssignmentTerms, sales: BookedSale[]): Milestone[] {
  const counted = sales.filter((s) => counts(assignment, s));
  const units = new Decimal(counted.reduce((n, s) => n + s.quantity, 0));
  const revenue = sum(counted.map(revenueOf));
  return assignment.milestones.filter((m) => (m.metric === 'units' ? units : revenue).greaterThanOrEqualTo(m.threshold));
}

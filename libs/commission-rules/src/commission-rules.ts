import Decimal from 'decimal.js';
import type { CommissionTrace, SaleLoggedPayload, SpiffCandidate } from '@spiffworks/contracts';

/**
 * The commission of one sale (DESIGN §3.5):
 * - base = revenue × the product's rate for the partner's tier at the time of the sale;
 * - every applicable spiff adds a bonus: `fixed` → amount × quantity, `percentage` → amount % × revenue.
 *   A spiff applies when the sale date is inside its period (inclusive), the product is in it, the
 *   partner holds an assignment linked to it, and it was not cancelled before the sale date.
 * Rounding: computed exactly, then rounded half-up to cents once per amount — the base once and
 * each spiff's bonus once (a spiff's bonus is that fund's cost); the total is their sum.
 */
export interface SaleCommission {
  base: Decimal;
  bonus: Decimal;
  total: Decimal;
  spiffsApplied: Array<{ spiff_id: string; name: string; bonus: Decimal }>;
  trace: CommissionTrace;
}

export const ROUNDING_RULE = 'half-up to cents, once per amount: the base, and each spiff bonus; total = base + bonuses';

const toCents = (value: Decimal): Decimal => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

export function calculateSaleCommission(sale: SaleLoggedPayload): SaleCommission {
  const revenue = new Decimal(sale.revenue);
  const baseExact = revenue.times(sale.commission_rate).dividedBy(100);
  const spiffs = sale.spiff_candidates.map((spiff) => considerSpiff(spiff, sale, revenue));
  const applied = spiffs.filter((s) => s.applied);
  const base = toCents(baseExact);
  const bonus = applied.reduce((sum, s) => sum.plus(s.bonus), new Decimal(0));
  return {
    base,
    bonus,
    total: base.plus(bonus),
    spiffsApplied: applied.map((s) => ({ spiff_id: s.spiff_id, name: s.name, bonus: new Decimal(s.bonus) })),
    trace: {
      tier: sale.tier,
      commission_rate: sale.commission_rate,
      revenue: revenue.toFixed(2),
      quantity: sale.quantity,
      base_exact: baseExact.toFixed(),
      spiffs,
      rounding: ROUNDING_RULE,
    },
  };
}

type ConsideredSpiff = NonNullable<CommissionTrace['spiffs']>[number];

function considerSpiff(spiff: SpiffCandidate, sale: SaleLoggedPayload, revenue: Decimal): ConsideredSpiff {
  const reason = whyNot(spiff, sale);
  const bonusExact = reason ? new Decimal(0) : spiffBonus(spiff, sale.quantity, revenue);
  const considered: ConsideredSpiff = {
    spiff_id: spiff.spiff_id,
    name: spiff.name,
    applied: reason === null,
    reason: reason ?? 'applies: sale inside the period, product in the spiff, partner assigned',
    incentive_type: spiff.incentive_type,
    incentive_amount: spiff.incentive_amount,
    bonus_exact: bonusExact.toFixed(),
    bonus: toCents(bonusExact).toFixed(2),
  };
  return reason === null && spiff.budget ? withinFund(considered, spiff.budget) : considered;
}

/**
 * A budgeted spiff grants at most what fulfillment found left in its fund when it weighed the sale
 * (carried in the facts, so the ledger books exactly the sale's answer): the rounded bonus, capped.
 */
function withinFund(considered: ConsideredSpiff, budget: NonNullable<SpiffCandidate['budget']>): ConsideredSpiff {
  const requested = new Decimal(considered.bonus);
  const available = new Decimal(budget.available);
  if (requested.lessThanOrEqualTo(available)) return considered;
  const why = budget.limited_by === 'partner_cap' ? 'partner_cap_reached' : 'budget_exhausted';
  const granted = available.toFixed(2);
  return {
    ...considered,
    applied: available.greaterThan(0),
    reason: available.greaterThan(0)
      ? `applies within its fund: ${why === 'budget_exhausted' ? 'the fund' : "the partner's cap"} had ${granted} of the ${requested.toFixed(2)} left`
      : `${why === 'budget_exhausted' ? 'fund exhausted' : "partner's cap reached"}: no bonus left from this spiff`,
    bonus: granted,
    budget: { requested: requested.toFixed(2), granted, reason: why },
  };
}

function whyNot(spiff: SpiffCandidate, sale: SaleLoggedPayload): string | null {
  if (spiff.status === 'cancelled' && (!spiff.cancelled_on || sale.sale_date > spiff.cancelled_on)) {
    return `spiff was cancelled on ${spiff.cancelled_on ?? 'an unknown date'}, before the sale date`;
  }
  if (sale.sale_date < spiff.start_date || sale.sale_date > spiff.end_date) {
    return `sale date ${sale.sale_date} is outside ${spiff.start_date}..${spiff.end_date}`;
  }
  if (!spiff.product_ids.includes(sale.product_id)) return 'product is not in the spiff';
  if (!spiff.partner_has_assignment) return 'partner holds no active assignment linked to the spiff';
  return null;
}

/**
 * An upper bound of every amount `calculateSaleCommission` can give the sale (base, bonus, total),
 * in floating point and without its exact arithmetic: the base plus every candidate spiff's bonus,
 * applied or not and before any fund's cap, each plus a cent's rounding and more. Cheap enough to
 * ask of every sale before the exact rule; NaN when an input is not a number.
 */
export function saleCommissionBound(sale: SaleLoggedPayload): number {
  const revenue = Math.abs(Number(sale.revenue));
  let bound = (revenue * Math.abs(Number(sale.commission_rate))) / 100 + 1;
  for (const spiff of sale.spiff_candidates) {
    const amount = Math.abs(Number(spiff.incentive_amount));
    bound += (spiff.incentive_type === 'fixed' ? amount * Math.abs(sale.quantity) : (amount * revenue) / 100) + 1;
  }
  return bound;
}

function spiffBonus(spiff: SpiffCandidate, quantity: number, revenue: Decimal): Decimal {
  const amount = new Decimal(spiff.incentive_amount);
  return spiff.incentive_type === 'fixed' ? amount.times(quantity) : amount.times(revenue).dividedBy(100);
}

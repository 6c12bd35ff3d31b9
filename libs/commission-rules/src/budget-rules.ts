import Decimal from 'decimal.js';

export type BudgetShortfall = 'budget_exhausted' | 'partner_cap_reached';

/** What a spiff fund can still give one sale: its remainder, and the partner's under its cap (null: no cap). */
export interface FundRemaining {
  /** Decimal strings. */
  spiff: Decimal.Value;
  partner: Decimal.Value | null;
}

export interface Grant {
  granted: Decimal;
  /** Why less than requested was granted; null when all of it was. */
  reason: BudgetShortfall | null;
}

/**
 * A budgeted spiff's bonus for one sale: what its terms ask, while the fund lasts. The sale that
 * would cross the fund (or the partner's cap) gets the remainder, later ones nothing; a remainder
 * below zero (a fund lowered under what was granted cannot happen, but a cap could) grants nothing.
 * The partner's cap wins the reason when it is the tighter limit.
 */
export function grantWithinBudget(requested: Decimal.Value, remaining: FundRemaining): Grant {
  const asked = new Decimal(requested);
  const spiff = Decimal.max(0, remaining.spiff);
  const partner = remaining.partner === null ? null : Decimal.max(0, remaining.partner);
  const available = partner !== null && partner.lessThan(spiff) ? partner : spiff;
  if (asked.lessThanOrEqualTo(available)) return { granted: asked, reason: null };
  return { granted: available, reason: partner !== null && partner.lessThan(spiff) ? 'partner_cap_reached' : 'budget_exhausted' };
}

/** The limit a sale's facts carry for a budgeted spiff (the `SpiffCandidate.budget` the ledger applies). */
export function availableFor(remaining: FundRemaining): { available: string; limited_by: 'budget' | 'partner_cap' } {
  const spiff = Decimal.max(0, remaining.spiff);
  const partner = remaining.partner === null ? null : Decimal.max(0, remaining.partner);
  return partner !== null && partner.lessThan(spiff)
    ? { available: partner.toFixed(2), limited_by: 'partner_cap' }
    : { available: spiff.toFixed(2), limited_by: 'budget' };
}

/**
 * The share of an amount a return takes back (positive): round(amount × returned_after / sold) −
 * round(amount × returned_before / sold), half-up to cents. The ledger's clawback of a bonus and the
 * fund's give-back on a return are this same number, so the fund gets back exactly what the line loses.
 */
export function returnedShare(amount: Decimal.Value, share: { sold: number; returnedBefore: number; returned: number }): Decimal {
  const cumulative = (units: number): Decimal =>
    new Decimal(amount).times(units).dividedBy(share.sold).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return cumulative(share.returnedBefore + share.returned).minus(cumulative(share.returnedBefore));
}

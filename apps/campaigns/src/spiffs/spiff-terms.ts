import type { CreateSpiffCommand, FieldError, UpdateSpiffCommand } from '@spiffworks/contracts';
import Decimal from 'decimal.js';
import { isCalendarDate } from '@spiffworks/contracts';

const MAX_PERCENTAGE = 100;

/**
 * The business rules of a spiff's terms that need no database: a real period, a positive
 * incentive (a percentage at most 100) and a non-empty target for its assignment type.
 */
export function checkSpiffTerms(terms: CreateSpiffCommand): FieldError[] {
  const errors: FieldError[] = [];
  if (!terms.target_products?.length) errors.push({ field: 'target_products', reason: 'must list at least one product' });
  if (!(terms.incentive_amount > 0)) errors.push({ field: 'incentive_amount', reason: 'must be greater than 0' });
  if (terms.incentive_type === 'percentage' && terms.incentive_amount > MAX_PERCENTAGE) {
    errors.push({ field: 'incentive_amount', reason: `must not exceed ${MAX_PERCENTAGE} for a percentage incentive` });
  }
  errors.push(...checkPeriod(terms.start_date, terms.end_date));
  errors.push(...checkTargets(terms));
  errors.push(...checkBudget(terms.budget_amount ?? null, terms.per_partner_cap ?? null, terms.per_partner_cap !== undefined && terms.budget_amount === undefined));
  return errors;
}

const MAX_MONEY = new Decimal('1e12');

function checkMoney(field: string, value: number | null): FieldError[] {
  if (value === null) return [];
  if (typeof value !== 'number' || !Number.isFinite(value)) return [{ field, reason: 'must be a number' }];
  const amount = new Decimal(value);
  if (!amount.greaterThan(0)) return [{ field, reason: 'must be greater than 0' }];
  if (amount.decimalPlaces() > 2) return [{ field, reason: 'must be an amount to the cent (at most 2 decimals)' }];
  if (amount.greaterThanOrEqualTo(MAX_MONEY)) return [{ field, reason: 'must be less than 1,000,000,000,000' }];
  return [];
}

/**
 * A fund is a positive amount to the cent; a per-partner cap too, and never more than the fund.
 * `capWithoutBudget`: a cap given for a spiff that has no fund.
 */
export function checkBudget(budget: number | null, cap: number | null, capWithoutBudget: boolean): FieldError[] {
  const errors = [...checkMoney('budget_amount', budget), ...checkMoney('per_partner_cap', cap)];
  if (errors.length) return errors;
  if (capWithoutBudget) return [{ field: 'per_partner_cap', reason: 'needs a budget_amount' }];
  if (budget !== null && cap !== null && new Decimal(cap).greaterThan(budget)) {
    return [{ field: 'per_partner_cap', reason: `must not exceed budget_amount (${budget})` }];
  }
  return [];
}

function checkPeriod(start: string, end: string): FieldError[] {
  if (!isCalendarDate(start)) return [{ field: 'start_date', reason: 'must be a date written YYYY-MM-DD' }];
  if (!isCalendarDate(end)) return [{ field: 'end_date', reason: 'must be a date written YYYY-MM-DD' }];
  return end < start ? [{ field: 'end_date', reason: 'must not be before start_date' }] : [];
}

function checkTargets(terms: CreateSpiffCommand): FieldError[] {
  if (terms.assignment_type === 'tier') {
    if (!terms.target_tiers?.length) return [{ field: 'target_tiers', reason: 'must list at least one tier when assignment_type is "tier"' }];
    if (terms.target_partners?.length) return [{ field: 'target_partners', reason: 'must be empty when assignment_type is "tier"' }];
  }
  if (terms.assignment_type === 'individual') {
    if (!terms.target_partners?.length) {
      return [{ field: 'target_partners', reason: 'must list at least one partner when assignment_type is "individual"' }];
    }
    if (terms.target_tiers?.length) return [{ field: 'target_tiers', reason: 'must be empty when assignment_type is "individual"' }];
  }
  return [];
}

type RunningSpiff = Pick<CreateSpiffCommand, 'assignment_type' | 'end_date' | 'target_products'> & {
  target_tiers: string[];
  target_partners: string[];
};

/**
 * A running spiff may grow but never shrink: the end date only moves later, and products, tiers
 * and partners are only added (the lists given must keep every current entry). Partners already
 * assigned keep their assignments either way.
 */
export function checkSpiffGrowth(current: RunningSpiff, change: UpdateSpiffCommand): FieldError[] {
  const errors: FieldError[] = [];
  if (change.end_date !== undefined) {
    if (!isCalendarDate(change.end_date)) errors.push({ field: 'end_date', reason: 'must be a date written YYYY-MM-DD' });
    else if (change.end_date < current.end_date) errors.push({ field: 'end_date', reason: `may only be extended (it is ${current.end_date})` });
  }
  errors.push(...keepsAll('target_products', current.target_products, change.target_products));
  errors.push(...keepsAll('target_tiers', current.target_tiers, change.target_tiers));
  errors.push(...keepsAll('target_partners', current.target_partners, change.target_partners));
  if (change.target_tiers?.length && current.assignment_type !== 'tier') {
    errors.push({ field: 'target_tiers', reason: 'applies to a spiff whose assignment_type is "tier"' });
  }
  if (change.target_partners?.length && current.assignment_type !== 'individual') {
    errors.push({ field: 'target_partners', reason: 'applies to a spiff whose assignment_type is "individual"' });
  }
  return errors;
}

function keepsAll(field: string, current: string[], next: string[] | undefined): FieldError[] {
  if (next === undefined) return [];
  const dropped = current.filter((item) => !next.includes(item));
  return dropped.length ? [{ field, reason: `may only add entries; it drops ${dropped.join(', ')}` }] : [];
}

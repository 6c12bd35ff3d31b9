import type { CreateSpiffCommand, FieldError, UpdateSpiffCommand } from '@spiffworks/contracts';
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
  return errors;
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

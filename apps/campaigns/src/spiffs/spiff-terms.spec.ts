import type { CreateSpiffCommand } from '@spiffworks/contracts';
import { checkSpiffTerms } from './spiff-terms';

const seedSpiff: CreateSpiffCommand = {
  name: 'Q4 Laptop Promotion',
  target_products: ['2f0f5a5e-7d47-4c83-9d64-8f6f0a4f3c11'],
  assignment_type: 'tier',
  target_tiers: ['gold', 'platinum'],
  incentive_amount: 100,
  incentive_type: 'fixed',
  start_date: '2025-01-01',
  end_date: '2025-03-31',
};

describe('checkSpiffTerms', () => {
  it('accepts the seed spiff', () => {
    expect(checkSpiffTerms(seedSpiff)).toEqual([]);
  });

  it.each<[string, Partial<CreateSpiffCommand>, string, string]>([
    ['end before start', { end_date: '2024-12-31' }, 'end_date', 'must not be before start_date'],
    ['a one-day period is fine, so only an earlier end fails', { start_date: '2025-03-31', end_date: '2025-03-30' }, 'end_date', 'before'],
    ['not a real date', { start_date: '2025-02-30' }, 'start_date', 'YYYY-MM-DD'],
    ['zero amount', { incentive_amount: 0 }, 'incentive_amount', 'greater than 0'],
    ['negative amount', { incentive_amount: -5 }, 'incentive_amount', 'greater than 0'],
    ['percentage over 100', { incentive_type: 'percentage', incentive_amount: 100.5 }, 'incentive_amount', 'must not exceed 100'],
    ['no products', { target_products: [] }, 'target_products', 'at least one product'],
    ['tier type without tiers', { target_tiers: [] }, 'target_tiers', 'at least one tier'],
    ['tier type with partners', { target_partners: ['p1'] }, 'target_partners', 'must be empty'],
    ['individual type without partners', { assignment_type: 'individual', target_tiers: undefined }, 'target_partners', 'at least one partner'],
    ['individual type with tiers', { assignment_type: 'individual', target_partners: ['p1'] }, 'target_tiers', 'must be empty'],
  ])('rejects %s', (_, change, field, reason) => {
    const errors = checkSpiffTerms({ ...seedSpiff, ...change });
    expect(errors).toEqual([expect.objectContaining({ field, reason: expect.stringContaining(reason) })]);
  });

  it.each<[string, Partial<CreateSpiffCommand>]>([
    ['a percentage of exactly 100', { incentive_type: 'percentage', incentive_amount: 100 }],
    ['a one-day period', { start_date: '2025-02-01', end_date: '2025-02-01' }],
    ['an individual spiff', { assignment_type: 'individual', target_tiers: undefined, target_partners: ['p1'] }],
  ])('accepts %s', (_, change) => {
    expect(checkSpiffTerms({ ...seedSpiff, ...change })).toEqual([]);
  });
});

import type { CreateSpiffCommand } from '@spiffworks/contracts';
import { checkBudget, checkSpiffGrowth, checkSpiffTerms } from './spiff-terms';

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

describe('checkSpiffGrowth', () => {
  const running = { assignment_type: 'tier' as const, end_date: '2025-03-31', target_products: ['p1'], target_tiers: ['gold'], target_partners: [] };

  it.each<[string, Record<string, unknown>, string | null]>([
    ['a later end date', { end_date: '2025-06-30' }, null],
    ['the same end date', { end_date: '2025-03-31' }, null],
    ['an earlier end date', { end_date: '2025-03-30' }, 'end_date may only be extended'],
    ['a non-date', { end_date: '2025-02-30' }, 'end_date must be a date'],
    ['an added product', { target_products: ['p1', 'p2'] }, null],
    ['a dropped product', { target_products: ['p2'] }, 'target_products may only add entries; it drops p1'],
    ['an added tier', { target_tiers: ['gold', 'platinum'] }, null],
    ['a dropped tier', { target_tiers: ['platinum'] }, 'target_tiers may only add entries'],
    ['partners on a tier spiff', { target_partners: ['x'] }, 'target_partners applies to a spiff whose assignment_type is "individual"'],
  ])('%s', (_, change, expected) => {
    const errors = checkSpiffGrowth(running, { id: 's1', ...change });
    const described = errors.map((e) => `${e.field} ${e.reason}`).join('; ');
    if (expected === null) expect(errors).toEqual([]);
    else expect(described).toContain(expected);
  });
});

describe('checkBudget', () => {
  it.each<[string, number | null, number | null, boolean, Array<{ field: string; reason: RegExp }>]>([
    ['no fund', null, null, false, []],
    ['a fund', 5000, null, false, []],
    ['a fund to the cent with a cap', 5000.5, 250.25, false, []],
    ['a cap equal to the fund', 100, 100, false, []],
    ['a zero fund', 0, null, false, [{ field: 'budget_amount', reason: /greater than 0/ }]],
    ['a negative fund', -5, null, false, [{ field: 'budget_amount', reason: /greater than 0/ }]],
    ['a fraction of a cent', 10.001, null, false, [{ field: 'budget_amount', reason: /to the cent/ }]],
    ['a cap above the fund', 100, 100.01, false, [{ field: 'per_partner_cap', reason: /must not exceed budget_amount/ }]],
    ['a zero cap', 100, 0, false, [{ field: 'per_partner_cap', reason: /greater than 0/ }]],
    ['a cap without a fund', null, 50, true, [{ field: 'per_partner_cap', reason: /needs a budget_amount/ }]],
  ])('%s', (_, budget, cap, capWithoutBudget, expected) => {
    const errors = checkBudget(budget, cap, capWithoutBudget);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(errors[i]).toEqual({ field: e.field, reason: expect.stringMatching(e.reason) }));
  });
});

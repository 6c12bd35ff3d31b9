import type { SaleLoggedPayload, SpiffCandidate } from '@spiffworks/contracts';
import { availableFor, grantWithinBudget, returnedShare } from './budget-rules';
import type { FundRemaining } from './budget-rules';
import { calculateSaleCommission } from './commission-rules';

describe('grantWithinBudget', () => {
  it.each<[string, string, FundRemaining, string, string | null]>([
    ['the fund covers the bonus', '200.00', { spiff: '1000.00', partner: null }, '200.00', null],
    ['the bonus takes exactly the rest of the fund', '200.00', { spiff: '200.00', partner: null }, '200.00', null],
    ['the sale crossing the fund gets the remainder', '200.00', { spiff: '150.50', partner: null }, '150.50', 'budget_exhausted'],
    ['an exhausted fund grants nothing', '200.00', { spiff: '0.00', partner: null }, '0', 'budget_exhausted'],
    ['a cent left is a cent granted', '0.02', { spiff: '0.01', partner: null }, '0.01', 'budget_exhausted'],
    ['the partner cap is the tighter limit', '200.00', { spiff: '1000.00', partner: '80.00' }, '80.00', 'partner_cap_reached'],
    ['a reached cap grants nothing', '50.00', { spiff: '1000.00', partner: '0.00' }, '0', 'partner_cap_reached'],
    ['the fund is tighter than the cap', '200.00', { spiff: '30.00', partner: '80.00' }, '30.00', 'budget_exhausted'],
    ['fund and cap equal: the fund', '200.00', { spiff: '40.00', partner: '40.00' }, '40.00', 'budget_exhausted'],
    ['both cover it', '10.00', { spiff: '40.00', partner: '40.00' }, '10.00', null],
    ['a negative remainder grants nothing', '10.00', { spiff: '-5.00', partner: null }, '0', 'budget_exhausted'],
    ['a zero bonus is always granted', '0.00', { spiff: '0.00', partner: null }, '0', null],
  ])('%s', (_, requested, remaining, granted, reason) => {
    const grant = grantWithinBudget(requested, remaining);
    expect([grant.granted.toFixed(), grant.reason]).toEqual([String(Number(granted)), reason]);
  });

  it.each<[FundRemaining, { available: string; limited_by: string }]>([
    [{ spiff: '100', partner: null }, { available: '100.00', limited_by: 'budget' }],
    [{ spiff: '100', partner: '20' }, { available: '20.00', limited_by: 'partner_cap' }],
    [{ spiff: '10', partner: '20' }, { available: '10.00', limited_by: 'budget' }],
    [{ spiff: '-1', partner: null }, { available: '0.00', limited_by: 'budget' }],
  ])('availableFor %j', (remaining, expected) => {
    expect(availableFor(remaining)).toEqual(expected);
  });
});

describe('returnedShare', () => {
  it.each<[string, number, number, number, string]>([
    ['100.00', 2, 0, 1, '50'],
    ['100.00', 3, 0, 1, '33.33'],
    ['100.00', 3, 1, 1, '33.34'],
    ['100.00', 3, 2, 1, '33.33'],
    ['0.01', 2, 0, 1, '0.01'],
    ['0.01', 2, 1, 1, '0'],
  ])('%s of %i sold, %i returned before, %i now → %s', (amount, sold, returnedBefore, returned, expected) => {
    expect(returnedShare(amount, { sold, returnedBefore, returned }).toFixed()).toBe(expected);
  });
});

describe('calculateSaleCommission within a fund', () => {
  const spiff: SpiffCandidate = {
    spiff_id: 's', name: 'Fund', incentive_type: 'fixed', incentive_amount: '100', start_date: '2025-01-01', end_date: '2025-03-31',
    status: 'active', cancelled_on: null, product_ids: ['p'], partner_has_assignment: true,
  };
  const sale: SaleLoggedPayload = {
    sale_id: 'x', partner_id: 'pa', partner_name: 'P', tier: 'gold', product_id: 'p', product_name: 'L', quantity: 2, unit_price: '1000.00',
    revenue: '2000.00', sale_date: '2025-01-15', invoice_number: null, commission_rate: '12', spiff_candidates: [], assignment_ids: [], logged_by: 'u',
    logged_at: '2025-01-15T00:00:00Z',
  };
  it.each<[string, SpiffCandidate['budget'], string, boolean, object | undefined]>([
    ['unbudgeted', undefined, '200.00', true, undefined],
    ['the fund covers it', { available: '500.00', limited_by: 'budget' }, '200.00', true, undefined],
    ['the crossing sale: the remainder', { available: '120.35', limited_by: 'budget' }, '120.35', true, { requested: '200.00', granted: '120.35', reason: 'budget_exhausted' }],
    ['exhausted: no bonus, base kept', { available: '0.00', limited_by: 'budget' }, '0.00', false, { requested: '200.00', granted: '0.00', reason: 'budget_exhausted' }],
    ['the partner cap', { available: '50.00', limited_by: 'partner_cap' }, '50.00', true, { requested: '200.00', granted: '50.00', reason: 'partner_cap_reached' }],
  ])('%s', (_, budget, bonus, applied, traced) => {
    const c = calculateSaleCommission({ ...sale, spiff_candidates: [{ ...spiff, budget }] });
    expect([c.base.toFixed(2), c.bonus.toFixed(2)]).toEqual(['240.00', bonus]);
    expect(c.trace.spiffs?.[0].applied).toBe(applied);
    expect(c.trace.spiffs?.[0].budget).toEqual(traced);
  });
});

import type { SaleLoggedPayload, SpiffCandidate } from '@spiffworks/contracts';
import { calculateSaleCommission, saleCommissionBound } from './commission-rules';

const LAPTOP = 'product-laptop';
const q4: SpiffCandidate = {
  spiff_id: 'spiff-q4', name: 'Q4 Laptop Promotion', incentive_type: 'fixed', incentive_amount: '100',
  start_date: '2025-01-01', end_date: '2025-03-31', status: 'active', cancelled_on: null, product_ids: [LAPTOP], partner_has_assignment: true,
};
const seedSale: SaleLoggedPayload = {
  sale_id: 'sale-1', partner_id: 'partner-123', partner_name: 'TechCorp Partners Inc.', tier: 'gold',
  product_id: LAPTOP, product_name: 'Test Laptop Pro', quantity: 2, unit_price: '1000.00', revenue: '2000.00',
  sale_date: '2025-01-15', invoice_number: null, commission_rate: '12', spiff_candidates: [q4], assignment_ids: ['a-1'],
  logged_by: 'user-1', logged_at: '2025-01-15T10:00:00Z',
};

const amounts = (sale: SaleLoggedPayload): [string, string, string] => {
  const c = calculateSaleCommission(sale);
  return [c.base.toFixed(2), c.bonus.toFixed(2), c.total.toFixed(2)];
};

describe('calculateSaleCommission', () => {
  it('holds the worked example: gold 12 %, $100 fixed, 2 × $1,000 → 240 + 200 = 440', () => {
    const commission = calculateSaleCommission(seedSale);
    expect(amounts(seedSale)).toEqual(['240.00', '200.00', '440.00']);
    expect(commission.spiffsApplied.map((s) => [s.spiff_id, s.bonus.toFixed(2)])).toEqual([['spiff-q4', '200.00']]);
    expect(commission.trace).toMatchObject({ tier: 'gold', commission_rate: '12', revenue: '2000.00', base_exact: '240' });
  });

  it.each<[string, Partial<SaleLoggedPayload>, Partial<SpiffCandidate>, [string, string, string], string]>([
    ['a sale on the first day of the period', { sale_date: '2025-01-01' }, {}, ['240.00', '200.00', '440.00'], 'applies'],
    ['a sale on the last day of the period', { sale_date: '2025-03-31' }, {}, ['240.00', '200.00', '440.00'], 'applies'],
    ['a sale the day after the period', { sale_date: '2025-04-01' }, {}, ['240.00', '0.00', '240.00'], 'outside 2025-01-01..2025-03-31'],
    ['a sale the day before the period', { sale_date: '2024-12-31' }, {}, ['240.00', '0.00', '240.00'], 'outside'],
    ['a product not in the spiff', { product_id: 'product-monitor' }, {}, ['240.00', '0.00', '240.00'], 'product is not in the spiff'],
    ['a partner without the linked assignment', {}, { partner_has_assignment: false }, ['240.00', '0.00', '240.00'], 'no active assignment'],
    ['a sale dated after the spiff was cancelled', { sale_date: '2025-02-02' }, { status: 'cancelled', cancelled_on: '2025-02-01' }, ['240.00', '0.00', '240.00'], 'cancelled on 2025-02-01'],
    ['a sale dated on or before the cancellation keeps its bonus', { sale_date: '2025-02-01' }, { status: 'cancelled', cancelled_on: '2025-02-01' }, ['240.00', '200.00', '440.00'], 'applies'],
    ['a 5 % percentage spiff', {}, { incentive_type: 'percentage', incentive_amount: '5' }, ['240.00', '100.00', '340.00'], 'applies'],
    ['a 5 % spiff on 3 × 33.33: 4.9995 rounds to 5.00, base 11.9988 to 12.00', { quantity: 3, unit_price: '33.33', revenue: '99.99' }, { incentive_type: 'percentage', incentive_amount: '5' }, ['12.00', '5.00', '17.00'], 'applies'],
    ['half a cent rounds up', { quantity: 1, unit_price: '0.05', revenue: '0.05', commission_rate: '10' }, { incentive_type: 'percentage', incentive_amount: '10' }, ['0.01', '0.01', '0.02'], 'applies'],
    ['no binary-float drift: 3 × 0.10 at 10 %', { quantity: 3, unit_price: '0.10', revenue: '0.30', commission_rate: '10' }, { incentive_amount: '0.10' }, ['0.03', '0.30', '0.33'], 'applies'],
  ])('%s', (_, sale, spiff, expected, reason) => {
    const s = { ...seedSale, ...sale, spiff_candidates: [{ ...q4, ...spiff }] };
    expect(amounts(s)).toEqual(expected);
    expect(calculateSaleCommission(s).trace.spiffs?.[0].reason).toContain(reason);
  });

  it('stacks two spiffs on one product, each rounded once', () => {
    const second: SpiffCandidate = { ...q4, spiff_id: 'spiff-extra', name: 'Extra', incentive_type: 'percentage', incentive_amount: '1.5' };
    const sale = { ...seedSale, spiff_candidates: [q4, second] };
    expect(amounts(sale)).toEqual(['240.00', '230.00', '470.00']);
    expect(calculateSaleCommission(sale).spiffsApplied.map((s) => s.bonus.toFixed(2))).toEqual(['200.00', '30.00']);
  });

  it('earns no bonus without candidates, and a zero rate earns no base', () => {
    expect(amounts({ ...seedSale, spiff_candidates: [] })).toEqual(['240.00', '0.00', '240.00']);
    expect(amounts({ ...seedSale, commission_rate: '0', spiff_candidates: [] })).toEqual(['0.00', '0.00', '0.00']);
  });
});

describe('saleCommissionBound', () => {
  it.each<[string, Partial<SaleLoggedPayload>, Partial<SpiffCandidate>]>([
    ['the worked example', {}, {}],
    ['a percentage spiff', {}, { incentive_type: 'percentage', incentive_amount: '5' }],
    ['a spiff that does not apply (outside its period)', { sale_date: '2025-04-01' }, {}],
    ['a fund with less left than the bonus', {}, { budget: { available: '50.00', limited_by: 'budget' } }],
    ['a return (negative revenue and quantity)', { quantity: -2, revenue: '-2000.00' }, {}],
    ['half a cent that rounds up', { quantity: 1, unit_price: '0.05', revenue: '0.05', commission_rate: '10' }, { incentive_type: 'percentage', incentive_amount: '10' }],
    ['a maximum sale at 100 %', { quantity: 100_000, unit_price: '1000000.00', revenue: '100000000000.00', commission_rate: '100' }, { incentive_amount: '1000000.00' }],
  ])('is at least every amount of the exact rule: %s', (_, sale, spiff) => {
    const facts = { ...seedSale, ...sale, spiff_candidates: [{ ...q4, ...spiff }] };
    const exact = calculateSaleCommission(facts);
    const bound = saleCommissionBound(facts);
    for (const amount of [exact.base, exact.bonus, exact.total]) expect(amount.abs().toNumber()).toBeLessThanOrEqual(bound);
  });

  it('is NaN when an amount is not a number, so no caller takes it for small', () => {
    expect(saleCommissionBound({ ...seedSale, revenue: 'n/a' })).toBeNaN();
  });
});

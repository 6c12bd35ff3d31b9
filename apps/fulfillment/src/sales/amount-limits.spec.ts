import type { SaleLoggedPayload, SpiffCandidate } from '@spiffworks/contracts';
import Decimal from 'decimal.js';
import { LEDGER_AMOUNT_LIMIT, ledgerAmountErrors } from './amount-limits';

const maxSale: SaleLoggedPayload = {
  sale_id: 's', partner_id: 'p', partner_name: 'P', tier: 'gold', product_id: 'x', product_name: 'X', quantity: 100_000,
  unit_price: '1000000.00', revenue: '100000000000.00', sale_date: '2025-01-15', invoice_number: null, commission_rate: '100',
  spiff_candidates: [], assignment_ids: ['a'], logged_by: 'u', logged_at: '2025-01-15T00:00:00.000Z',
};

function fixedSpiffs(count: number): SpiffCandidate[] {
  return Array.from({ length: count }, (_, n) => ({
    spiff_id: `spiff-${n}`, name: `Spiff ${n}`, incentive_type: 'fixed', incentive_amount: '1000000.00', start_date: '2025-01-01',
    end_date: '2025-12-31', status: 'active', cancelled_on: null, product_ids: ['x'], partner_has_assignment: true,
  }));
}

describe('ledgerAmountErrors: a sale whose commission the ledger cannot hold', () => {
  it.each([
    // spiffs, limit, amounts over it
    [0, LEDGER_AMOUNT_LIMIT, []], // a maximum sale (1e11) at 100 %
    [10, LEDGER_AMOUNT_LIMIT, []], // with 10 maximum fixed spiffs: 1.1e12, far below 1e16
    [8, new Decimal('1e12'), []], // base 1e11 + 8e11 = 9e11
    [9, new Decimal('1e12'), ['total_commission']], // base 1e11 + 9e11 = 1e12: at the limit is over it
    [10, new Decimal('1e12'), ['spiff_bonus', 'total_commission']],
  ])('%i maximum fixed spiffs, limit %s → %j', (spiffs, limit, over) => {
    const errors = ledgerAmountErrors({ ...maxSale, spiff_candidates: fixedSpiffs(spiffs) }, limit);
    expect(errors.map((e) => e.field)).toEqual(over.map(() => 'quantity'));
    over.forEach((name, n) => expect(errors[n].reason).toContain(name));
  });
});

describe('ledgerAmountErrors: the quick judgement agrees with the exact rule', () => {
  const percentSpiff = (amount: string): SpiffCandidate => ({ ...fixedSpiffs(1)[0], spiff_id: 'pct', incentive_type: 'percentage', incentive_amount: amount });
  it.each([
    // quantity, unit price, rate %, spiffs, limit → amounts over it
    [3, '199.99', '12.5', [], '1e16', []],
    [1, '0.01', '0', [percentSpiff('100')], '1e16', []],
    // Just below and at a small limit: the quick bound cannot clear these, the exact rule decides.
    [1, '99.99', '100', [], '100', []],
    [1, '100.00', '100', [], '100', ['commission_amount', 'total_commission']],
    [2, '50.00', '50', [percentSpiff('50')], '100', ['total_commission']],
    [10, '1.00', '0', fixedSpiffs(1).map((s) => ({ ...s, incentive_amount: '10.00' })), '100', ['spiff_bonus', 'total_commission']],
  ])('%i × %s at %s %% with %j, limit %s → %j', (quantity, unitPrice, rate, spiffs, limit, over) => {
    const revenue = new Decimal(unitPrice).times(quantity).toFixed(2);
    const sale = { ...maxSale, quantity, unit_price: unitPrice, revenue, commission_rate: rate, spiff_candidates: spiffs as SpiffCandidate[] };
    expect(ledgerAmountErrors(sale, new Decimal(limit)).map((e) => e.reason.split(' ')[2])).toEqual(over);
  });
});

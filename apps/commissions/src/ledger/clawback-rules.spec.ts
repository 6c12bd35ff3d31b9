import Decimal from 'decimal.js';
import { calculateClawback, clawbackOf } from './clawback-rules';

describe('clawbackOf', () => {
  it.each<[string, string, number, number, number, string]>([
    ['all of a 2-unit sale', '240.00', 2, 0, 2, '-240.00'],
    ['half of it', '240.00', 2, 0, 1, '-120.00'],
    ['the second half', '240.00', 2, 1, 1, '-120.00'],
    ['one of three units of 100.00 (33.333…)', '100.00', 3, 0, 1, '-33.33'],
    ['the second of three', '100.00', 3, 1, 1, '-33.34'],
    ['the third of three', '100.00', 3, 2, 1, '-33.33'],
    ['one cent over three units', '0.01', 3, 0, 1, '0.00'],
    ['nothing to take from zero', '0.00', 5, 0, 5, '0.00'],
  ])('%s: %s sold %p, returned before %p, returning %p → %s', (_, amount, sold, before, returned, expected) => {
    expect(clawbackOf(amount, { sold, returnedBefore: before, returned }).toFixed(2)).toBe(expected);
  });

  it('returning a sale in any number of parts takes back exactly what it earned', () => {
    for (const [amount, parts] of [['100.00', [1, 1, 1]], ['0.05', [1, 2, 4]], ['1234.57', [3, 1, 5, 2]]] as const) {
      const sold = parts.reduce((a, b) => a + b, 0);
      let before = 0;
      let total = new Decimal(0);
      for (const returned of parts) {
        total = total.plus(clawbackOf(amount, { sold, returnedBefore: before, returned }));
        before += returned;
      }
      expect(total.toFixed(2)).toBe(new Decimal(amount).negated().toFixed(2));
    }
  });
});

describe('calculateClawback', () => {
  it('takes back the base and each spiff bonus in proportion, all negative', () => {
    const clawback = calculateClawback(
      { commission_amount: '240.00', spiffs_applied: [{ spiff_id: 's1', name: 'Q4', bonus: '200.00' }, { spiff_id: 's2', name: 'Kicker', bonus: '25.00' }] },
      { sold: 2, returnedBefore: 0, returned: 1 },
    );
    expect([clawback.base, clawback.bonus, clawback.total].map((d) => d.toFixed(2))).toEqual(['-120.00', '-112.50', '-232.50']);
    expect(clawback.bonuses.map((b) => [b.spiff_id, b.bonus.toFixed(2)])).toEqual([['s1', '-100.00'], ['s2', '-12.50']]);
  });
});

import type { Increment } from './increments';
import { PendingIncrements } from './pending-increments';

describe('PendingIncrements', () => {
  it.each([
    ['counts add as integers', [{ sales: 1 }, { sales: 1 }, { sales: 3 }], { sales: 5 }],
    ['money adds exactly, to the cent', [{ revenue: '0.10' }, { revenue: '0.20' }, { revenue: '1000000.01' }], { revenue: '1000000.31' }],
    ['a negative amount takes back', [{ revenue: '2000.00' }, { revenue: '-500.55' }], { revenue: '1499.45' }],
    ['columns one event did not touch keep the others', [{ sales: 1, revenue: '10.00' }, { commission: '1.20' }], { sales: 1, revenue: '10.00', commission: '1.20' }],
    ['whole and one-decimal amounts add as cents', [{ revenue: '7' }, { revenue: '0.5' }, { revenue: '-10.25' }], { revenue: '-2.75' }],
    ['a sum that nets to zero is written as zero', [{ revenue: '-0.01' }, { revenue: '0.01' }], { revenue: '0.00' }],
    ['more than two decimals add exactly', [{ revenue: '0.10' }, { revenue: '0.005' }, { revenue: '1.001' }], { revenue: '1.106' }],
    ['past 2^53 cents the sum stays exact', [{ revenue: '9999999999999.99' }, ...Array(1000).fill({ revenue: '9999999999999.99' })], { revenue: '10009999999999989.99' }],
    ['amounts wider than 13 digits add exactly', [{ revenue: '12345678901234567.89' }, { revenue: '0.11' }], { revenue: '12345678901234568' }],
    ['past 1e18 cents still count (numeric(38,2))', [{ revenue: '1000000000000000000.01' }, { revenue: '0.01' }], { revenue: '1000000000000000000.02' }],
  ] as Array<[string, Array<Record<string, Increment>>, Record<string, Increment>]>)('%s', (_, additions, expected) => {
    const pending = new PendingIncrements(['partner_id']);
    for (const increments of additions) pending.add({ partner_id: 'p1' }, increments);
    expect(pending.sortedRows()).toEqual([{ key: { partner_id: 'p1' }, increments: expected }]);
  });

  it('keeps one row per key and answers them in key order, whatever order they came in', () => {
    const pending = new PendingIncrements(['day', 'tier']);
    pending.add({ day: '2025-01-02', tier: 'gold' }, { sales: 1 });
    pending.add({ day: '2025-01-01', tier: 'silver' }, { sales: 1 });
    pending.add({ day: '2025-01-01', tier: 'gold' }, { sales: 1 });
    pending.add({ day: '2025-01-02', tier: 'gold' }, { sales: 1 });
    expect(pending.sortedRows().map((r) => [r.key.day, r.key.tier, r.increments.sales])).toEqual([
      ['2025-01-01', 'gold', 1], ['2025-01-01', 'silver', 1], ['2025-01-02', 'gold', 2],
    ]);
  });
});

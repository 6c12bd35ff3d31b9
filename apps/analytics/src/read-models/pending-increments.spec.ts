import type { Increment } from './increments';
import { PendingIncrements } from './pending-increments';

describe('PendingIncrements', () => {
  it.each([
    ['counts add as integers', [{ sales: 1 }, { sales: 1 }, { sales: 3 }], { sales: 5 }],
    ['money adds exactly, to the cent', [{ revenue: '0.10' }, { revenue: '0.20' }, { revenue: '1000000.01' }], { revenue: '1000000.31' }],
    ['a negative amount takes back', [{ revenue: '2000.00' }, { revenue: '-500.55' }], { revenue: '1499.45' }],
    ['columns one event did not touch keep the others', [{ sales: 1, revenue: '10.00' }, { commission: '1.20' }], { sales: 1, revenue: '10.00', commission: '1.20' }],
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

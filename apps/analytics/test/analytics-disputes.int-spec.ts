import { randomUUID } from 'node:crypto';
import { Rpc } from '@spiffworks/contracts';
import type { CommissionChangedPayload, PartnerMetricsView, SpiffAnalyticsView } from '@spiffworks/contracts';
import { ANALYST, AnalyticsHarness, partnerSnapshot, sale, saleLine, spiffSnapshot } from './analytics-harness';

/** Disputes per partner and per spiff; an adjustment's money reaches the totals through its own line. */
describe('analytics of disputes (real PostgreSQL and RabbitMQ)', () => {
  let h: AnalyticsHarness;

  beforeAll(async () => {
    h = await AnalyticsHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('counts open disputes and adjustments (count, amount) for the partner and the disputed line\'s spiffs; the adjustment line adds to the commission', async () => {
    const partner = partnerSnapshot('Disputing Reseller', 'gold');
    const productId = randomUUID();
    const spiff = spiffSnapshot('Q1 Push', [productId], '2025-01-01', '2025-03-31');
    const s = sale(partner, productId, '2025-01-15', 2, '1000.00', '2000.00');
    const line = saleLine(s, { base: '240.00', bonuses: [{ spiff_id: spiff.id, bonus: '200.00' }], total: '440.00' });
    const first = { dispute_id: randomUUID(), commission_id: line.commission_id, partner_id: partner.id, spiff_ids: [spiff.id] };
    const second = { ...first, dispute_id: randomUUID() };
    const adjustment: CommissionChangedPayload = {
      ...line, commission_id: randomUUID(), kind: 'adjustment', revenue: '0.00', commission_amount: '25.00', spiff_bonus: '0.00', total_commission: '25.00', spiff_bonuses: [],
    };
    await h.apply(
      h.partner(partner), h.spiffCreated(spiff), h.assignments(spiff.id, [partner.id]), h.saleLogged(s), h.commission(line),
      h.disputeOpened({ ...first, reason: 'bonus short' }),
      h.disputeOpened({ ...second, reason: 'rate wrong' }),
    );
    const metrics = async () => (await h.call<PartnerMetricsView>(Rpc.analytics.PartnerMetrics, { partner_id: partner.id })).metrics;
    const spiffView = () => h.call<SpiffAnalyticsView>(Rpc.analytics.Spiff, { spiff_id: spiff.id }, ANALYST);
    expect(await metrics()).toMatchObject({ open_disputes: 2, adjustments: 0, adjustment_amount: 0, total_commission: 440 });

    await h.apply(
      h.disputeResolved({ ...first, status: 'resolved_adjusted', adjustment_amount: '25.00', adjustment_line_id: adjustment.commission_id, answer: 'added' }),
      h.commission(adjustment),
      h.disputeResolved({ ...second, status: 'resolved_declined', adjustment_amount: null, adjustment_line_id: null, answer: 'gold is 12%' }),
    );
    expect(await metrics()).toMatchObject({
      open_disputes: 0, adjustments: 1, adjustment_amount: 25, total_commission: 465, base_commission: 265, pending_commission: 465,
    });
    expect(await spiffView()).toMatchObject({ open_disputes: 0, adjustments: 1, adjustment_amount: 25, bonus_cost: 200, sales: 1 });
  });
});

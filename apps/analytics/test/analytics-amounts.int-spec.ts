import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { Rpc } from '@spiffworks/contracts';
import type { EventEnvelope, OverviewView, PartnerMetricsView } from '@spiffworks/contracts';
import { eventually } from '@spiffworks/testing';
import { ANALYST, AnalyticsHarness, partnerSnapshot, sale, saleLine } from './analytics-harness';

/**
 * Amounts as large as the inputs allow (unit_price 1,000,000 × quantity 100,000 = 1e11 of revenue
 * per sale; a fixed spiff of 1,000,000 per unit = 1e11 of bonus per sale and spiff), pushed through
 * the real consumer: no event may fail or dead-letter, and the totals come out exact.
 */
describe('analytics holds the largest amounts the inputs allow (real PostgreSQL and RabbitMQ)', () => {
  let h: AnalyticsHarness;

  beforeAll(async () => {
    h = await AnalyticsHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  const failures = async (): Promise<Array<{ event_type: string; last_error: string }>> =>
    (await h.db.query('SELECT event_type, last_error FROM delivery_failures ORDER BY last_failed_at LIMIT 3')).rows;

  /** Waits until every event is applied, failing at once (with the error) when one of them fails. */
  async function appliedWithoutFailures(events: EventEnvelope[]): Promise<void> {
    const ids = events.map((e) => e.id);
    const state = await eventually(async () => ({
      applied: Number((await h.db.query('SELECT count(*) FROM inbox WHERE id = ANY ($1::uuid[])', [ids])).rows[0].count),
      failed: await failures(),
    }), (s) => s.applied === ids.length || s.failed.length > 0, { timeoutMs: 60_000 });
    expect(state.failed).toEqual([]);
    expect(state.applied).toBe(ids.length);
  }

  it('takes 1,001 maximum-size sales with 10 maximum fixed spiffs each: totals past 1e14, lines past 1e12, nothing dead-lettered', async () => {
    const partner = partnerSnapshot('Whale Reseller Ltd.', 'gold');
    const productId = randomUUID();
    const spiffIds = Array.from({ length: 10 }, () => randomUUID());
    const sales = 1001;
    const revenue = '100000000000.00'; // 1,000,000.00 × 100,000
    const base = '12000000000.00'; // 12 %
    const bonus = '100000000000.00'; // 1,000,000.00 per unit × 100,000
    const lineTotal = new Decimal(base).plus(new Decimal(bonus).times(spiffIds.length)).toFixed(2); // 1.012e12: over numeric(14,2)
    const events: EventEnvelope[] = [h.partner(partner)];
    for (let n = 0; n < sales; n++) {
      const s = sale(partner, productId, '2025-01-15', 100_000, '1000000.00', revenue);
      events.push(h.saleLogged(s), h.commission(saleLine(s, { base, bonuses: spiffIds.map((spiff_id) => ({ spiff_id, bonus })), total: lineTotal })));
    }
    for (const event of events) h.broker.publish(event);
    await appliedWithoutFailures(events);

    const totalRevenue = new Decimal(revenue).times(sales); // 1.001e14: over numeric(16,2)
    const totalCommission = new Decimal(lineTotal).times(sales); // ~1.013e15
    const { rows: [summary] } = await h.db.query(
      'SELECT sales_count, revenue, base_commission, spiff_bonus, pending_commission FROM partner_summaries WHERE partner_id = $1', [partner.id]);
    expect(summary).toEqual({
      sales_count: String(sales),
      revenue: totalRevenue.toFixed(2),
      base_commission: new Decimal(base).times(sales).toFixed(2),
      spiff_bonus: new Decimal(bonus).times(spiffIds.length * sales).toFixed(2),
      pending_commission: totalCommission.toFixed(2),
    });
    expect(totalRevenue.greaterThan(1e14)).toBe(true);
    const { rows: [day] } = await h.db.query('SELECT sales, revenue, commission FROM daily_facts WHERE partner_id = $1', [partner.id]);
    expect(day).toEqual({ sales: String(sales), revenue: totalRevenue.toFixed(2), commission: totalCommission.toFixed(2) });
    const { rows: spiffs } = await h.db.query('SELECT bonus FROM spiff_partners WHERE partner_id = $1', [partner.id]);
    expect(spiffs.map((r) => r.bonus)).toEqual(spiffIds.map(() => new Decimal(bonus).times(sales).toFixed(2)));
    // and the BI views, recreated over the wider columns, read them
    const { rows: [bi] } = await h.db.query('SELECT total_revenue, total_commission FROM bi_partner_metrics WHERE partner_id = $1', [partner.id]);
    expect(bi).toEqual({ total_revenue: totalRevenue.toFixed(2), total_commission: totalCommission.toFixed(2) });

    const metrics: PartnerMetricsView = await h.call(Rpc.analytics.PartnerMetrics, { partner_id: partner.id });
    expect(metrics.metrics.total_revenue).toBe(totalRevenue.toNumber());
    const overview: OverviewView = await h.call(Rpc.analytics.Overview, {}, ANALYST);
    expect(overview.overview.total_sales).toBe(sales);
    expect(overview.overview.total_revenue).toBe(totalRevenue.toNumber());
  });
});

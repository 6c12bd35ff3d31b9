import Decimal from 'decimal.js';
import fc from 'fast-check';
import type { CommissionView, Page, SaleView } from '@spiffworks/contracts';
import { GatewayClient, eventually } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform, mapLimit } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

const cents = (value: Decimal.Value): string => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
const money = (value: number): string => new Decimal(value).toFixed(2);

describe('property: for random sales the ledger adds up, and analytics equal it', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let admin: string;
  let partners: CreatedPartner[];
  let products: string[];

  beforeAll(async () => {
    running = await startPlatform();
    ({ api, admin } = running);

    products = [
      (await api.post('/api/products', { name: 'Router', sku: 'RT-1', commission_rate: 7.5, commission_rates: { gold: 9.25, platinum: 12.125 } }, admin)).body.id,
      (await api.post('/api/products', { name: 'Switch', sku: 'SW-1', commission_rate: 3.3333 }, admin)).body.id,
    ];
    partners = [
      await createPartner(api, admin, 'gold'),
      await createPartner(api, admin, 'platinum'),
      await createPartner(api, admin, 'silver'),
    ];
    for (const spiff of [
      { name: 'Router cash', target_products: [products[0]], assignment_type: 'tier', target_tiers: ['gold', 'platinum'], incentive_amount: 12.34, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-06-30' },
      { name: 'Both, 3.75 %', target_products: products, assignment_type: 'individual', target_partners: [partners[0].id, partners[2].id], incentive_amount: 3.75, incentive_type: 'percentage', start_date: '2025-03-01', end_date: '2025-12-31' },
    ]) {
      expect((await api.post('/api/spiffs', spiff, admin)).status).toBe(201);
    }
    for (const partner of partners) {
      await eventually(async () => (await api.post('/api/fulfillment/assignments', {
        partner_id: partner.id, product_ids: products, assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
      }, admin)).status, (status) => status === 201);
    }
    await eventually(async () => (await api.get('/api/fulfillment/assignments?page_size=500', admin)).body.total, (n) => n === 3 + 2 + 2);
  });

  afterAll(() => stopPlatform(running));

  const saleArbitrary = fc.record({
    partner: fc.integer({ min: 0, max: 2 }),
    product: fc.integer({ min: 0, max: 1 }),
    quantity: fc.integer({ min: 1, max: 40 }),
    unitPriceCents: fc.integer({ min: 1, max: 250_000 }),
    dayOfYear: fc.integer({ min: 0, max: 364 }),
  });

  it('every line equals its trace\'s arithmetic and the sale\'s answer, and Σ ledger = Σ analytics = Σ accepted sales', async () => {
    let accepted = new Decimal(0);
    const answered: SaleView[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(saleArbitrary, { minLength: 20, maxLength: 20 }), async (sales) => {
        const results = await mapLimit(sales, 4, (s) => {
          const date = new Date(Date.UTC(2025, 0, 1 + s.dayOfYear)).toISOString().slice(0, 10);
          const partner = partners[s.partner];
          return api.post('/api/fulfillment/sales', {
            partner_id: partner.id, product_id: products[s.product], quantity: s.quantity, unit_price: s.unitPriceCents / 100, sale_date: date,
          }, partner.token);
        });
        for (const result of results) {
          expect(result.status).toBe(201);
          accepted = accepted.plus(result.body.revenue);
          answered.push(result.body);
        }
      }),
      { numRuns: 4, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 100_000) },
    );

    // The ledger books each sale from its `sale.logged`, a moment after the sale's 201.
    const ledger = await eventually(async () => (await api.get<Page<CommissionView>>('/api/commissions?page_size=500', admin)).body.items, (items) => items.length === 80);
    expect(ledger).toHaveLength(80);
    // The sale answers with the rules applied to its facts; the ledger books the same numbers from its event.
    for (const sale of answered) {
      expect(ledger.find((line) => line.sale_id === sale.id)).toMatchObject({
        commission_amount: sale.commission_amount, spiff_bonus: sale.spiff_bonus, total_commission: sale.total_commission,
        spiffs_applied: sale.spiffs_applied, status: sale.commission_status,
      });
    }
    for (const line of ledger) {
      const trace = line.trace;
      expect(cents(new Decimal(trace.revenue as string).times(trace.commission_rate as string).dividedBy(100))).toBe(money(line.commission_amount));
      let bonus = new Decimal(0);
      for (const spiff of trace.spiffs ?? []) {
        const exact = !spiff.applied ? new Decimal(0)
          : spiff.incentive_type === 'fixed' ? new Decimal(spiff.incentive_amount).times(trace.quantity as number)
            : new Decimal(spiff.incentive_amount).times(trace.revenue as string).dividedBy(100);
        expect(new Decimal(spiff.bonus_exact).equals(exact)).toBe(true);
        expect(spiff.bonus).toBe(cents(exact));
        bonus = bonus.plus(spiff.bonus);
      }
      expect(bonus.toFixed(2)).toBe(money(line.spiff_bonus));
      expect(new Decimal(money(line.commission_amount)).plus(money(line.spiff_bonus)).toFixed(2)).toBe(money(line.total_commission));
    }

    const ledgerRevenue = ledger.reduce((sum, l) => sum.plus(money(l.revenue)), new Decimal(0));
    const ledgerCommission = ledger.reduce((sum, l) => sum.plus(money(l.total_commission)), new Decimal(0));
    expect(ledgerRevenue.toFixed(2)).toBe(accepted.toFixed(2));
    const analytics = await eventually(() => api.get('/api/analytics/overview', admin).then((r) => r.body), (o) => o.overview?.total_sales === 80);
    expect(money(analytics.overview.total_revenue)).toBe(ledgerRevenue.toFixed(2));
    expect(money(analytics.overview.total_commission)).toBe(ledgerCommission.toFixed(2));

    for (const partner of partners) {
      const lines = ledger.filter((l) => l.partner_id === partner.id);
      const metrics = (await api.get(`/api/analytics/partners/${partner.id}`, admin)).body.metrics;
      expect(metrics.total_sales).toBe(lines.length);
      expect(money(metrics.total_revenue)).toBe(lines.reduce((s, l) => s.plus(money(l.revenue)), new Decimal(0)).toFixed(2));
      expect(money(metrics.base_commission)).toBe(lines.reduce((s, l) => s.plus(money(l.commission_amount)), new Decimal(0)).toFixed(2));
      expect(money(metrics.spiff_bonus)).toBe(lines.reduce((s, l) => s.plus(money(l.spiff_bonus)), new Decimal(0)).toFixed(2));
      expect(money(metrics.pending_commission)).toBe(lines.reduce((s, l) => s.plus(money(l.total_commission)), new Decimal(0)).toFixed(2));
    }
  });
});

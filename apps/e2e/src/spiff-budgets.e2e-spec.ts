import Decimal from 'decimal.js';
import type { CommissionView, Opportunity, Page, SpiffAnalyticsView, SpiffDetailView } from '@spiffworks/contracts';
import type { GatewayClient } from '@spiffworks/testing';
import { eventually } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

/**
 * A spiff fund through the gateway: 32 sales at once against a small budget grant it exactly, to
 * the cent (the crossing sale's trace shows the remainder); the ledger, the spiff's budget and
 * analytics agree; a lowering below what is committed is refused, a raise lets bonuses flow again.
 */
describe('spiff budgets: a fund that is never overspent', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let admin: string;
  let laptop: string;
  let partners: CreatedPartner[];
  let spiffId: string;

  const BUDGET = 100;
  const PER_UNIT = 7.35;

  beforeAll(async () => {
    running = await startPlatform();
    ({ api, admin } = running);
    laptop = (await api.post('/api/products', { name: 'Budget Laptop', sku: 'BUD-LAP', commission_rate: 10 }, admin)).body.id;
    partners = [];
    for (let i = 0; i < 4; i++) partners.push(await createPartner(api, admin, 'gold'));
    // Every partner reaches fulfillment's directory before the spiff fans out to them.
    await eventually(() => Promise.all(partners.map(async (p) => (await api.post('/api/fulfillment/assignments', {
      partner_id: p.id, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
    }, admin)).status)), (statuses) => statuses.every((s) => s === 201));
    const created = await api.post('/api/spiffs', {
      name: 'Small fund', target_products: [laptop], assignment_type: 'individual', target_partners: partners.map((p) => p.id),
      incentive_amount: PER_UNIT, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-12-31', budget_amount: BUDGET,
    }, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ budget_amount: BUDGET, per_partner_cap: null });
    spiffId = created.body.id;
    await Promise.all(partners.map((p) => eventually(
      async () => (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', p.token)).body.opportunities,
      (ops) => ops.some((o) => o.spiff?.id === spiffId && o.spiff.fund?.remaining === BUDGET),
    )));
  });
  afterAll(() => stopPlatform(running));

  const sell = (partner: CreatedPartner) => api.post('/api/fulfillment/sales', {
    partner_id: partner.id, product_id: laptop, quantity: 1, unit_price: 100, sale_date: '2025-06-01',
  }, partner.token);
  const spiffLines = async (): Promise<CommissionView[]> =>
    (await api.get<Page<CommissionView>>(`/api/commissions?spiff_id=${spiffId}&page_size=500`, admin)).body.items;
  const cents = (values: number[]) => values.reduce((s, v) => s.plus(v), new Decimal(0)).toFixed(2);
  const detail = async (): Promise<SpiffDetailView> => (await api.get<SpiffDetailView>(`/api/spiffs/${spiffId}`, admin)).body;

  it('32 concurrent sales grant the fund exactly; the crossing sale gets the remainder; ledger, budget and analytics agree', async () => {
    const answers = await Promise.all(Array.from({ length: 32 }, (_, i) => sell(partners[i % partners.length])));
    expect(answers.map((a) => a.status)).toEqual(Array(32).fill(201));
    expect(answers.every((a) => a.body.commission_amount === 10)).toBe(true); // the base is never touched
    expect(cents(answers.map((a) => a.body.spiff_bonus))).toBe('100.00');
    // 13 full bonuses (95.55), one remainder (4.45), 18 without.
    expect(answers.filter((a) => a.body.spiff_bonus === PER_UNIT)).toHaveLength(13);
    expect(answers.filter((a) => a.body.spiff_bonus === 0)).toHaveLength(18);

    const lines = await eventually(spiffLines, (ls) => ls.length >= 14);
    const all = await eventually(async () => (await api.get<Page<CommissionView>>(`/api/commissions?page_size=500`, admin)).body.items.filter((l) => l.kind === 'sale'),
      (ls) => ls.length >= 32);
    expect(cents(all.map((l) => l.spiff_bonus))).toBe('100.00');
    expect(cents(lines.map((l) => l.spiff_bonus))).toBe('100.00');
    const crossing = all.filter((l) => l.trace.spiffs?.[0]?.budget?.granted === '4.45');
    expect(crossing).toHaveLength(1);
    expect(crossing[0].trace.spiffs?.[0]).toMatchObject({ applied: true, budget: { requested: '7.35', granted: '4.45', reason: 'budget_exhausted' } });
    const exhausted = all.filter((l) => l.spiff_bonus === 0);
    expect(exhausted).toHaveLength(18);
    expect(exhausted[0].trace.spiffs?.[0]).toMatchObject({ applied: false, budget: { requested: '7.35', granted: '0.00', reason: 'budget_exhausted' } });

    expect((await detail()).budget).toMatchObject({ amount: 100, committed: 100, remaining: 0, forecast_exhausted_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const analytics = await eventually(
      async () => (await api.get<SpiffAnalyticsView>(`/api/analytics/spiffs/${spiffId}`, admin)).body,
      (a) => a.bonus_cost === 100,
    );
    expect(analytics.burn_down.at(-1)).toEqual({ day: '2025-06-01', bonus: 100, cumulative: 100 });
    const opportunity = (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partners[0].token)).body.opportunities
      .find((o) => o.spiff?.id === spiffId);
    expect(opportunity?.spiff?.fund).toEqual({ remaining: 0, exhausted: true });
  });

  it('refuses a fund below what is committed, changing nothing; a raise lets bonuses flow again', async () => {
    const lowered = await api.patch(`/api/spiffs/${spiffId}`, { budget_amount: 99.99 }, admin);
    expect(lowered.status).toBe(409);
    expect(lowered.body).toMatchObject({ code: 'BUDGET_BELOW_COMMITTED' });
    expect(await detail()).toMatchObject({ budget_amount: 100, budget: { amount: 100, committed: 100 } });
    const badCap = await api.patch(`/api/spiffs/${spiffId}`, { per_partner_cap: 100.01 }, admin);
    expect(badCap.status).toBe(400);
    expect(JSON.stringify(badCap.body)).toContain('per_partner_cap');

    const raised = await api.patch(`/api/spiffs/${spiffId}`, { budget_amount: 110 }, admin);
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ budget_amount: 110 });
    await eventually(detail, (d) => d.budget?.amount === 110);
    expect((await detail()).budget).toMatchObject({ committed: 100, remaining: 10 });
    const [next, after] = [await sell(partners[0]), await sell(partners[1])];
    expect([next.body.spiff_bonus, after.body.spiff_bonus]).toEqual([7.35, 2.65]);
    expect((await detail()).budget).toMatchObject({ committed: 110, remaining: 0 });
  });

  /**
   * What a fund has committed is what the lines that count (not rejected) still pay from it, to the
   * cent: a return gives back its clawback's share, a rejected sale line the rest; its clawback,
   * rejected with it, gives nothing more and takes nothing back (it was never owed either way); an
   * approved clawback stays and its reversal line cancels it, the fund again untouched.
   */
  it('a rejected sale line and its rejected (or reversed) clawback leave the fund at what the counting lines pay', async () => {
    const partner = partners[0];
    const tablet = (await api.post('/api/products', { name: 'Budget Tablet', sku: 'BUD-TAB', commission_rate: 10 }, admin)).body.id;
    const fund = (await api.post('/api/spiffs', {
      name: 'Returnable fund', target_products: [tablet], assignment_type: 'individual', target_partners: [partner.id],
      incentive_amount: 10, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-12-31', budget_amount: 100,
    }, admin)).body.id as string;
    await eventually(async () => (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partner.token)).body.opportunities,
      (ops) => ops.some((o) => o.spiff?.id === fund && o.spiff.fund?.remaining === 100));
    const budget = async () => (await api.get<SpiffDetailView>(`/api/spiffs/${fund}`, admin)).body.budget;
    const linesOf = async (saleId: string) => (await api.get<Page<CommissionView>>(`/api/commissions?partner_id=${partner.id}&page_size=500`, admin)).body.items
      .filter((l) => l.sale_id === saleId);
    /** Σ of the fund's bonus on the partner's lines that count, in cents. */
    const counting = async () => {
      const lines = (await api.get<Page<CommissionView>>(`/api/commissions?spiff_id=${fund}&page_size=500`, admin)).body.items;
      return cents(lines.filter((l) => l.status !== 'rejected').flatMap((l) => l.spiffs_applied.filter((s) => s.spiff_id === fund).map((s) => s.bonus)));
    };
    const fundEqualsLines = async (committed: number) => {
      await eventually(budget, (b) => b?.committed === committed);
      expect(await budget()).toMatchObject({ committed, remaining: 100 - committed });
      await eventually(counting, (c) => c === committed.toFixed(2));
    };
    const sell = async (quantity: number) => {
      const sold = await api.post('/api/fulfillment/sales', { partner_id: partner.id, product_id: tablet, quantity, unit_price: 100, sale_date: '2025-06-02' }, partner.token);
      expect(sold.body).toMatchObject({ spiff_bonus: quantity * 10 });
      return sold.body.id as string;
    };
    const giveBack = async (saleId: string) => {
      expect((await api.post(`/api/fulfillment/sales/${saleId}/returns`, { quantity: 1, reason: 'returned' }, partner.token)).status).toBe(201);
      return (await eventually(() => linesOf(saleId), (ls) => ls.some((l) => l.kind === 'clawback'))).find((l) => l.kind === 'clawback') as CommissionView;
    };
    const saleLine = async (saleId: string) => (await eventually(() => linesOf(saleId), (ls) => ls.some((l) => l.kind === 'sale'))).find((l) => l.kind === 'sale') as CommissionView;

    // A pending clawback is rejected with its sale's line.
    const first = await sell(3);
    const firstLine = await saleLine(first);
    await fundEqualsLines(30);
    const pendingClawback = await giveBack(first);
    expect(pendingClawback).toMatchObject({ status: 'pending', spiff_bonus: -10 });
    await fundEqualsLines(20);
    expect((await api.post(`/api/commissions/${firstLine.id}/reject`, { reason: 'not our customer' }, admin)).status).toBe(200);
    expect((await linesOf(first)).map((l) => [l.kind, l.status]).sort()).toEqual([['clawback', 'rejected'], ['sale', 'rejected']]);
    await fundEqualsLines(0);

    // An approved clawback stays; a reversal line gives it back.
    const second = await sell(2);
    const secondLine = await saleLine(second);
    await fundEqualsLines(20);
    const approvedClawback = await giveBack(second);
    expect((await api.post(`/api/commissions/${approvedClawback.id}/approve`, {}, admin)).status).toBe(200);
    await fundEqualsLines(10);
    // A clawback is never rejected alone: the fund cannot be given back twice for the same units.
    expect(await api.post(`/api/commissions/${approvedClawback.id}/reject`, { reason: 'x' }, admin)).toMatchObject({ status: 409, body: { code: 'COMMISSION_STATUS_CONFLICT' } });
    expect((await api.post(`/api/commissions/${secondLine.id}/reject`, { reason: 'duplicate claim' }, admin)).status).toBe(200);
    await eventually(() => linesOf(second), (ls) => ls.some((l) => l.kind === 'clawback_reversal'));
    await fundEqualsLines(0);

    // What the rejections gave back is drawn again by the next sale, whole.
    expect((await api.post('/api/fulfillment/sales', { partner_id: partner.id, product_id: tablet, quantity: 10, unit_price: 100, sale_date: '2025-06-03' }, partner.token)).body)
      .toMatchObject({ spiff_bonus: 100 });
    await fundEqualsLines(100);
  });
});

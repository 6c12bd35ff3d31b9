import { randomUUID } from 'node:crypto';
import { Events, Rpc } from '@spiffworks/contracts';
import type { OverviewView, PartnerMetricsView, PartnerSnapshot, SpiffAnalyticsView, TimeseriesView } from '@spiffworks/contracts';
import { countRows, eventually } from '@spiffworks/testing';
import { ANALYST, AnalyticsHarness, partnerSnapshot, sale, saleLine, spiffSnapshot, transitioned } from './analytics-harness';

/**
 * The ledger side of analytics: sales, commission lines and milestones, fed by events exactly as
 * fulfillment and commissions publish them, in any order, possibly redelivered.
 */
describe('analytics from sales and the commission ledger (real PostgreSQL and RabbitMQ)', () => {
  let h: AnalyticsHarness;

  beforeAll(async () => {
    h = await AnalyticsHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  const metrics = (partnerId: string): Promise<PartnerMetricsView> => h.call(Rpc.analytics.PartnerMetrics, { partner_id: partnerId });
  const overview = (): Promise<OverviewView> => h.call(Rpc.analytics.Overview, {}, ANALYST);

  /** DESIGN §3: gold partner, rate 12 %, fixed $100 spiff, 2 × $1,000 on 2025-01-15 → 240 + 200 = 440. */
  function workedExample(name: string) {
    const partner = partnerSnapshot(name, 'gold');
    const productId = randomUUID();
    const spiff = spiffSnapshot('Q4 Laptop Promotion', [productId], '2025-01-01', '2025-03-31');
    const s = sale(partner, productId, '2025-01-15', 2, '1000.00', '2000.00');
    const line = saleLine(s, { base: '240.00', bonuses: [{ spiff_id: spiff.id, bonus: '200.00' }], total: '440.00' });
    const events = [h.partner(partner), h.spiffCreated(spiff), h.assignments(spiff.id, [partner.id]), h.saleLogged(s), h.commission(line)];
    return { partner, productId, spiff, sale: s, line, events };
  }

  const exampleMetrics = (partner: PartnerSnapshot): PartnerMetricsView => ({
    partner_id: partner.id,
    partner_name: partner.name,
    metrics: {
      total_sales: 1, total_revenue: 2000, total_commission: 440, base_commission: 240, spiff_bonus: 200,
      pending_commission: 440, approved_commission: 0, paid_commission: 0, active_assignments: 1,
      milestones_achieved: 0, milestone_rewards: 0, open_disputes: 0, adjustments: 0, adjustment_amount: 0,
    },
  });

  it('answers the worked example: partner metrics, the overview, and the partner in top_partners', async () => {
    const example = workedExample('TechCorp Partners Inc.');
    await h.apply(...example.events);

    expect(await metrics(example.partner.id)).toEqual(exampleMetrics(example.partner));
    expect(await overview()).toEqual({
      overview: { total_assignments: 1, active_assignments: 1, total_sales: 1, total_revenue: 2000, total_commission: 440 },
      top_partners: [{ partner_id: example.partner.id, partner_name: 'TechCorp Partners Inc.', sales_count: 1, revenue: 2000, commission: 440 }],
    });
  });

  it('gives the same result when the events arrive in reverse order (ledger line before its sale, sale before the partner)', async () => {
    const example = workedExample('Reverse Order Ltd.');
    await h.applyInOrder(...[...example.events].reverse());

    expect(await metrics(example.partner.id)).toEqual(exampleMetrics(example.partner));
    const { overview: totals, top_partners } = await overview();
    expect(totals).toEqual({ total_assignments: 2, active_assignments: 2, total_sales: 2, total_revenue: 4000, total_commission: 880 });
    expect(top_partners.map((p) => p.partner_name).sort()).toEqual(['Reverse Order Ltd.', 'TechCorp Partners Inc.']);
    // The line, first, filed its commission under its own day, partner, product and tier.
    const series = await h.call<TimeseriesView>(Rpc.analytics.Timeseries, {
      metric: 'commission', interval: 'day', from: '2025-01-15', to: '2025-01-15', partner_id: example.partner.id, tier: 'gold',
    });
    expect(series.points).toEqual([{ period: '2025-01-15', value: 440 }]);
    const spiff = await h.call<SpiffAnalyticsView>(Rpc.analytics.Spiff, { spiff_id: example.spiff.id });
    expect(spiff).toMatchObject({ name: 'Q4 Laptop Promotion', sales: 1, revenue: 2000, bonus_cost: 200, partners_assigned: 1, partners_sold: 1 });
  });

  it('holds a ledger line published before lines carried the tier until its sale arrives, then files it once', async () => {
    const example = workedExample('Legacy Line SA');
    const [partnerRegistered, spiffCreated, assigned, saleLogged] = example.events;
    const legacy = h.commission({ ...example.line, tier: undefined });
    await h.apply(partnerRegistered, spiffCreated, assigned);
    h.broker.publish(legacy);
    await h.apply(saleLogged);
    await h.applied([legacy]);

    expect(await metrics(example.partner.id)).toEqual(exampleMetrics(example.partner));
    const series = await h.call<TimeseriesView>(Rpc.analytics.Timeseries, {
      metric: 'commission', interval: 'day', from: '2025-01-15', to: '2025-01-15', partner_id: example.partner.id,
    });
    expect(series.points).toEqual([{ period: '2025-01-15', value: 440 }]);
  });

  it('files a file chunk\'s sales.logged and commissions.recorded as the same sales and lines one by one would', async () => {
    const one = workedExample('One By One Ltd.');
    const chunked = workedExample('Chunked Ltd.');
    const second = sale(chunked.partner, chunked.productId, '2025-01-20', 1, '1000.00', '1000.00');
    const secondLine = saleLine(second, { base: '120.00', bonuses: [{ spiff_id: chunked.spiff.id, bonus: '100.00' }], total: '220.00' });
    const alsoOne = sale(one.partner, one.productId, '2025-01-20', 1, '1000.00', '1000.00');
    const alsoOneLine = saleLine(alsoOne, { base: '120.00', bonuses: [{ spiff_id: one.spiff.id, bonus: '100.00' }], total: '220.00' });
    await h.apply(...one.events, h.saleLogged(alsoOne), h.commission(alsoOneLine));
    await h.apply(
      ...chunked.events.slice(0, 3),
      h.broker.envelope(Events.SalesLogged, { sales: [chunked.sale, second] }, 'fulfillment'),
      h.broker.envelope(Events.CommissionsRecorded, { lines: [chunked.line, secondLine] }, 'commissions'),
    );

    const { metrics: expected } = await metrics(one.partner.id);
    expect(expected).toMatchObject({ total_sales: 2, total_revenue: 3000, total_commission: 660, spiff_bonus: 300 });
    expect((await metrics(chunked.partner.id)).metrics).toEqual(expected);
    const spiffOf = (id: string): Promise<SpiffAnalyticsView> => h.call<SpiffAnalyticsView>(Rpc.analytics.Spiff, { spiff_id: id });
    const { spiff_id: _a, ...chunkedSpiff } = await spiffOf(chunked.spiff.id);
    const { spiff_id: _b, ...oneSpiff } = await spiffOf(one.spiff.id);
    expect(chunkedSpiff).toMatchObject({ sales: 2, revenue: 3000, bonus_cost: 300 });
    expect(chunkedSpiff).toEqual(oneSpiff);
  });

  it('counts a redelivered sale.logged and commission.recorded once', async () => {
    const partner = partnerSnapshot('Redelivery GmbH');
    const s = sale(partner, randomUUID(), '2025-01-16', 1, '500.00', '500.00');
    const saleEvent = h.saleLogged(s);
    const lineEvent = h.commission(saleLine(s, { base: '60.00', total: '60.00' }));
    await h.apply(h.partner(partner), saleEvent, lineEvent);
    h.broker.publish(saleEvent);
    h.broker.publish(lineEvent);
    await eventually(
      () => countRows(h.db, 'SELECT count(*) FROM inbox WHERE id = ANY ($1::uuid[]) AND redeliveries = 1', [[saleEvent.id, lineEvent.id]]),
      (n) => n === 2,
    );

    const { metrics: m } = await metrics(partner.id);
    expect(m).toMatchObject({ total_sales: 1, total_revenue: 500, total_commission: 60, base_commission: 60, pending_commission: 60 });
  });

  it('moves a line from pending to approved to paid, ignoring a status that arrives late, and counts milestone rewards by status', async () => {
    const partner = partnerSnapshot('Lifecycle Corp.');
    const s = sale(partner, randomUUID(), '2025-01-17', 3, '100.00', '300.00');
    const recorded = saleLine(s, { base: '36.00', total: '36.00' });
    const approved = transitioned(recorded, 'approved');
    const paid = transitioned(approved, 'paid');
    await h.apply(h.partner(partner), h.saleLogged(s), h.commission(recorded));
    expect((await metrics(partner.id)).metrics).toMatchObject({ pending_commission: 36, approved_commission: 0, paid_commission: 0, total_commission: 36 });

    const approvedEvent = h.commission(approved);
    await h.apply(approvedEvent);
    expect((await metrics(partner.id)).metrics).toMatchObject({ pending_commission: 0, approved_commission: 36, paid_commission: 0, total_commission: 36 });

    await h.apply(h.commission(paid));
    await h.apply(h.commission(approved)); // a late duplicate state under a new envelope: nothing goes back
    expect((await metrics(partner.id)).metrics).toMatchObject({ pending_commission: 0, approved_commission: 0, paid_commission: 36, total_commission: 36 });

    const achievementId = randomUUID();
    const rewardLine = {
      commission_id: randomUUID(), kind: 'milestone_reward' as const, partner_id: partner.id, sale_id: null, return_id: null, sale_date: null,
      product_id: null, revenue: '0.00', commission_amount: '0.00', spiff_bonus: '0.00', reward_amount: '50.00', total_commission: '50.00',
      spiff_bonuses: [], previous_status: null, status: 'pending' as const,
    };
    await h.apply(
      h.milestone({
        achievement_id: achievementId, partner_id: partner.id, assignment_id: randomUUID(), spiff_id: null, milestone: '3 units',
        metric: 'units', threshold: '3', reward_amount: '50.00', achieved_at: new Date().toISOString(),
      }),
      h.commission(rewardLine),
    );
    expect((await metrics(partner.id)).metrics).toEqual({
      total_sales: 1, total_revenue: 300, total_commission: 36, base_commission: 36, spiff_bonus: 0,
      pending_commission: 50, approved_commission: 0, paid_commission: 36, active_assignments: 0,
      milestones_achieved: 1, milestone_rewards: 50, open_disputes: 0, adjustments: 0, adjustment_amount: 0,
    });

    // A rejected reward leaves the rewards total as it leaves the ledger; the milestone stays reached.
    await h.apply(h.commission({ ...rewardLine, previous_status: 'pending', status: 'rejected' }));
    expect((await metrics(partner.id)).metrics).toMatchObject({ pending_commission: 0, milestones_achieved: 1, milestone_rewards: 0 });
  });

  it('leaves a rejected line out of every commission total, and out of its spiff', async () => {
    const before = (await overview()).overview;
    const example = workedExample('Rejected Partners LLC');
    await h.apply(...example.events);
    await h.apply(h.commission(transitioned(example.line, 'rejected')));

    expect((await metrics(example.partner.id)).metrics).toMatchObject({
      total_sales: 1, total_revenue: 2000, total_commission: 0, base_commission: 0, spiff_bonus: 0,
      pending_commission: 0, approved_commission: 0, paid_commission: 0,
    });
    const after = (await overview()).overview;
    expect(after.total_commission).toBe(before.total_commission);
    expect(after.total_sales).toBe(before.total_sales + 1);
    expect(after.total_revenue).toBe(before.total_revenue + 2000);
    expect(await h.call(Rpc.analytics.Spiff, { spiff_id: example.spiff.id })).toMatchObject({
      sales: 0, revenue: 0, bonus_cost: 0, partners_assigned: 1, partners_sold: 0, revenue_during: 2000,
    });
    const series = await h.call<TimeseriesView>(Rpc.analytics.Timeseries, {
      metric: 'commission', interval: 'day', from: '2025-01-15', to: '2025-01-15', partner_id: example.partner.id,
    });
    expect(series.points).toEqual([{ period: '2025-01-15', value: 0 }]);
  });

  it('answers zeros for a known partner without sales, 404 for one no event named, 403 for another partner', async () => {
    const partner = partnerSnapshot('Quiet Reseller', 'bronze');
    await h.apply(h.partner(partner));
    expect(await metrics(partner.id)).toEqual({
      partner_id: partner.id,
      partner_name: 'Quiet Reseller',
      metrics: {
        total_sales: 0, total_revenue: 0, total_commission: 0, base_commission: 0, spiff_bonus: 0, pending_commission: 0,
        approved_commission: 0, paid_commission: 0, active_assignments: 0, milestones_achieved: 0, milestone_rewards: 0,
        open_disputes: 0, adjustments: 0, adjustment_amount: 0,
      },
    });
    const unknown = randomUUID();
    expect(await h.failure(Rpc.analytics.PartnerMetrics, { partner_id: unknown })).toEqual({ code: 'PARTNER_NOT_FOUND', status: 404, message: `partner ${unknown} not found` });
    const self = { user_id: randomUUID(), role: 'partner' as const, partner_id: partner.id };
    expect((await h.call<PartnerMetricsView>(Rpc.analytics.PartnerMetrics, { partner_id: partner.id }, self)).partner_name).toBe('Quiet Reseller');
    expect(await h.failure(Rpc.analytics.PartnerMetrics, { partner_id: randomUUID() }, self)).toMatchObject({ status: 403 });
  });
  // Runs last: the events above (out of order, redelivered, approved, paid, rejected) are all in.
  it('keeps the time series rollups equal to the daily facts they sum', async () => {
    const differences = async (rollup: string, facts: string): Promise<unknown[]> =>
      (await h.db.query(`(${rollup} EXCEPT ${facts}) UNION ALL (${facts} EXCEPT ${rollup})`)).rows;
    const byDay = (keys: string, columns = 'sum(sales), sum(revenue), sum(commission)') =>
      `SELECT ${keys}, ${columns} FROM daily_facts GROUP BY ${keys}`;
    expect(await differences('SELECT tier, day, sales, revenue, commission FROM daily_tier_facts', byDay('tier, day'))).toEqual([]);
    expect(await differences('SELECT product_id, day, sales, revenue, commission FROM daily_product_facts', byDay('product_id, day'))).toEqual([]);
    expect(await differences('SELECT day, sales, revenue, commission FROM daily_platform_facts', byDay('day'))).toEqual([]);
    expect(await differences(
      'SELECT spiff_id, day, sales, revenue, bonus FROM daily_spiff_totals',
      'SELECT spiff_id, day, sum(sales), sum(revenue), sum(bonus) FROM daily_spiff_facts GROUP BY spiff_id, day',
    )).toEqual([]);
    expect(Number((await h.db.query('SELECT count(*) FROM daily_tier_facts')).rows[0].count)).toBeGreaterThan(0);
  });
});

/** Lines recorded before ledger lines carried their own tier, still waiting for their sale: the upgrade path. */
describe('analytics started on a database an earlier release left (real PostgreSQL and RabbitMQ)', () => {
  let h: AnalyticsHarness;

  beforeAll(async () => {
    h = await AnalyticsHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('files the commission of a line recorded ahead of its sale when the sale arrives', async () => {
    const partner = partnerSnapshot('Upgrade Day Ltd.', 'gold');
    const productId = randomUUID();
    const s = sale(partner, productId, '2025-01-15', 2, '1000.00', '2000.00');
    await h.apply(h.partner(partner));
    // What the earlier release left: the line stored, its commission not yet in the daily facts.
    await h.db.query(
      `INSERT INTO commission_lines (commission_id, kind, partner_id, sale_id, sale_date, product_id, revenue, commission_amount, spiff_bonus,
         reward_amount, total_commission, status, filed_daily)
       VALUES ($1, 'sale', $2, $3, '2025-01-15', $4, 2000, 240, 200, 0, 440, 'pending', false)`,
      [randomUUID(), partner.id, s.sale_id, productId],
    );
    await h.apply(h.saleLogged(s));

    const series = await h.call<TimeseriesView>(Rpc.analytics.Timeseries, {
      metric: 'commission', interval: 'day', from: '2025-01-15', to: '2025-01-15', partner_id: partner.id,
    });
    expect(series.points).toEqual([{ period: '2025-01-15', value: 440 }]);
    expect(await countRows(h.db, 'SELECT count(*) FROM commission_lines WHERE NOT filed_daily')).toBe(0);
  });
});

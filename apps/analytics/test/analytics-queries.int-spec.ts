import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ErrorCode, Rpc } from '@spiffworks/contracts';
import type { EventEnvelope, PartnerSnapshot, SaleLoggedPayload, TimeseriesQuery, TimeseriesView } from '@spiffworks/contracts';
import { serviceDatabase } from '@spiffworks/persistence';
import { ANALYST, AnalyticsHarness, partnerSnapshot, sale, saleLine, spiffSnapshot } from './analytics-harness';

/** Spiff analytics, the time series and BI access; each test uses its own year of sale dates. */
describe('analytics queries: spiffs, time series, BI views (real PostgreSQL and RabbitMQ)', () => {
  let h: AnalyticsHarness;

  beforeAll(async () => {
    h = await AnalyticsHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** A sale and its pending line (base 10 %), with the given spiff bonuses. */
  function sold(partner: PartnerSnapshot, productId: string, day: string, revenue: string, bonuses: Array<{ spiff_id: string; bonus: string }> = []): EventEnvelope[] {
    const s: SaleLoggedPayload = sale(partner, productId, day, 1, revenue, revenue);
    const base = (Number(revenue) / 10).toFixed(2);
    const total = (Number(base) + bonuses.reduce((sum, b) => sum + Number(b.bonus), 0)).toFixed(2);
    return [h.saleLogged(s), h.commission(saleLine(s, { base, bonuses, total }))];
  }

  it('reports a spiff: bonus cost, partners sold vs assigned, revenue during vs the same-length period before', async () => {
    const [laptop, dock, other] = [randomUUID(), randomUUID(), randomUUID()];
    const [p1, p2, p3, outsider] = ['Alpha', 'Beta', 'Gamma', 'Delta'].map((n) => partnerSnapshot(n, 'gold'));
    const spiff = spiffSnapshot('March Push', [laptop, dock], '2024-03-01', '2024-03-10'); // 10 days; before = 02-20..02-29
    const bonus = (amount: string) => [{ spiff_id: spiff.id, bonus: amount }];
    await h.apply(
      h.partner(p1), h.partner(p2), h.partner(p3), h.partner(outsider),
      h.spiffCreated(spiff), h.assignments(spiff.id, [p1.id, p2.id]), h.assignments(spiff.id, [p3.id]),
      ...sold(p1, laptop, '2024-03-01', '1000.00', bonus('100.00')),
      ...sold(p1, dock, '2024-03-05', '300.00', bonus('30.00')),
      ...sold(p2, laptop, '2024-03-10', '700.00', bonus('70.00')),
      ...sold(outsider, laptop, '2024-03-04', '250.00'), // the spiff's product, no bonus: during, not the spiff's sales
      ...sold(outsider, other, '2024-03-04', '9999.00'), // another product: nowhere
      ...sold(outsider, laptop, '2024-02-20', '100.00'), // first day of the period before
      ...sold(outsider, dock, '2024-02-29', '500.00'), // last day of the period before
      ...sold(outsider, laptop, '2024-02-19', '8888.00'), // too early
      ...sold(outsider, laptop, '2024-03-11', '7777.00'), // too late
    );

    expect(await h.call(Rpc.analytics.Spiff, { spiff_id: spiff.id }, ANALYST)).toEqual({
      spiff_id: spiff.id, name: 'March Push', start_date: '2024-03-01', end_date: '2024-03-10',
      sales: 3, revenue: 2000, bonus_cost: 200, partners_assigned: 3, partners_sold: 2,
      revenue_during: 2250, revenue_before: 600, revenue_lift_percent: 275, open_disputes: 0, adjustments: 0, adjustment_amount: 0,
      burn_down: [
        { day: '2024-03-01', bonus: 100, cumulative: 100 }, { day: '2024-03-05', bonus: 30, cumulative: 130 }, { day: '2024-03-10', bonus: 70, cumulative: 200 },
      ],
    });
    const unknown = randomUUID();
    expect(await h.failure(Rpc.analytics.Spiff, { spiff_id: unknown })).toEqual({ code: 'SPIFF_NOT_FOUND', status: 404, message: `spiff ${unknown} not found` });
  });

  describe('time series', () => {
    const [laptop, dock] = [randomUUID(), randomUUID()];
    const gold = partnerSnapshot('Gold One', 'gold');
    const silver = partnerSnapshot('Silver Two', 'silver');
    const spiff = spiffSnapshot('January Laptops', [laptop], '2023-01-01', '2023-01-31');
    const series = async (query: Partial<TimeseriesQuery>): Promise<number[]> =>
      (await h.call<TimeseriesView>(Rpc.analytics.Timeseries, { metric: 'revenue', interval: 'month', from: '2023-01-01', to: '2023-03-31', ...query }, ANALYST))
        .points.map((p) => p.value);

    beforeAll(async () => {
      await h.apply(
        h.partner(gold), h.partner(silver), h.spiffCreated(spiff),
        ...sold(gold, laptop, '2023-01-02', '100.00', [{ spiff_id: spiff.id, bonus: '10.00' }]), // a Monday
        ...sold(silver, dock, '2023-01-04', '200.00'),
        ...sold(gold, dock, '2023-01-10', '50.00'),
        ...sold(silver, laptop, '2023-02-15', '400.00'),
      );
    });

    it('answers every day of the range, empty days as 0, named by their date', async () => {
      const view = await h.call<TimeseriesView>(Rpc.analytics.Timeseries, { metric: 'revenue', interval: 'day', from: '2023-01-01', to: '2023-01-05' });
      expect(view).toEqual({
        metric: 'revenue', interval: 'day', from: '2023-01-01', to: '2023-01-05',
        points: [
          { period: '2023-01-01', value: 0 }, { period: '2023-01-02', value: 100 }, { period: '2023-01-03', value: 0 },
          { period: '2023-01-04', value: 200 }, { period: '2023-01-05', value: 0 },
        ],
      });
    });

    it('buckets weeks from Monday and months from the 1st, counting sales and commission too', async () => {
      const weeks = await h.call<TimeseriesView>(Rpc.analytics.Timeseries, { metric: 'revenue', interval: 'week', from: '2023-01-01', to: '2023-01-15' });
      expect(weeks.points).toEqual([{ period: '2022-12-26', value: 0 }, { period: '2023-01-02', value: 300 }, { period: '2023-01-09', value: 50 }]);
      expect(await series({ metric: 'sales' })).toEqual([3, 1, 0]);
      expect(await series({ metric: 'commission' })).toEqual([45, 40, 0]); // 10 % of 350 + the 10 bonus; 10 % of 400
    });

    it('filters by partner, tier, product and spiff', async () => {
      expect(await series({ partner_id: gold.id })).toEqual([150, 0, 0]);
      expect(await series({ tier: 'silver', metric: 'sales' })).toEqual([1, 1, 0]);
      expect(await series({ product_id: dock })).toEqual([250, 0, 0]);
      expect(await series({ product_id: laptop, partner_id: silver.id })).toEqual([0, 400, 0]);
      expect(await series({ spiff_id: spiff.id })).toEqual([100, 0, 0]);
      expect(await series({ spiff_id: spiff.id, metric: 'commission' })).toEqual([10, 0, 0]); // what the spiff paid
      expect(await series({ spiff_id: spiff.id, partner_id: silver.id, metric: 'sales' })).toEqual([0, 0, 0]);
    });

    it('rejects a range that ends before it starts, and tier with spiff_id, naming the field', async () => {
      expect(await h.failure(Rpc.analytics.Timeseries, { metric: 'sales', interval: 'day', from: '2023-02-01', to: '2023-01-01' }))
        .toMatchObject({ status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'to', reason: 'must not be before from' }] });
      expect(await h.failure(Rpc.analytics.Timeseries, { metric: 'sales', interval: 'day', from: '2023-01-01', to: '2023-01-02', tier: 'gold', spiff_id: spiff.id }))
        .toMatchObject({ status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'tier', reason: 'cannot be combined with spiff_id' }] });
    });
  });

  it('lets the BI reader role select the views, and neither read the raw tables nor write', async () => {
    const target = serviceDatabase(h.config, 'analytics');
    const reader = `${target.database}_bi_reader`;
    const client = new Client(target); // the postgres superuser, switching to the role below
    await client.connect();
    try {
      const { rows: role } = await client.query('SELECT rolcanlogin FROM pg_roles WHERE rolname = $1', [reader]);
      expect(role).toEqual([{ rolcanlogin: false }]);
      await client.query('BEGIN');
      await client.query(`SET ROLE "${reader}"`);
      for (const view of ['bi_partner_metrics', 'bi_daily_sales', 'bi_spiff_performance', 'bi_overview']) {
        await expect(client.query(`SELECT * FROM ${view} LIMIT 1`)).resolves.toBeDefined();
      }
      const { rows: overview } = await client.query('SELECT total_sales FROM bi_overview');
      expect(Number(overview[0].total_sales)).toBeGreaterThan(0);
      for (const forbidden of [
        'SELECT * FROM partner_summaries',
        'SELECT * FROM commission_lines',
        'SELECT * FROM inbox',
        `INSERT INTO partner_summaries (partner_id) VALUES ('${randomUUID()}')`,
        'UPDATE platform_totals SET total_sales = 0',
        'DELETE FROM bi_partner_metrics',
      ]) {
        await client.query('SAVEPOINT attempt');
        await expect(client.query(forbidden)).rejects.toMatchObject({ code: '42501' }); // insufficient_privilege
        await client.query('ROLLBACK TO SAVEPOINT attempt');
      }
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  });
});

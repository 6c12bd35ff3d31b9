import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { COMMISSION_EXPORT_COLUMNS, COMMISSION_STATUSES, ErrorCode, SALES_EXPORT_COLUMNS } from '@spiffworks/contracts';
import type { PartnerMetricsView, SaleView, SpiffView } from '@spiffworks/contracts';
import { GatewayClient, eventually, openServiceDb } from '@spiffworks/testing';
import type { Pool } from 'pg';
import { MB, cents, firstDifference, mb, watchResident } from './process-memory';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

/** About 53 MB of CSV: more than the gateway may grow by, and far more than sockets buffer ahead of a reader. */
const SEEDED_SALES = 140_000;

/**
 * How much the gateway's RSS may grow while it streams the whole sales file (see
 * payout-file-stream.e2e-spec.ts): about 30 MB was seen whether the file held 45 or 64 MB, as it
 * holds a page or two at a time; a file built whole would need 2–3 × the file.
 */
const GATEWAY_GROWTH_BOUND_MB = 45;

const cell = (name: (typeof SALES_EXPORT_COLUMNS)[number]): number => SALES_EXPORT_COLUMNS.indexOf(name);
const SALE_ID = cell('sale_id');
const REVENUE = cell('revenue');
const TOTAL = cell('total_commission');

/** A sales file as text: the header and each record's cells. Splitting at `,` is exact: no name these tests give needs quoting. */
function parse(text: string): { header: string; records: string[][] } {
  const [header, ...lines] = text.split('\n');
  expect(lines.pop()).toBe('');
  return { header, records: lines.map((line) => line.split(',')) };
}

function salesFile(gatewayUrl: string, token: string, query: Record<string, string> = {}): Promise<Response> {
  const search = new URLSearchParams(query).toString();
  return fetch(`${gatewayUrl}/api/analytics/export.csv${search ? `?${search}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
}

/**
 * Sales straight into the analytics database, as its consumers write them from `sale.logged` and
 * `commission.*`: a `sales` row each, and for nine in ten the sale's ledger line (kind `sale`) in
 * one of the statuses; the rest wait for theirs (empty commission cells). Dates fall on 365 days,
 * so hundreds of sales share each one and page boundaries fall inside such groups; ids are random,
 * so only the export's ORDER BY puts them in order. Partner and product names are long, so the file
 * is large; none needs CSV quoting.
 */
async function seedSales(db: Pool, count: number): Promise<void> {
  const partners = Array.from({ length: 5 }, () => randomUUID());
  const products = Array.from({ length: 3 }, () => randomUUID());
  await db.query(
    `INSERT INTO partner_summaries (partner_id, partner_name, tier, status, version)
     SELECT id, 'Bulk Partner ' || n || ' ' || repeat('p', 100), 'gold', 'approved', 1 FROM unnest($1::uuid[]) WITH ORDINALITY AS p(id, n)`,
    [partners],
  );
  await db.query(
    `INSERT INTO product_names (product_id, name) SELECT id, 'Bulk Product ' || n || ' ' || repeat('q', 100) FROM unnest($1::uuid[]) WITH ORDINALITY AS p(id, n)`,
    [products],
  );
  await db.query(
    `WITH g AS (
       SELECT i, gen_random_uuid() AS sale_id, ($1::uuid[])[(1 + i % 5)::int] AS partner_id, ($2::uuid[])[(1 + (i / 7) % 3)::int] AS product_id,
         date '2024-01-01' + ((i * 7907) % 365)::int AS sale_date, (1 + i % 9)::int AS quantity,
         (((i * 7919) % 2500000 + 1)::numeric / 100)::numeric(18,2) AS revenue,
         ($3::text[])[(1 + (i / 3) % cardinality($3::text[]))::int] AS status
       FROM generate_series(0, $4::int - 1) AS i),
     s AS (INSERT INTO sales (sale_id, partner_id, product_id, tier, sale_date, quantity, revenue)
       SELECT sale_id, partner_id, product_id, 'gold', sale_date, quantity, revenue FROM g)
     INSERT INTO commission_lines (commission_id, kind, partner_id, sale_id, sale_date, product_id, revenue, commission_amount, spiff_bonus,
       reward_amount, total_commission, spiff_bonuses, status)
     SELECT gen_random_uuid(), 'sale', partner_id, sale_id, sale_date, product_id, revenue, round(revenue * 0.12, 2), (i % 4) * 25.00,
       0, round(revenue * 0.12, 2) + (i % 4) * 25.00, '[]', status
     FROM g WHERE i % 10 <> 9`,
    [partners, products, COMMISSION_STATUSES, count],
  );
  await db.query('ANALYZE sales');
  await db.query('ANALYZE commission_lines');
}

/** The sales file read as it arrives, never held whole: each record's sale id, Σ revenue and Σ total_commission in cents. */
class SalesFileTally {
  header: string | undefined;
  readonly ids: string[] = [];
  revenue = 0n;
  commission = 0n;
  bytes = 0;
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  take(chunk: Buffer): void {
    this.bytes += chunk.length;
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.record(line);
  }

  get unended(): string {
    return this.partial + this.decoder.end();
  }

  private record(line: string): void {
    if (this.header === undefined) {
      this.header = line;
      return;
    }
    const cells = line.split(',');
    if (cells.length !== SALES_EXPORT_COLUMNS.length) throw new Error(`record ${this.ids.length + 1} has ${cells.length} cells: ${line}`);
    this.ids.push(cells[SALE_ID]);
    this.revenue += cents(cells[REVENUE]);
    if (cells[TOTAL]) this.commission += cents(cells[TOTAL]);
  }
}

async function streamSalesFile(gatewayUrl: string, token: string): Promise<{ response: IncomingMessage; tally: SalesFileTally }> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    // agent: false, so the connection is not kept for a later test once the file is read.
    get(`${gatewayUrl}/api/analytics/export.csv`, { headers: { authorization: `Bearer ${token}` }, agent: false }, resolve).on('error', reject);
  });
  const tally = new SalesFileTally();
  for await (const chunk of response) tally.take(chunk as Buffer);
  return { response, tally };
}

describe('the sales file: GET /api/analytics/export.csv', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let admin: string;
  let analyst: string;
  let alpha: CreatedPartner;
  let beta: CreatedPartner;
  let laptop: string;
  let spiff: SpiffView;
  /** Each partner's sales as the platform answered them when logged. */
  const logged = new Map<string, SaleView[]>();

  beforeAll(async () => {
    running = await startPlatform();
    ({ api, admin } = running);
    laptop = (await api.post('/api/products', { name: 'Export Laptop', sku: `EXP-${randomUUID()}`, commission_rate: 10, commission_rates: { gold: 12 } }, admin)).body.id;
    alpha = await createPartner(api, admin, 'gold', { name: 'Alpha Resellers' });
    beta = await createPartner(api, admin, 'silver', { name: 'Beta Resellers' });
    spiff = (await api.post<SpiffView>('/api/spiffs', {
      name: 'Export push', target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold'],
      incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31',
    }, admin)).body;
    await eventually(
      async () => (await api.get<{ opportunities: Array<{ spiff: { id: string } | null }> }>('/api/fulfillment/assignments/my-opportunities', alpha.token)).body.opportunities,
      (list) => list.some((o) => o.spiff?.id === spiff.id),
    );
    // Sales outside the spiff (and of a partner it does not target) need an assignment of their own.
    for (const partner of [alpha, beta]) {
      const assignment = await api.post('/api/fulfillment/assignments', {
        partner_id: partner.id, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
      }, admin);
      expect(assignment.status).toBe(201);
    }
    expect((await api.post('/api/users', { email: 'export-analyst@example.com', password: 'analyst-password', role: 'analyst' }, admin)).status).toBe(201);
    analyst = await api.login('export-analyst@example.com', 'analyst-password');

    const sales: Array<[CreatedPartner, number, number, string]> = [
      [alpha, 2, 1000, '2025-01-15'], [alpha, 3, 333.33, '2025-01-15'], [alpha, 1, 19.99, '2025-04-02'], [beta, 4, 250.5, '2025-02-01'],
    ];
    for (const [partner, quantity, unit_price, sale_date] of sales) {
      const result = await api.post<SaleView>('/api/fulfillment/sales', { partner_id: partner.id, product_id: laptop, quantity, unit_price, sale_date }, partner.token);
      expect({ status: result.status, body: result.status === 201 ? undefined : result.body }).toEqual({ status: 201, body: undefined });
      logged.set(partner.id, [...(logged.get(partner.id) ?? []), result.body]);
    }
  });

  afterAll(() => stopPlatform(running));

  /** The partner's rows once analytics has every sale and every sale's ledger line. */
  const settledRows = (partner: CreatedPartner, token = admin) => eventually(
    async () => parse(await (await salesFile(running.platform.gatewayUrl, token, { partner_id: partner.id })).text()).records,
    (records) => records.length === logged.get(partner.id)!.length && records.every((r) => r[cell('commission_status')] !== ''),
  );

  it("holds one row per sale with the platform's own numbers, to the cent", async () => {
    const response = await salesFile(running.platform.gatewayUrl, admin, { partner_id: alpha.id });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="sales.csv"');
    expect(parse(await response.text()).header).toBe(SALES_EXPORT_COLUMNS.join(','));

    const records = await settledRows(alpha);
    // The payout file has every line's amounts as exact decimals: the ledger's numbers.
    const payout = parse(await (await fetch(`${running.platform.gatewayUrl}/api/commissions/export.csv?partner_id=${alpha.id}`, { headers: { authorization: `Bearer ${admin}` } })).text());
    const ledger = new Map(payout.records.map((r) => [r[COMMISSION_EXPORT_COLUMNS.indexOf('sale_id')], r]));
    const at = (r: string[], name: (typeof COMMISSION_EXPORT_COLUMNS)[number]): string => r[COMMISSION_EXPORT_COLUMNS.indexOf(name)];

    const sold = [...logged.get(alpha.id)!].sort((a, b) => a.sale_date.localeCompare(b.sale_date) || a.id.localeCompare(b.id));
    expect(records.map((r) => r[SALE_ID])).toEqual(sold.map((s) => s.id));
    for (const [i, s] of sold.entries()) {
      const line = ledger.get(s.id)!;
      expect(records[i]).toEqual([
        s.id, s.sale_date, alpha.id, 'Alpha Resellers', 'gold', laptop, 'Export Laptop', String(s.quantity), at(line, 'revenue'),
        at(line, 'commission_amount'), at(line, 'spiff_bonus'), at(line, 'total_commission'), 'pending', s.spiffs_applied?.length ? spiff.id : '',
      ]);
      // And the sale's own answer, when it was logged.
      expect([records[i][REVENUE], records[i][cell('base_commission')], records[i][TOTAL]]).toEqual([s.revenue, s.commission_amount, s.total_commission].map((n) => Number(n).toFixed(2)));
    }
    // The seed's worked example: 2 × 1,000 with the $100/unit spiff → 240 + 200 = 440; and 3 × 333.33 → 119.9988 rounds to 120.00.
    const byQuantity = (quantity: string) => records.find((r) => r[cell('quantity')] === quantity)!.slice(REVENUE, TOTAL + 1);
    expect(byQuantity('2')).toEqual(['2000.00', '240.00', '200.00', '440.00']);
    expect(byQuantity('3')).toEqual(['999.99', '120.00', '300.00', '420.00']);
    const metrics = (await api.get<PartnerMetricsView>(`/api/analytics/partners/${alpha.id}`, admin)).body.metrics;
    const sum = (index: number): string => (Number(records.reduce((total, r) => total + cents(r[index]), 0n)) / 100).toFixed(2);
    expect([sum(REVENUE), sum(TOTAL)]).toEqual([metrics.total_revenue.toFixed(2), metrics.total_commission.toFixed(2)]);
  });

  it('gives a partner its own rows only, whatever partner_id it sends', async () => {
    await settledRows(beta);
    for (const [me, other] of [[alpha, beta], [beta, alpha]] as const) {
      for (const query of [{}, { partner_id: other.id }, { partner_id: me.id }] as Array<Record<string, string>>) {
        const response = await salesFile(running.platform.gatewayUrl, me.token!, query);
        expect(response.status).toBe(200);
        const { records } = parse(await response.text());
        expect(records.map((r) => r[SALE_ID]).sort()).toEqual(logged.get(me.id)!.map((s) => s.id).sort());
      }
    }
  });

  it("lets an analyst read every partner's rows, by the time series' filters", async () => {
    const all = parse(await (await salesFile(running.platform.gatewayUrl, analyst)).text()).records;
    expect(all.map((r) => r[SALE_ID]).sort()).toEqual([...logged.values()].flat().map((s) => s.id).sort());
    const january = parse(await (await salesFile(running.platform.gatewayUrl, analyst, { from: '2025-01-01', to: '2025-01-31', tier: 'gold', spiff_id: spiff.id })).text()).records;
    expect(january.map((r) => r[SALE_ID]).sort()).toEqual(logged.get(alpha.id)!.filter((s) => s.sale_date === '2025-01-15').map((s) => s.id).sort());
  });

  it('answers a bad filter with a 400 naming the field, and no signed-in user no file', async () => {
    for (const [query, field] of [[{ tier: 'diamond' }, 'tier'], [{ from: '2025-02-01', to: '2025-01-01' }, 'to'], [{ partner_id: 'nope' }, 'partner_id'], [{ page: '2' }, 'page']] as const) {
      const response = await salesFile(running.platform.gatewayUrl, analyst, query);
      const body = (await response.json()) as { code: string; errors: Array<{ field: string }> };
      expect({ field, status: response.status, code: body.code, fields: body.errors.map((e) => e.field) })
        .toEqual({ field, status: 400, code: ErrorCode.VALIDATION_FAILED, fields: [field] });
    }
    expect((await fetch(`${running.platform.gatewayUrl}/api/analytics/export.csv`)).status).toBe(401);
  });

  it('streams a large file whole, in order, sums to the cent, while the gateway grows by less than the size of the file', async () => {
    const analyticsDb = openServiceDb(running.config, 'analytics');
    try {
      await seedSales(analyticsDb, SEEDED_SALES);
      const ids = (await analyticsDb.query<{ sale_id: string }>('SELECT sale_id FROM sales ORDER BY sale_date, sale_id')).rows.map((r) => r.sale_id);
      const [sums] = (await analyticsDb.query<{ revenue: string; commission: string }>(
        `SELECT sum(s.revenue)::text AS revenue, coalesce(sum(c.total_commission), 0)::text AS commission
         FROM sales s LEFT JOIN commission_lines c ON c.sale_id = s.sale_id AND c.kind = 'sale'`,
      )).rows;

      const gatewayPid = running.platform.pid('gateway');
      if (!gatewayPid) throw new Error('the gateway has no process id');
      const resident = watchResident(gatewayPid);
      const started = performance.now();
      const { response, tally } = await streamSalesFile(running.platform.gatewayUrl, admin);
      const { baseline, peak } = resident.stop();

      expect(response.statusCode).toBe(200);
      expect(response.headers['transfer-encoding']).toBe('chunked');
      expect(response.complete).toBe(true);
      expect(tally.header).toBe(SALES_EXPORT_COLUMNS.join(','));
      expect(tally.unended).toBe('');
      expect(tally.ids).toHaveLength(ids.length);
      expect(firstDifference(tally.ids, ids)).toBe(-1);
      expect([tally.revenue.toString(), tally.commission.toString()]).toEqual([cents(sums.revenue).toString(), cents(sums.commission).toString()]);
      console.log(
        `sales file stream: ${tally.ids.length} sales, ${mb(tally.bytes)} MB in ${Math.round(performance.now() - started)} ms; ` +
        `gateway RSS ${mb(baseline)} MB before, ${mb(peak)} MB at peak (+${mb(peak - baseline)} MB, bound ${GATEWAY_GROWTH_BOUND_MB} MB)`,
      );
      // The bound means something only because the file is bigger: not even one copy of it fits under the bound.
      expect(tally.bytes).toBeGreaterThan(GATEWAY_GROWTH_BOUND_MB * MB);
      expect(peak - baseline).toBeLessThan(GATEWAY_GROWTH_BOUND_MB * MB);
    } finally {
      await analyticsDb.end();
    }
  });
});

import autocannon from 'autocannon';
import type { BenchPlatform } from '../bench-platform';
import { benchDb, scalar, waitUntilAtLeast } from '../bench-db';
import { pacedLoad } from '../paced-load';
import { expectStatus } from '../seed';
import { assignmentsOf } from './fan-out';
import type { PacedResult } from '../paced-load';
import { ProcessUsage } from '../process-usage';
import type { SeededPartner, SeededProduct } from '../seed';
import { summarize, since } from '../stats';
import type { LatencySummary } from '../stats';

export interface LoadFigures {
  sales_per_s: number;
  sales_ok: number;
  errors: number;
  non_2xx: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
  latency_max_ms: number;
}

export interface SalePathResult {
  duration_s: number;
  connections: number;
  /** As fast as the platform answers `connections` partners that post again at once. */
  saturated: LoadFigures;
  /** Open-loop at half the saturated rate, evenly spaced: the latency and freshness a platform with headroom gives. */
  half_rate: LoadFigures & { target_per_s: number; freshness: LatencySummary };
  reference_single_row_insert_tps: number;
  freshness: LatencySummary;
  /** After the saturated load stopped, until ledger and analytics held every sale fulfillment recorded. */
  backlog_drain_ms: number;
  peak_rss_mb: Record<string, number>;
  /** CPU seconds per process during the saturated load (until the backlog drained), and per sale in milliseconds. */
  cpu_s: Record<string, number>;
  cpu_ms_per_sale: Record<string, number>;
  /**
   * The same saturated load once a budgeted spiff covers the product too: every sale then locks its
   * fund's row (one row for all partners, the worst case), beside the unbudgeted figure.
   */
  budgeted: LoadFigures & { unbudgeted_sales_per_s: number; budget_amount: number; committed: number };
}

interface SaleLoad {
  partners: SeededPartner[];
  product: SeededProduct;
  saleDates: string[];
  durationS: number;
  connections: number;
}

/**
 * Sales through the gateway from many partners (round robin, one partner per request): first as
 * fast as it answers, while probe partners time each of their sales' arrival in partner
 * analytics and every process's RSS and CPU are read; then at half that rate, evenly spaced
 * (open loop). Last, the
 * reference: single-row INSERT transactions per second on the same PostgreSQL.
 */
export async function salePathScenario(bench: BenchPlatform, options: SaleLoad & { probes: SeededPartner[] }): Promise<SalePathResult> {
  const usage = new ProcessUsage(Object.fromEntries(bench.services.map((s) => [s, bench.platform.pid(s)])));
  usage.start();
  const { result: saturated, freshness: freshnessSamples } = await whileProbing(bench, options, () => runLoad(bench, options));
  const drainMs = await waitForLedgerAndAnalytics(bench);
  const used = usage.stop();
  const halfRate = Math.max(1, Math.round(saturated.requests.average / 2));
  const pacedSeconds = Math.max(5, Math.round(options.durationS / 2));
  const paced = await whileProbing(bench, options, () => pacedLoad(bench.platform.gatewayUrl, halfRate, pacedSeconds, (n) => saleRequest(options, n)));
  await waitForLedgerAndAnalytics(bench);
  const budgeted = await budgetedLoad(bench, options);
  const sales = saturated['2xx'] + freshnessSamples.length;
  return {
    duration_s: options.durationS,
    connections: options.connections,
    saturated: figures(saturated),
    half_rate: { target_per_s: halfRate, ...pacedFigures(paced.result), freshness: summarize(paced.freshness) },
    reference_single_row_insert_tps: Math.round(await singleRowInsertTps(bench, options.connections, Math.min(10, options.durationS))),
    freshness: summarize(freshnessSamples),
    backlog_drain_ms: Math.round(drainMs),
    peak_rss_mb: used.peak_rss_mb,
    cpu_s: used.cpu_s,
    cpu_ms_per_sale: Object.fromEntries(Object.entries(used.cpu_s).map(([name, s]) => [name, Math.round((s * 100_000) / Math.max(1, sales)) / 100])),
    budgeted: { ...budgeted, unbudgeted_sales_per_s: Math.round(saturated.requests.average) },
  };
}

/** A fund no load exhausts: every sale of the run draws on it, so its row lock is on the path of every sale. */
const BENCH_FUND = 1_000_000_000;

/** Puts a budgeted spiff on the load's product for its partners, then runs the saturated load again. */
async function budgetedLoad(bench: BenchPlatform, options: SaleLoad): Promise<LoadFigures & { budget_amount: number; committed: number }> {
  const dates = [...options.saleDates].sort();
  const spiff = await expectStatus(bench.api.post('/api/spiffs', {
    name: 'Bench fund', target_products: [options.product.id], assignment_type: 'individual', target_partners: options.partners.map((p) => p.id),
    incentive_amount: 1, incentive_type: 'fixed', start_date: dates[0], end_date: dates[dates.length - 1], budget_amount: BENCH_FUND,
  }, bench.admin), 201, 'create budgeted spiff');
  await waitUntilAtLeast(() => assignmentsOf(bench, spiff.id), options.partners.length, { timeoutMs: 120_000 });
  const result = await runLoad(bench, options);
  await waitForLedgerAndAnalytics(bench);
  const detail = await bench.api.get(`/api/spiffs/${spiff.id}`, bench.admin);
  return { ...figures(result), budget_amount: BENCH_FUND, committed: Number(detail.body.budget?.committed ?? 0) };
}

/** Runs the load while the probe partners time their own sales' arrival in analytics. */
async function whileProbing<R>(bench: BenchPlatform, options: SaleLoad & { probes: SeededPartner[] }, load: () => Promise<R>) {
  const probing = { stop: false };
  const probes = Promise.all(options.probes.map((probe) => probeFreshness(bench, probe, options.product, options.saleDates[0], probing)));
  const result = await load();
  probing.stop = true;
  return { result, freshness: (await probes).flat() };
}

function figures(result: autocannon.Result): LoadFigures {
  return {
    sales_per_s: Math.round(result.requests.average),
    sales_ok: result['2xx'],
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx,
    latency_p50_ms: result.latency.p50,
    latency_p99_ms: result.latency.p99,
    latency_max_ms: result.latency.max,
  };
}

function pacedFigures(result: PacedResult): LoadFigures {
  return {
    sales_per_s: result.achieved_per_s,
    sales_ok: result.ok,
    errors: result.failed,
    non_2xx: 0,
    latency_p50_ms: result.latency.p50_ms,
    latency_p99_ms: result.latency.p99_ms,
    latency_max_ms: result.latency.max_ms,
  };
}

/** The n-th sale of the load: partners in turn, quantities 1–5, prices and dates varied. */
function saleRequest(load: SaleLoad, n: number): { path: string; token?: string; body: unknown } {
  const partner = load.partners[n % load.partners.length];
  const body = {
    partner_id: partner.id, product_id: load.product.id, quantity: 1 + (n % 5), unit_price: 100 + (n % 900) + 0.99,
    sale_date: load.saleDates[n % load.saleDates.length],
  };
  return { path: '/api/fulfillment/sales', token: partner.token, body };
}

/** Closed-loop: each connection posts its next sale as soon as the last one answered. */
function runLoad(bench: BenchPlatform, load: SaleLoad): Promise<autocannon.Result> {
  let next = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/api/fulfillment/sales',
    setupRequest: (base) => {
      const { token, body } = saleRequest(load, next++);
      return { ...base, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) };
    },
  };
  return new Promise((resolve, reject) => {
    const options = { url: bench.platform.gatewayUrl, connections: load.connections, duration: load.durationS, requests: [request] };
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: true, renderResultsTable: false, renderLatencyTable: false, outputStream: process.stderr });
  });
}

/** How often a probe asks partner analytics: the figure's resolution, and load on top of the sales. */
const PROBE_POLL_MS = 20;

/** One sale at a time from a probe partner: its 201 → partner analytics counts it. */
async function probeFreshness(bench: BenchPlatform, probe: SeededPartner, product: SeededProduct, saleDate: string, control: { stop: boolean }): Promise<number[]> {
  const samples: number[] = [];
  while (!control.stop) {
    const before = await salesCounted(bench, probe);
    const sale = await bench.api.post('/api/fulfillment/sales', { partner_id: probe.id, product_id: product.id, quantity: 1, unit_price: 10, sale_date: saleDate }, probe.token);
    const accepted = performance.now();
    if (sale.status !== 201) throw new Error(`probe sale: ${sale.status} ${JSON.stringify(sale.body)}`);
    await waitUntilAtLeast(() => salesCounted(bench, probe), before + 1, { timeoutMs: 60_000, intervalMs: PROBE_POLL_MS });
    samples.push(since(accepted));
  }
  return samples;
}

async function salesCounted(bench: BenchPlatform, probe: SeededPartner): Promise<number> {
  const metrics = await bench.api.get(`/api/analytics/partners/${probe.id}`, probe.token);
  return metrics.status === 200 ? Number(metrics.body.metrics.total_sales) : 0;
}

async function waitForLedgerAndAnalytics(bench: BenchPlatform): Promise<number> {
  const [fulfillment, commissions, analytics] = ['fulfillment', 'commissions', 'analytics'].map((s) => benchDb(bench.config, s, 1));
  try {
    const recorded = await scalar(fulfillment, 'SELECT count(*) FROM sales');
    return await waitUntilAtLeast(async () => {
      const [booked, counted] = await Promise.all([
        scalar(commissions, "SELECT count(*) FROM commission_lines WHERE kind = 'sale'"),
        scalar(analytics, 'SELECT count(*) FROM sales'),
      ]);
      return Math.min(booked, counted);
    }, recorded, { timeoutMs: 600_000, intervalMs: 50 });
  } finally {
    await Promise.all([fulfillment.end(), commissions.end(), analytics.end()]);
  }
}

/** Autocommit single-row INSERTs from `connections` clients for `seconds`: the database's own ceiling. */
async function singleRowInsertTps(bench: BenchPlatform, connections: number, seconds: number): Promise<number> {
  const db = benchDb(bench.config, 'fulfillment', connections);
  try {
    await db.query('CREATE TABLE bench_insert_reference (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), partner_id uuid NOT NULL, revenue numeric(18,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
    const deadline = performance.now() + seconds * 1000;
    let count = 0;
    const start = performance.now();
    await Promise.all(Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        await db.query('INSERT INTO bench_insert_reference (partner_id, revenue) VALUES (gen_random_uuid(), 123.45)');
        count += 1;
      }
    }));
    const tps = count / (since(start) / 1000);
    await db.query('DROP TABLE bench_insert_reference');
    return tps;
  } finally {
    await db.end();
  }
}

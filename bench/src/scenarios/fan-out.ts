import type { Pool } from 'pg';
import type { BenchPlatform } from '../bench-platform';
import { benchDb, scalar, waitUntilAtLeast } from '../bench-db';
import { Progress } from '../progress';
import { expectStatus } from '../seed';
import type { SeededProduct } from '../seed';
import { since } from '../stats';

export interface FanOutResult {
  partners: number;
  platform_ms: number;
  raw_bulk_insert_ms: number;
  per_row_loop_ms: number;
  per_row_loop_measured_rows: number;
  ratio_to_bulk: number;
  speedup_over_loop: number;
  /** The seed's manual way: an admin POSTs one assignment per partner (timed over a sample, scaled). */
  per_partner_api_ms: number;
  per_partner_api_measured: number;
  speedup_over_api: number;
}

/**
 * A tier spiff for every seeded partner: from its 201 to the last assignment answered by the
 * admin API. The references copy the same rows into a scratch table with the same indexes: once
 * in one statement (the limit), once one INSERT per partner (the seed's way, timed over
 * `loopRows` rows and scaled to all of them when that is fewer).
 */
export async function fanOutScenario(
  bench: BenchPlatform,
  products: { spiffed: SeededProduct; other: SeededProduct },
  sizes: { partners: number; loopRows: number; apiCalls: number },
  period: { start: string; end: string },
): Promise<FanOutResult> {
  const { partners, loopRows } = sizes;
  const product = products.spiffed;
  const body = {
    name: `Bench fan-out ${partners}`, target_products: [product.id], assignment_type: 'tier', target_tiers: ['bronze', 'silver', 'gold', 'platinum'],
    incentive_amount: 25, incentive_type: 'fixed', start_date: period.start, end_date: period.end,
  };
  const progress = new Progress('fan-out: assignments queryable', partners);
  const start = performance.now();
  const spiff = await expectStatus(bench.api.post('/api/spiffs', body, bench.admin), 201, 'create spiff');
  await waitUntilAtLeast(() => assignmentsOf(bench, spiff.id), partners, { timeoutMs: 600_000, intervalMs: 25, onValue: (n) => progress.set(n) });
  const platformMs = since(start);
  progress.done();

  const db = benchDb(bench.config, 'fulfillment');
  try {
    const rawMs = await rawBulkInsert(db, spiff.id);
    const loop = await perRowLoop(db, spiff.id, Math.min(loopRows, partners));
    const loopMs = (loop.ms * partners) / loop.rows;
    const api = await perPartnerApiLoop(bench, db, products.other, Math.min(sizes.apiCalls, partners), period);
    const apiMs = (api.ms * partners) / api.calls;
    return {
      partners,
      platform_ms: Math.round(platformMs),
      raw_bulk_insert_ms: Math.round(rawMs),
      per_row_loop_ms: Math.round(loopMs),
      per_row_loop_measured_rows: loop.rows,
      ratio_to_bulk: round2(platformMs / rawMs),
      speedup_over_loop: round2(loopMs / platformMs),
      per_partner_api_ms: Math.round(apiMs),
      per_partner_api_measured: api.calls,
      speedup_over_api: round2(apiMs / platformMs),
    };
  } finally {
    await db.end();
  }
}

async function scratchTable(db: Pool, name: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${name}`);
  await db.query(`CREATE TABLE ${name} (LIKE assignments INCLUDING ALL)`);
}

async function rawBulkInsert(db: Pool, spiffId: string): Promise<number> {
  await scratchTable(db, 'bench_bulk_assignments');
  const start = performance.now();
  await db.query(`INSERT INTO bench_bulk_assignments SELECT * FROM assignments WHERE spiff_id = $1`, [spiffId]);
  const ms = since(start);
  await db.query('DROP TABLE bench_bulk_assignments');
  return ms;
}

async function perRowLoop(db: Pool, spiffId: string, rows: number): Promise<{ ms: number; rows: number }> {
  await scratchTable(db, 'bench_loop_assignments');
  const { rows: source } = await db.query(`SELECT * FROM assignments WHERE spiff_id = $1 ORDER BY partner_id LIMIT $2`, [spiffId, rows]);
  const columns = Object.keys(source[0]);
  const sql = `INSERT INTO bench_loop_assignments (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
  const progress = new Progress('fan-out reference: per-row loop', source.length);
  const start = performance.now();
  for (const row of source) {
    await db.query(sql, columns.map((c) => row[c]));
    progress.tick();
  }
  const ms = since(start);
  progress.done();
  await db.query('DROP TABLE bench_loop_assignments');
  return { ms, rows: source.length };
}

/** How many assignments the admin API counts for a spiff. */
export async function assignmentsOf(bench: BenchPlatform, spiffId: string): Promise<number> {
  const listed = await bench.api.get(`/api/fulfillment/assignments?spiff_id=${spiffId}&page_size=1`, bench.admin);
  return Number(listed.body.total);
}

/** Manual assignments through the admin API, one request per partner, for a product no sale uses. */
async function perPartnerApiLoop(bench: BenchPlatform, db: Pool, product: SeededProduct, calls: number, period: { start: string; end: string }): Promise<{ ms: number; calls: number }> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM partner_directory WHERE status = 'approved' ORDER BY id LIMIT $1`, [calls]);
  const progress = new Progress('fan-out reference: API per partner', rows.length);
  const start = performance.now();
  for (const { id } of rows) {
    const body = { partner_id: id, product_ids: [product.id], assignment_type: 'product', start_date: period.start, end_date: period.end };
    await expectStatus(bench.api.post('/api/fulfillment/assignments', body, bench.admin), 201, 'manual assignment');
    progress.tick();
  }
  const ms = since(start);
  progress.done();
  return { ms, calls: rows.length };
}

export async function waitForPartnerReplicas(bench: BenchPlatform, partners: number): Promise<void> {
  const progress = new Progress('replicas: approved partners', partners * 2);
  const dbs = ['fulfillment', 'analytics'].map((s) => benchDb(bench.config, s, 1));
  const sql = [`SELECT count(*) FROM partner_directory WHERE status = 'approved'`, `SELECT count(*) FROM partner_summaries`];
  try {
    await waitUntilAtLeast(async () => {
      const counts = await Promise.all(dbs.map((db, i) => scalar(db, sql[i]).catch(() => 0)));
      return counts.reduce((a, b) => a + Math.min(b, partners), 0);
    }, partners * 2, { timeoutMs: 1_800_000, intervalMs: 500, onValue: (n) => progress.set(n) });
  } finally {
    progress.done();
    await Promise.all(dbs.map((db) => db.end()));
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

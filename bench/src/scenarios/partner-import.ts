import { request } from 'node:http';
import type { Pool } from 'pg';
import type { PartnerImportView } from '@spiffworks/contracts';
import type { BenchPlatform } from '../bench-platform';
import { benchDb, scalar, waitUntilAtLeast } from '../bench-db';
import { ProcessUsage } from '../process-usage';
import { Progress } from '../progress';
import { expectStatus } from '../seed';
import type { SeededProduct } from '../seed';
import { since } from '../stats';
import { assignmentsOf } from './fan-out';

const PATH = '/api/partners/imports';
const TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;
/** Rows of the second, smaller file whose every row carries its own password (bcrypt per row). */
const PASSWORD_ROWS = 200;
/** Partners registered one request at a time (create + approve), the way the API onboards them: the reference. */
const API_PARTNERS = 200;

export interface PartnerImportResult {
  partners: number;
  file_mb: number;
  /** Upload start → 202 (the whole file streamed in and stored). */
  upload_ms: number;
  /** 202 → the import `completed` (every row weighed: partners, users, invites, events). */
  weigh_ms: number;
  /** Upload start → completed. */
  import_ms: number;
  /** Partners per second, upload start → completed: the issue's figure. */
  partners_per_s: number;
  /** From upload start until fulfillment's directory, the tier spiff's assignments and analytics hold every imported partner. */
  directory_ms: number;
  fan_out_ms: number;
  analytics_ms: number;
  /** Assignments per second of the fan-out that followed, from the import's completion. */
  fan_out_after_import_ms: number;
  partner_imported_events: number;
  /** The same partners and users copied in one `INSERT … SELECT` each into scratch tables with the same indexes: the database's limit. */
  reference_bulk_insert_ms: number;
  import_over_bulk: number;
  /** `POST /api/partners` + approve, one partner at a time, over `API_PARTNERS` partners. */
  reference_api_partners_per_s: number;
  speedup_over_api: number;
  /** A smaller file whose every row has a password: hashed (bcrypt, cost 10) by the partners service's worker. */
  password_rows: number;
  password_partners_per_s: number;
  cpu_s: Record<string, number>;
  peak_rss_mb: Record<string, number>;
}

/**
 * Issue 16's partner import at scale: a file of `partners` approved partners (no passwords: every
 * user invited, the fast path) uploaded as `text/csv` while a tier spiff for every tier runs, timed
 * from the upload's first byte until the import is completed (partners/s), and on until the
 * fan-out's assignments, fulfillment's directory and analytics hold every imported partner.
 */
export async function partnerImportScenario(bench: BenchPlatform, options: { partners: number; product: SeededProduct; period: { start: string; end: string } }): Promise<PartnerImportResult> {
  const { partners, product, period } = options;
  const dbs = { partners: benchDb(bench.config, 'partners', 2), fulfillment: benchDb(bench.config, 'fulfillment', 2), analytics: benchDb(bench.config, 'analytics', 2) };
  try {
    const spiff = await everyTierSpiff(bench, product, period, dbs.fulfillment);
    const before = {
      directory: await scalar(dbs.fulfillment, 'SELECT count(*) FROM partner_directory'),
      assignments: await assignmentsOf(bench, spiff),
      analytics: await scalar(dbs.analytics, 'SELECT count(*) FROM partner_summaries'),
    };
    const file = partnerFile('bench-import', partners);
    const pids = { ...Object.fromEntries(bench.services.map((s) => [s, bench.platform.pid(s)])) };
    const usage = new ProcessUsage(pids);
    usage.start();
    const started = performance.now();
    const accepted = await upload(bench, file);
    const uploadMs = since(started);
    const progress = new Progress('partner import: rows weighed', partners);
    const view = await waitForImport(bench, accepted, (v) => progress.set(v.rows_accepted + v.rows_rejected));
    const importMs = since(started);
    progress.done();
    if (view.rows_accepted !== partners) throw new Error(`the import accepted ${view.rows_accepted} of ${partners} rows: ${JSON.stringify(view.errors.slice(0, 3))}`);
    const [directoryMs, fanOutMs, analyticsMs] = await Promise.all([
      waitUntilAtLeast(() => scalar(dbs.fulfillment, 'SELECT count(*) FROM partner_directory'), before.directory + partners, { timeoutMs: 900_000, intervalMs: 100 }).then(() => since(started)),
      waitUntilAtLeast(() => assignmentsOf(bench, spiff), before.assignments + partners, { timeoutMs: 900_000, intervalMs: 100 }).then(() => since(started)),
      waitUntilAtLeast(() => scalar(dbs.analytics, 'SELECT count(*) FROM partner_summaries'), before.analytics + partners, { timeoutMs: 900_000, intervalMs: 100 }).then(() => since(started)),
    ]);
    const used = usage.stop();
    const events = await scalar(dbs.partners, `SELECT count(*) FROM outbox WHERE routing_key = 'partner.imported' AND envelope->'payload'->>'import_id' = $1`, [accepted]);

    const bulkMs = await rawBulkInsert(dbs.partners);
    const apiPerS = await perPartnerApi(bench);
    const withPasswords = await passwordImport(bench);
    const partnersPerS = Math.round(partners / (importMs / 1000));
    return {
      partners,
      file_mb: Math.round((Buffer.byteLength(file) / 2 ** 20) * 10) / 10,
      upload_ms: Math.round(uploadMs),
      weigh_ms: Math.round(importMs - uploadMs),
      import_ms: Math.round(importMs),
      partners_per_s: partnersPerS,
      directory_ms: Math.round(directoryMs),
      fan_out_ms: Math.round(fanOutMs),
      analytics_ms: Math.round(analyticsMs),
      fan_out_after_import_ms: Math.round(fanOutMs - importMs),
      partner_imported_events: events,
      reference_bulk_insert_ms: Math.round(bulkMs),
      import_over_bulk: round2(importMs / bulkMs),
      reference_api_partners_per_s: apiPerS,
      speedup_over_api: round2(partnersPerS / apiPerS),
      password_rows: PASSWORD_ROWS,
      password_partners_per_s: withPasswords,
      cpu_s: Object.fromEntries(Object.entries(used.cpu_s).map(([name, s]) => [name, round2(s)])),
      peak_rss_mb: used.peak_rss_mb,
    };
  } finally {
    await Promise.all(Object.values(dbs).map((db) => db.end()));
  }
}

/** A running spiff for every tier, created before the import, and its fan-out over the directory waited out. */
async function everyTierSpiff(bench: BenchPlatform, product: SeededProduct, period: { start: string; end: string }, fulfillment: Pool): Promise<string> {
  const spiff = await expectStatus(bench.api.post('/api/spiffs', {
    name: 'Bench partner import', target_products: [product.id], assignment_type: 'tier', target_tiers: [...TIERS],
    incentive_amount: 5, incentive_type: 'fixed', start_date: period.start, end_date: period.end,
  }, bench.admin), 201, 'create spiff');
  const approved = await scalar(fulfillment, `SELECT count(*) FROM partner_directory WHERE status = 'approved'`);
  await waitUntilAtLeast(() => assignmentsOf(bench, spiff.id), approved, { timeoutMs: 600_000, intervalMs: 100 });
  return spiff.id;
}

/** `rows` approved partners, tiers in turn, no password (every user invited). */
function partnerFile(prefix: string, rows: number, password = false): string {
  const lines = ['name,tier,contact_email,status,password'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${prefix} Partner ${i},${TIERS[i % TIERS.length]},${prefix}-${i}@import.bench.example,approved,${password ? `${prefix}-password-${i}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Streams the file as `text/csv` in 64 KB pieces; the import's id from the 202. */
function upload(bench: BenchPlatform, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${bench.platform.gatewayUrl}${PATH}`, {
      method: 'POST', headers: { authorization: `Bearer ${bench.admin}`, 'content-type': 'text/csv' }, agent: false,
    }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(parts).toString('utf8');
        if (res.statusCode !== 202) reject(new Error(`partner import upload: ${res.statusCode} ${body}`));
        else resolve((JSON.parse(body) as { import_id: string }).import_id);
      });
    });
    req.on('error', reject);
    const bytes = Buffer.from(file);
    for (let at = 0; at < bytes.length; at += 64 * 1024) req.write(bytes.subarray(at, at + 64 * 1024));
    req.end();
  });
}

async function waitForImport(bench: BenchPlatform, id: string, onView: (view: PartnerImportView) => void = () => undefined): Promise<PartnerImportView> {
  const deadline = performance.now() + 900_000;
  for (;;) {
    const answer = await bench.api.get<PartnerImportView>(`${PATH}/${id}`, bench.admin);
    if (answer.status !== 200) throw new Error(`partner import status: ${answer.status} ${JSON.stringify(answer.body)}`);
    onView(answer.body);
    if (answer.body.status === 'completed' || answer.body.status === 'failed') return answer.body;
    if (performance.now() > deadline) throw new Error(`partner import ${id} did not finish: ${JSON.stringify(answer.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The imported partners and their users copied into scratch tables with the same indexes, one statement each. */
async function rawBulkInsert(db: Pool): Promise<number> {
  await db.query('DROP TABLE IF EXISTS bench_import_users, bench_import_partners');
  await db.query('CREATE TABLE bench_import_partners (LIKE partners INCLUDING ALL)');
  await db.query('CREATE TABLE bench_import_users (LIKE users INCLUDING ALL)');
  const start = performance.now();
  await db.query(`INSERT INTO bench_import_partners SELECT * FROM partners WHERE contact_email LIKE 'bench-import-%'`);
  await db.query(`INSERT INTO bench_import_users SELECT u.* FROM users u WHERE u.email LIKE 'bench-import-%'`);
  const ms = since(start);
  await db.query('DROP TABLE bench_import_users, bench_import_partners');
  return ms;
}

/** Partners registered and approved one request at a time (no password, as the import's invited rows): partners/s. */
async function perPartnerApi(bench: BenchPlatform): Promise<number> {
  const progress = new Progress('partner import reference: API', API_PARTNERS);
  const start = performance.now();
  for (let i = 0; i < API_PARTNERS; i++) {
    const created = await expectStatus(bench.api.post('/api/partners', { name: `Bench API Partner ${i}`, tier: TIERS[i % 4], contact_email: `bench-api-${i}@import.bench.example` }, bench.admin), 201, 'create partner');
    await expectStatus(bench.api.post(`/api/partners/${created.id}/approve`, {}, bench.admin), 200, 'approve partner');
    progress.tick();
  }
  progress.done();
  return Math.round(API_PARTNERS / (since(start) / 1000));
}

/** A file whose every row has a password: partners/s, upload start → completed. */
async function passwordImport(bench: BenchPlatform): Promise<number> {
  const start = performance.now();
  const id = await upload(bench, partnerFile('bench-pw', PASSWORD_ROWS, true));
  const view = await waitForImport(bench, id);
  if (view.rows_accepted !== PASSWORD_ROWS) throw new Error(`the password import accepted ${view.rows_accepted} of ${PASSWORD_ROWS} rows`);
  return Math.round(PASSWORD_ROWS / (since(start) / 1000));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

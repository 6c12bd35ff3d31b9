/**
 * Scenario 8: a sell-through file of 100,000 sales (20,000 with `--quick`; `--import-rows N`),
 * `POST /api/fulfillment/sales/imports` as an admin, until every sale is booked in the ledger and
 * visible in partner analytics.
 *
 * The program is the scenario's own, set up through the API as the import's end-to-end test sets
 * up its own: three products, 50 approved partners of every tier, and one spiff assigned to each of
 * them (a fixed bonus per unit and a units milestone every partner reaches part-way through the
 * file). The file is built with the end-to-end test's generator (`buildFile`, libs/testing): every
 * row a good sale of one of the partners, covered by its assignment, dated inside the spiff.
 *
 * Measured, from the first byte of the upload: the 202 (the gateway has read, checked and handed
 * fulfillment every row), the import's `completed`, every accepted row's ledger line in
 * commissions, and partner analytics showing every partner's figures; each process's RSS and CPU
 * over all of it. Then, from the databases' own timestamps, where the time went: fulfillment
 * weighing the rows (chunk transactions), the outbox relays, the ledger's and analytics'
 * consumers. The ledger must add up to the file's arithmetic to the cent (the rule, worked out
 * here from the rows written), and analytics must show the same, or the run fails.
 *
 * Reference in the same run: PostgreSQL's `COPY … FROM STDIN` of the same file (psql) into one plain
 * table in a scratch database: what writing the rows alone costs on this machine.
 */
import Decimal from 'decimal.js';
import { Client } from 'pg';
import type { Pool } from 'pg';
import { PARTNER_TIERS } from '@spiffworks/contracts';
import type { PartnerTier } from '@spiffworks/contracts';
import { serviceDatabase } from '@spiffworks/persistence';
import { ProgramTerms, buildFile, fileChunks, goodSales, importStatus, partnerTotalsInAnalytics, uploadCsv } from '@spiffworks/testing';
import type { PartnerTotals, SellThroughFile } from '@spiffworks/testing';
import type { BenchPlatform } from '../bench-platform';
import { benchDb, scalar } from '../bench-db';
import { BENCH_PROCESS, whileSampling } from '../process-usage';
import { Progress } from '../progress';
import { psql } from '../psql';
import { atLeast, measured } from '../report';
import type { GoalCheck } from '../report';
import { expectStatus, seedPartners, seedProduct } from '../seed';
import type { SeededPartner, SeededProduct } from '../seed';
import { since } from '../stats';
import { assignmentsOf } from './fan-out';
import { stagesOf } from './sale-import-stages';
import type { ImportStages } from './sale-import-stages';

const END_TO_END_GOAL_PER_S = 10_000;
const PARTNERS = 50;
const PRODUCTS = 3;
const SPIFF_BONUS_PER_UNIT = 5;
/** Reached by every partner part-way through a file of 20,000 rows or more (~2 units a row, spread over 50 partners). */
const MILESTONE_UNITS = 300;
const MILESTONE_REWARD = 150;
const POLL_MS = 250;
/** Waits scale with the file: generous at today's ~250 rows/s on a busy machine, never a bound on speed. */
const waitMs = (rows: number): number => 120_000 + rows * 20;

export interface SaleImportResult {
  rows: number;
  partners: number;
  file_bytes: number;
  build_file_ms: number;
  setup_ms: number;
  /** Each in ms since the upload's first byte. */
  upload_ms: number;
  completed_ms: number;
  ledger_ms: number;
  /** Partner analytics counts every sale … */
  analytics_sales_counted_ms: number;
  /** … and shows each partner's figures (commissions, milestones) as the file's. */
  analytics_ms: number;
  end_to_end_ms: number;
  rows_per_s: { end_to_end: number; upload: number; weighing: number };
  reference_copy: { ms: number; rows_per_s: number };
  /** The import end to end over COPY of the same rows. */
  end_to_end_over_copy: number;
  /** Where the time went (see `ImportStages`). */
  stages: ImportStages;
  ledger: { sale_lines: number; milestone_rewards: number; total_commission: string; equals_file_arithmetic: true };
  rss_before_mb: Record<string, number>;
  peak_rss_mb: Record<string, number>;
  cpu_s: Record<string, number>;
  cpu_ms_per_row: Record<string, number>;
}

interface Program {
  terms: ProgramTerms;
  partners: SeededPartner[];
  products: SeededProduct[];
  spiffId: string;
}

export async function saleImportScenario(bench: BenchPlatform, sizes: { rows: number }): Promise<SaleImportResult> {
  const setupStart = performance.now();
  const program = await setUpProgram(bench);
  const setupMs = since(setupStart);
  const buildStart = performance.now();
  const file = buildFile(program.terms, {
    rows: sizes.rows, prefix: `BI${Date.now().toString(36)}`, sellers: program.partners.map((p) => p.id), seed: 8, bad: [], perKind: 0,
    context: { uncoveredProductId: '', uncoveredDate: '' },
  });
  const sales = goodSales(file);
  const expected = program.terms.totals(sales);
  const fileBytes = [...fileChunks(file)].reduce((n, chunk) => n + chunk.length, 0);
  const buildMs = since(buildStart);

  const { result: run, rssBefore, used } = await whileSampling(bench, () => importAndWait(bench, program, file, expected));
  const dbs = {
    fulfillment: benchDb(bench.config, 'fulfillment', 2),
    commissions: benchDb(bench.config, 'commissions', 2),
    analytics: benchDb(bench.config, 'analytics', 2),
  };
  try {
    const ledger = await expectLedgerEqualsTheFile(dbs.commissions, program, expected);
    const stages = await stagesOf(dbs, run.importId, run.startedAtEpochMs, program.partners.map((p) => p.id));
    const copy = await copyReference(bench, file);
    const seconds = (ms: number) => ms / 1000;
    return {
      rows: sizes.rows,
      partners: program.partners.length,
      file_bytes: fileBytes,
      build_file_ms: Math.round(buildMs),
      setup_ms: Math.round(setupMs),
      upload_ms: Math.round(run.uploadMs),
      completed_ms: Math.round(run.completedMs),
      ledger_ms: Math.round(run.ledgerMs),
      analytics_sales_counted_ms: Math.round(run.countedMs),
      analytics_ms: Math.round(run.analyticsMs),
      end_to_end_ms: Math.round(run.endToEndMs),
      rows_per_s: {
        end_to_end: Math.round(sizes.rows / seconds(run.endToEndMs)),
        upload: Math.round(sizes.rows / seconds(run.uploadMs)),
        weighing: Math.round(sizes.rows / seconds(run.completedMs - run.uploadMs)),
      },
      reference_copy: { ms: Math.round(copy), rows_per_s: Math.round(sizes.rows / seconds(copy)) },
      end_to_end_over_copy: Math.round((run.endToEndMs / copy) * 10) / 10,
      stages,
      ledger,
      rss_before_mb: rssBefore,
      peak_rss_mb: used.peak_rss_mb,
      cpu_s: used.cpu_s,
      cpu_ms_per_row: Object.fromEntries(Object.entries(used.cpu_s).map(([name, s]) => [name, Math.round((s * 100_000) / sizes.rows) / 100])),
    };
  } finally {
    await Promise.all(Object.values(dbs).map((db) => db.end()));
  }
}

/** The goal, ≥ 10,000 sales/s end to end, beside COPY; the parts and the RSS reported without a goal. */
export function saleImportGoals(result: SaleImportResult): GoalCheck[] {
  const services = Object.keys(result.peak_rss_mb).filter((name) => name !== BENCH_PROCESS);
  return [
    atLeast('8 import', `${result.rows} sales, upload → ledger + analytics, sales/s`, result.rows_per_s.end_to_end, END_TO_END_GOAL_PER_S, '',
      `COPY of the file ${result.reference_copy.rows_per_s} rows/s (import ${result.end_to_end_over_copy}× as long)`),
    measured('8 import', 'upload → 202, rows/s', result.rows_per_s.upload, `${result.upload_ms} ms for ${result.file_bytes} bytes`),
    measured('8 import', '202 → completed (weighing), rows/s', result.rows_per_s.weighing, `completed at ${result.completed_ms} ms`),
    ...services.map((name) => measured('8 import', `peak RSS ${name} during the import, MB`, result.peak_rss_mb[name], `before ${result.rss_before_mb[name]} MB`)),
  ];
}

/** Products, approved partners of every tier, one spiff assigned to each partner (its fan-out done). */
async function setUpProgram(bench: BenchPlatform): Promise<Program> {
  const run = Date.now().toString(36);
  const products: SeededProduct[] = [];
  for (let i = 0; i < PRODUCTS; i++) products.push(await seedProduct(bench.api, bench.admin, `Bench Import Product ${i} ${run}`));
  const partners = await seedPartners(bench.api, bench.admin, PARTNERS, { label: 'import: partners', concurrency: 8 });
  const today = Date.now();
  const day = (offset: number) => new Date(today + offset * 86_400_000).toISOString().slice(0, 10);
  const spiff = {
    name: `Bench import spiff ${run}`, incentive_type: 'fixed' as const, incentive_amount: SPIFF_BONUS_PER_UNIT, start_date: day(-90), end_date: day(30),
    product_ids: products.map((p) => p.id), milestones: [{ name: `${MILESTONE_UNITS} units`, metric: 'units' as const, threshold: MILESTONE_UNITS, reward_amount: MILESTONE_REWARD }],
  };
  const created = await expectStatus(bench.api.post('/api/spiffs', {
    name: spiff.name, target_products: spiff.product_ids, assignment_type: 'individual', target_partners: partners.map((p) => p.id),
    incentive_amount: spiff.incentive_amount, incentive_type: spiff.incentive_type, start_date: spiff.start_date, end_date: spiff.end_date,
    milestones: spiff.milestones,
  }, bench.admin), 201, 'create import spiff');
  const assigned = Date.now() + 120_000;
  while ((await assignmentsOf(bench, created.id)) < partners.length) {
    if (Date.now() > assigned) throw new Error('the import spiff did not assign every partner within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const terms = new ProgramTerms();
  for (const p of products) terms.products.set(p.id, p);
  for (const [i, p] of partners.entries()) terms.partners.set(p.id, { id: p.id, name: `Bench Partner ${i}`, tier: p.tier as PartnerTier, manual: [] });
  // The spiff targets these partners one by one; in the book's terms that is every tier, as no other partner sells here.
  terms.spiffs.push({ id: created.id, ...spiff, target_tiers: [...PARTNER_TIERS] });
  return { terms, partners, products, spiffId: created.id };
}

interface ImportRun {
  importId: string;
  startedAtEpochMs: number;
  uploadMs: number;
  completedMs: number;
  ledgerMs: number;
  countedMs: number;
  analyticsMs: number;
  endToEndMs: number;
}

/** Uploads the file, then polls (every 250 ms) the import, the ledger and analytics until each holds every sale. */
async function importAndWait(bench: BenchPlatform, program: Program, file: SellThroughFile, expected: Map<string, PartnerTotals>): Promise<ImportRun> {
  const rows = file.rows.length;
  const partnerIds = program.partners.map((p) => p.id);
  const milestones = [...expected.values()].reduce((n, t) => n + t.milestones, 0);
  const commissions = benchDb(bench.config, 'commissions', 1);
  const analytics = benchDb(bench.config, 'analytics', 1);
  const progress = new Progress('import: rows weighed', rows);
  try {
    const startedAtEpochMs = Date.now();
    const start = performance.now();
    const answer = await uploadCsv(bench.platform.gatewayUrl, bench.admin, fileChunks(file));
    const uploadMs = answer.answeredAt - start;
    if (answer.status !== 202) throw new Error(`import upload answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const importId = answer.body.import_id as string;
    const deadline = start + waitMs(rows);
    let completedMs: number | undefined;
    let ledgerMs: number | undefined;
    let countedMs: number | undefined;
    while (completedMs === undefined || ledgerMs === undefined || countedMs === undefined) {
      if (performance.now() > deadline) throw new Error(`sale import ${importId} not booked everywhere after ${waitMs(rows)} ms`);
      if (completedMs === undefined) {
        const view = await importStatus(bench.api, bench.admin, importId);
        progress.set(view.rows_accepted + view.rows_rejected);
        if (view.status === 'failed') throw new Error(`sale import ${importId} failed: ${JSON.stringify(view)}`);
        if (view.status === 'completed') {
          if (view.rows_accepted !== rows) throw new Error(`sale import ${importId} accepted ${view.rows_accepted} of ${rows} good rows: ${JSON.stringify(view.errors.slice(0, 5))}`);
          completedMs = since(start);
        }
      }
      // The ledger cannot hold every line before the last chunk is weighed: counting it before then only loads the database the import needs.
      if (ledgerMs === undefined && completedMs !== undefined && (await ledgerLines(commissions, partnerIds)) >= rows + milestones) ledgerMs = since(start);
      if (countedMs === undefined && (await analyticsSales(analytics, partnerIds)) >= rows) countedMs = since(start);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    // Every sale and its ledger line counted: until each partner's figures in analytics are the file's (the last events applied).
    const visible = JSON.stringify(Object.fromEntries(expected));
    while (JSON.stringify(Object.fromEntries(await partnerTotalsInAnalytics(bench.api, bench.admin, partnerIds))) !== visible) {
      if (performance.now() > deadline) throw new Error(`partner analytics never showed the file's figures: ${JSON.stringify(Object.fromEntries(await partnerTotalsInAnalytics(bench.api, bench.admin, partnerIds)))}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const analyticsMs = since(start);
    return { importId, startedAtEpochMs, uploadMs, completedMs, ledgerMs, countedMs, analyticsMs, endToEndMs: Math.max(ledgerMs, analyticsMs) };
  } finally {
    progress.done();
    await Promise.all([commissions.end(), analytics.end()]);
  }
}

function ledgerLines(db: Pool, partnerIds: string[]): Promise<number> {
  return scalar(db, `SELECT count(*) FROM commission_lines WHERE partner_id = ANY ($1) AND kind IN ('sale', 'milestone_reward')`, [partnerIds]);
}

/** The sales partner analytics counts for these partners (its per-partner rows: no scan of analytics' million-sale tables). */
function analyticsSales(db: Pool, partnerIds: string[]): Promise<number> {
  return scalar(db, 'SELECT coalesce(sum(sales_count), 0) FROM partner_summaries WHERE partner_id = ANY ($1)', [partnerIds]);
}

/** Each partner's ledger, summed in SQL to the cent, against the rule applied to the file's rows: a difference fails the run. */
async function expectLedgerEqualsTheFile(db: Pool, program: Program, expected: Map<string, PartnerTotals>): Promise<SaleImportResult['ledger']> {
  const { rows } = await db.query<{ partner_id: string; sales: string; revenue: string; base: string; bonus: string; milestones: string; rewards: string }>(
    `SELECT partner_id, count(*) FILTER (WHERE kind = 'sale') AS sales,
       coalesce(sum(revenue) FILTER (WHERE kind = 'sale'), 0)::numeric(18,2)::text AS revenue,
       coalesce(sum(commission_amount) FILTER (WHERE kind = 'sale'), 0)::numeric(18,2)::text AS base,
       coalesce(sum(spiff_bonus) FILTER (WHERE kind = 'sale'), 0)::numeric(18,2)::text AS bonus,
       count(*) FILTER (WHERE kind = 'milestone_reward') AS milestones,
       coalesce(sum(reward_amount) FILTER (WHERE kind = 'milestone_reward'), 0)::numeric(18,2)::text AS rewards
     FROM commission_lines WHERE partner_id = ANY ($1) GROUP BY partner_id`,
    [program.partners.map((p) => p.id)],
  );
  const ledger = new Map(rows.map((r): [string, PartnerTotals] => [r.partner_id, {
    sales: Number(r.sales), revenue: r.revenue, base_commission: r.base, spiff_bonus: r.bonus,
    total_commission: new Decimal(r.base).plus(r.bonus).toFixed(2), milestones: Number(r.milestones), milestone_rewards: r.rewards,
  }]));
  for (const [partnerId, totals] of expected) {
    const booked = ledger.get(partnerId);
    if (JSON.stringify(booked) !== JSON.stringify(totals)) {
      throw new Error(`the ledger of partner ${partnerId} is not the file's arithmetic: booked ${JSON.stringify(booked)}, the rule says ${JSON.stringify(totals)}`);
    }
  }
  const all = [...expected.values()];
  return {
    sale_lines: all.reduce((n, t) => n + t.sales, 0),
    milestone_rewards: all.reduce((n, t) => n + t.milestones, 0),
    total_commission: all.reduce((sum, t) => sum.plus(t.total_commission), new Decimal(0)).toFixed(2),
    equals_file_arithmetic: true,
  };
}

/** `COPY … FROM STDIN` of the same file into one plain table of a scratch database (dropped after), through psql. */
async function copyReference(bench: BenchPlatform, file: SellThroughFile): Promise<number> {
  const server = serviceDatabase(bench.config, 'fulfillment');
  const scratch = { ...server, database: `${bench.config.DATABASE_NAME_PREFIX}_import_reference` };
  const admin = new Client({ ...server, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${scratch.database}"`);
    const columns = file.header.map((c) => `${c} ${REFERENCE_COLUMN_TYPES[c] ?? 'text'}`).join(', ');
    await psql(scratch, [`CREATE TABLE sale_rows (${columns})`]);
    const progress = new Progress('import reference: COPY via psql', file.rows.length);
    const start = performance.now();
    await psql(scratch, ['COPY sale_rows FROM STDIN WITH (FORMAT csv, HEADER)'], { input: fileChunks(file) });
    const ms = since(start);
    progress.set(file.rows.length);
    progress.done();
    const copied = new Client(scratch);
    await copied.connect();
    const count = await copied.query<{ count: string }>('SELECT count(*) FROM sale_rows').then((r) => Number(r.rows[0].count)).finally(() => copied.end());
    if (count !== file.rows.length) throw new Error(`COPY reference: ${count} rows, not ${file.rows.length}`);
    return ms;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch.database}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/** The file's columns as a plain table types them (the ignored `store` as text). */
const REFERENCE_COLUMN_TYPES: Record<string, string> = {
  partner_id: 'uuid', product_id: 'uuid', quantity: 'integer', unit_price: 'numeric(14,2)', sale_date: 'date', invoice_number: 'varchar(64)',
};

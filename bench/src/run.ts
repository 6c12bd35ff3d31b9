import { join } from 'node:path';
import { startBenchPlatform, stopBenchPlatform } from './bench-platform';
import type { BenchPlatform } from './bench-platform';
import { benchDb, waitUntilAtLeast } from './bench-db';
import { parseOptions } from './options';
import type { BenchOptions } from './options';
import { fanOutGoals, memoryGoals, partnerImportGoals, salePathGoals } from './goals';
import { machine, publish } from './report';
import type { GoalCheck } from './report';
import { expectStatus, seedPartners, seedProduct } from './seed';
import type { SeededPartner, SeededProduct } from './seed';
import { seedPartnerDirectory } from './seed-directory';
import { assignmentsOf, fanOutScenario, waitForPartnerReplicas } from './scenarios/fan-out';
import { salePathScenario } from './scenarios/sale-path';
import { analyticsGoals, analyticsScenario } from './scenarios/analytics-queries';
import { ANALYTICS_BENCH_SPIFF } from './scenarios/analytics-seed';
import { portalScreensGoals, portalScreensScenario } from './scenarios/portal-screens';
import { preparePortal } from './scenarios/portal-prepare';
import { payoutExportGoals, payoutExportScenario } from './scenarios/payout-export';
import { partnerImportScenario } from './scenarios/partner-import';
import { saleImportGoals, saleImportScenario } from './scenarios/sale-import';

const ROOT = join(__dirname, '..', '..', '..');
/** Partners that time their own sales' arrival in analytics during the load. */
const PROBES = 2;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  log(`SpiffWorks bench (${options.quick ? 'quick' : 'full'}): ${options.partners} partners, ${options.durationS} s of sales from ${options.connections} connections`);
  const bench = await startBenchPlatform(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'tmp', 'profiles')}`] : []);
  try {
    const postgres = await serverVersion(bench);
    const { laptop, monitor, loadPartners, probes } = await seed(bench, options);

    const today = new Date();
    const period = { start: isoDay(addDays(today, -60)), end: isoDay(addDays(today, 60)) };
    const saleDates = Array.from({ length: 30 }, (_, i) => isoDay(addDays(today, -i)));

    const runs = (scenario: string) => !options.only || options.only.includes(scenario);
    const goals: GoalCheck[] = [];
    const memory: GoalCheck[] = [];
    const scenarios: Record<string, unknown> = {};
    if (runs('fan-out')) {
      const fanOut = await fanOutScenario(bench, { spiffed: laptop, other: monitor }, options, period);
      scenarios.fan_out = fanOut;
      goals.push(...fanOutGoals(fanOut));
    }
    if (runs('sale-path')) {
      // The sale partners need an assignment covering the laptop: the fan-out's spiff, or this one.
      if (!runs('fan-out')) await coverSales(bench, laptop, [...loadPartners, ...probes], period);
      const salePath = await salePathScenario(bench, { partners: loadPartners, probes, product: laptop, saleDates, durationS: options.durationS, connections: options.connections });
      scenarios.sale_path = salePath;
      goals.push(...salePathGoals(salePath));
      memory.push(...memoryGoals(salePath));
    }
    if (runs('analytics')) {
      const analytics = await analyticsScenario(bench, options);
      scenarios.analytics = analytics;
      goals.push(...analyticsGoals(analytics));
    }
    if (runs('portal')) {
      const partner = measuredPartner([...loadPartners, ...probes]);
      const prepared = await preparePortal(bench, options, partner, {
        fanOutRan: runs('fan-out'), analyticsRan: runs('analytics'), product: laptop, period, directoryPartners: directoryPartners(options),
      });
      const callers = await portalCallers(bench, partner);
      const portal = await portalScreensScenario(bench, { ...callers, lineId: prepared.lineId }, prepared.scale);
      scenarios.portal_screens = { ...portal, seeded: prepared.seeded };
      goals.push(...portalScreensGoals(portal));
    }
    goals.push(...memory);
    // After the screens (its 100,000 partners would change the partner lists they page through).
    if (runs('partner-import')) {
      const partnerImport = await partnerImportScenario(bench, { partners: options.importPartners, product: monitor, period });
      scenarios.partner_import = partnerImport;
      goals.push(...partnerImportGoals(partnerImport));
    }
    if (runs('sale-import')) {
      const saleImport = await saleImportScenario(bench, { rows: options.importRows });
      scenarios.sale_import = saleImport;
      goals.push(...saleImportGoals(saleImport));
    }
    // Last: it downloads the ledger the portal scenario seeded (or seeds it when that did not run).
    if (runs('export')) {
      const payoutExport = await payoutExportScenario(bench, { lines: options.exportLines, directoryPartners: directoryPartners(options) });
      scenarios.payout_export = payoutExport;
      goals.push(...payoutExportGoals(payoutExport));
    }
    const file = publish(ROOT, {
      started_at: started.toISOString(),
      duration_s: Math.round((Date.now() - started.getTime()) / 1000),
      mode: options.quick ? 'quick' : 'full',
      machine: machine(postgres),
      options,
      scenarios,
    }, goals);
    log(`results: ${file}`);
  } finally {
    if (options.keep) log(`kept the databases of namespace ${bench.config.DATABASE_NAME_PREFIX}`);
    await stopBenchPlatform(bench, options.profile || options.keep);
  }
}

/** The portal's partner: the first seeded with a login. */
function measuredPartner(partners: SeededPartner[]): SeededPartner & { token: string } {
  const partner = partners.find((p) => p.token);
  if (!partner?.token) throw new Error('the portal scenario needs a seeded partner with a login');
  return { ...partner, token: partner.token };
}

/** The partner, a new analyst, and the analytics scenario's spiff (seeded by then). */
async function portalCallers(bench: BenchPlatform, partner: SeededPartner & { token: string }) {
  const analyst = { email: `analyst-${Date.now()}@bench.example`, password: 'bench-analyst-password' };
  await expectStatus(bench.api.post('/api/users', { ...analyst, role: 'analyst' }, bench.admin), 201, 'create analyst');
  const analystToken = await bench.api.login(analyst.email, analyst.password);
  const db = benchDb(bench.config, 'analytics', 1);
  try {
    const { rows } = await db.query(`SELECT spiff_id FROM spiff_summaries WHERE spiff_id = ${ANALYTICS_BENCH_SPIFF}`);
    return { partner, analystToken, spiffId: rows[0]?.spiff_id as string | undefined };
  } finally {
    await db.end();
  }
}

async function serverVersion(bench: BenchPlatform): Promise<string> {
  const db = benchDb(bench.config, 'partners', 1);
  try {
    return (await db.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await db.end();
  }
}

/** Two products, the partners that log sales (with portal logins) and probe, then the rest in SQL. */
async function seed(bench: BenchPlatform, options: BenchOptions) {
  const laptop = await seedProduct(bench.api, bench.admin, 'Bench Laptop');
  const monitor = await seedProduct(bench.api, bench.admin, 'Bench Monitor');
  const loadPartners = await seedPartners(bench.api, bench.admin, options.loadPartners + PROBES, { label: 'seed: partners with portal logins', withLogin: true, concurrency: 8 });
  const probes = loadPartners.splice(options.loadPartners);
  await seedPartnerDirectory(bench, directoryPartners(options));
  await waitForPartnerReplicas(bench, options.partners);
  return { laptop, monitor, loadPartners, probes };
}

/** The partners seeded in SQL rather than through the API. */
function directoryPartners(options: BenchOptions): number {
  return options.partners - options.loadPartners - PROBES;
}

async function coverSales(bench: BenchPlatform, product: SeededProduct, partners: SeededPartner[], period: { start: string; end: string }): Promise<void> {
  const body = {
    name: 'Bench sales', target_products: [product.id], assignment_type: 'individual', target_partners: partners.map((p) => p.id),
    incentive_amount: 25, incentive_type: 'fixed', start_date: period.start, end_date: period.end,
  };
  const spiff = await expectStatus(bench.api.post('/api/spiffs', body, bench.admin), 201, 'create spiff');
  await waitUntilAtLeast(() => assignmentsOf(bench, spiff.id), partners.length, { timeoutMs: 60_000 });
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * 86_400_000);
}

function isoDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

import type { BenchPlatform } from '../bench-platform';
import { benchDb, scalar, waitUntilAtLeast } from '../bench-db';
import type { BenchOptions } from '../options';
import { Progress } from '../progress';
import { expectStatus } from '../seed';
import type { SeededPartner, SeededProduct } from '../seed';
import { seedAnalyticsSales } from './analytics-seed';
import { assignmentsOf } from './fan-out';
import { seedFulfillmentSales } from './fulfillment-sales-seed';
import { seedLedgerLines } from './payout-export-seed';

/** The measured partner owns every 25th seeded sale: 40,000 of 1,000,000 (4,000 of `--quick`'s 100,000). */
export const MEASURED_PARTNER_EVERY = 25;

export interface PortalPreparation {
  /** The partner's newest paid line (pending → approved → paid), for the line drawer. */
  lineId?: string;
  seeded: Record<string, number>;
  scale: Record<string, number>;
}

/**
 * What scenario 6 needs that the scenarios before it may not have made (`--only portal` runs none
 * of them): 100,000 assignments (the fan-out's tier spiff, when the fan-out did not run), analytics
 * at its largest size (when the analytics scenario did not run), and `exportLines` sales
 * (1,000,000; 100,000 with `--quick`) in the ledger and in fulfillment's sales, every 25th the
 * measured partner's. The ledger lines are the ones scenario 7 exports: it finds them seeded and
 * adds none. Then counts what the screens read from, through the API where the API counts it.
 */
export async function preparePortal(
  bench: BenchPlatform,
  options: BenchOptions,
  partner: SeededPartner & { token: string },
  context: { fanOutRan: boolean; analyticsRan: boolean; product: SeededProduct; period: { start: string; end: string }; directoryPartners: number },
): Promise<PortalPreparation> {
  const seeded: Record<string, number> = {};
  const namespace = bench.config.DATABASE_NAME_PREFIX;
  if (!context.fanOutRan) {
    const body = {
      name: 'Bench portal tier spiff', target_products: [context.product.id], assignment_type: 'tier', target_tiers: ['bronze', 'silver', 'gold', 'platinum'],
      incentive_amount: 25, incentive_type: 'fixed', start_date: context.period.start, end_date: context.period.end,
    };
    const start = performance.now();
    const spiff = await expectStatus(bench.api.post('/api/spiffs', body, bench.admin), 201, 'create spiff');
    const progress = new Progress('portal: fan-out assignments', options.partners);
    await waitUntilAtLeast(() => assignmentsOf(bench, spiff.id), options.partners, { timeoutMs: 600_000, intervalMs: 250, onValue: (n) => progress.set(n) });
    progress.done();
    seeded.fan_out_ms = Math.round(performance.now() - start);
  }
  const dbs = {
    partners: benchDb(bench.config, 'partners', 1), fulfillment: benchDb(bench.config, 'fulfillment', 1),
    commissions: benchDb(bench.config, 'commissions', 1),
    // The analytics seed holds one connection for its transaction and reads on another.
    analytics: benchDb(bench.config, 'analytics', 2),
  };
  try {
    if (!context.analyticsRan) {
      const start = performance.now();
      // Analytics' consumers first count the fan-out's assignments into the rows the seed updates (else they deadlock).
      const assignments = await scalar(dbs.fulfillment, 'SELECT count(*) FROM assignments');
      await waitUntilAtLeast(() => scalar(dbs.analytics, 'SELECT total_assignments FROM platform_totals WHERE id = 1'), assignments, { timeoutMs: 600_000, intervalMs: 250 });
      seeded.analytics_sales = await seedAnalyticsSales(dbs.analytics, options.analyticsSales[1]);
      seeded.analytics_seed_ms = Math.round(performance.now() - start);
    }
    const owner = { partnerId: partner.id, tier: partner.tier, every: MEASURED_PARTNER_EVERY };
    const ledger = await seedLedgerLines(dbs.commissions, namespace, options.exportLines, context.directoryPartners, owner);
    Object.assign(seeded, { ledger_lines: ledger.lines, ledger_seed_ms: ledger.ms });
    const { rows: users } = await dbs.partners.query<{ id: string }>('SELECT id FROM users WHERE partner_id = $1 ORDER BY created_at LIMIT 1', [partner.id]);
    const sales = await seedFulfillmentSales(dbs.fulfillment, namespace, options.exportLines, context.directoryPartners, { ...owner, userId: users[0].id });
    Object.assign(seeded, { fulfillment_sales: sales.sales, fulfillment_seed_ms: sales.ms });
    // The screens are measured as a running platform sees these tables: autovacuum vacuums a table
    // after bulk inserts (PostgreSQL >= 13), which sets the visibility map a list's count(*) reads
    // from its index alone. Measured right after the seed, every count also visits the heap.
    const vacuumStart = performance.now();
    await dbs.commissions.query('VACUUM (ANALYZE) commission_lines, commission_status_changes');
    await dbs.fulfillment.query('VACUUM (ANALYZE) sales, assignments');
    await dbs.partners.query('VACUUM (ANALYZE) partners, users');
    seeded.vacuum_ms = Math.round(performance.now() - vacuumStart);

    const { rows: paid } = await dbs.commissions.query<{ id: string }>(
      `SELECT id FROM commission_lines WHERE partner_id = $1 AND status = 'paid' ORDER BY created_at DESC, id DESC LIMIT 1`, [partner.id]);
    const total = async (path: string, token = bench.admin): Promise<number> => Number((await expectStatus(bench.api.get(path, token), 200, `GET ${path}`)).total);
    const scale = {
      partners: await total('/api/partners?page=1&page_size=1'),
      products: await total('/api/products?page=1&page_size=1'),
      spiffs: await total('/api/spiffs?page=1&page_size=1'),
      assignments: await total('/api/fulfillment/assignments?page=1&page_size=1'),
      users: await total('/api/users?page=1&page_size=1'),
      fulfillment_sales: await scalar(dbs.fulfillment, 'SELECT count(*) FROM sales'),
      partner_sales: await total('/api/fulfillment/sales/my-sales?page=1&page_size=1', partner.token),
      ledger_lines: await total('/api/commissions?page=1&page_size=1'),
      ledger_pending_lines: await total('/api/commissions?status=pending&page=1&page_size=1'),
      ledger_status_changes: await scalar(dbs.commissions, 'SELECT count(*) FROM commission_status_changes'),
      partner_lines: await scalar(dbs.commissions, 'SELECT count(*) FROM commission_lines WHERE partner_id = $1', [partner.id]),
      partner_pending_lines: await total('/api/commissions/my-commissions?status=pending&page=1&page_size=1', partner.token),
      lines_awaiting_review: await total('/api/commissions/reviews?status=awaiting_review&page=1&page_size=1'),
      disputes: await total('/api/disputes?page=1&page_size=1'),
      analytics_sales: await scalar(dbs.analytics, 'SELECT total_sales FROM platform_totals WHERE id = 1'),
    };
    return { lineId: paid[0]?.id, seeded, scale };
  } finally {
    await Promise.all(Object.values(dbs).map((db) => db.end()));
  }
}

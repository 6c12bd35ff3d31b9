/**
 * Scenario 6: how long each portal screen waits for its data, at the bench's scale: 100,000
 * partners (and, after the fan-out, 100,000 assignments), analytics at 1,000,000 sales, and the
 * same 1,000,000 sales in fulfillment's `sales` and in the ledger's `commission_lines` (with their
 * status history), the measured partner owning every 25th of them (40,000). run.ts seeds what the
 * earlier scenarios did not (`preparePortal`).
 *
 * A screen's data time is the wall time of the API calls the screen makes when it opens, sent
 * together as the browser sends them (the first page of a list, default filters, the filter
 * pickers' first choices). The calls, query strings included, are the ones apps/web makes: each
 * screen names the file it reads them from. The browser's own rendering is not in the figure.
 */
import type { BenchPlatform } from '../bench-platform';
import { Progress, forEachLimited } from '../progress';
import { atMost } from '../report';
import type { GoalCheck } from '../report';
import type { SeededPartner } from '../seed';
import { since, summarize } from '../stats';
import type { LatencySummary } from '../stats';

const ROUNDS = 100;
const WARM_UP = 20;
const IN_FLIGHT = 2;
const GOAL_MS = 300;

export interface PortalCallers {
  /** A partner with a login and sales of its own. */
  partner: SeededPartner & { token: string };
  analystToken: string;
  /** A spiff analytics knows (the analytics scenario's), or none: that screen is then left out. */
  spiffId?: string;
  /** A paid line of the partner (three status changes), for the admin's line drawer; or none. */
  lineId?: string;
}

interface Screen {
  role: 'partner' | 'admin' | 'analyst';
  paths: (callers: PortalCallers) => string[] | undefined;
}

/** `YYYY-MM-DD` of today (UTC) moved by `days`. */
function day(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A DimensionSelect's first choices (analytics/api.ts `useDimension`, nothing typed). */
const dimension = (kind: string): string => `/api/analytics/dimensions?kind=${kind}&limit=20`;
/** admin/pickers.tsx: PartnerPicker's first 20 (nothing typed), and useSpiffs' newest 500. */
const partnerPicker = '/api/partners?page=1&page_size=20';
const spiffList = '/api/spiffs?page=1&page_size=500';

export const SCREENS: Record<string, Screen> = {
  // partner/OpportunitiesPage.tsx
  'partner: opportunities': { role: 'partner', paths: () => ['/api/fulfillment/assignments/my-opportunities', '/api/fulfillment/milestones/my-progress'] },
  // partner/LogSalePage.tsx (the form's products and live preview come from the opportunities)
  'partner: log a sale': { role: 'partner', paths: () => ['/api/fulfillment/assignments/my-opportunities'] },
  // partner/MySalesPage.tsx (PAGE_SIZE 20)
  'partner: my sales': { role: 'partner', paths: () => ['/api/fulfillment/sales/my-sales?page=1&page_size=20'] },
  // partner/MyCommissionsPage.tsx: the totals, and the pending tab's first page (PAGE_SIZE 20)
  'partner: my commissions': {
    role: 'partner',
    paths: (c) => [`/api/fulfillment/analytics/partner/${c.partner.id}`, '/api/commissions/my-commissions?status=pending&page=1&page_size=20'],
  },
  // partner/MyDisputesPage.tsx (PAGE_SIZE 20)
  'partner: my disputes': { role: 'partner', paths: () => ['/api/disputes?page=1&page_size=20'] },
  // partner/MyAnalyticsPage.tsx
  'partner: my analytics': { role: 'partner', paths: (c) => [`/api/fulfillment/analytics/partner/${c.partner.id}`] },
  // admin/AdminHome.tsx: six counters
  'admin: home': {
    role: 'admin',
    paths: () => [
      '/api/partners?status=pending&page=1&page_size=1', '/api/commissions?status=pending&page=1&page_size=1',
      '/api/commissions?status=approved&page=1&page_size=1', '/api/commissions/reviews?status=awaiting_review&page=1&page_size=1',
      '/api/disputes?status=open&page=1&page_size=1', '/api/admin/dead-letters',
    ],
  },
  // admin/partners/PartnersPage.tsx (PAGE_SIZE 25, no filter)
  'admin: partners': { role: 'admin', paths: () => ['/api/partners?page=1&page_size=25'] },
  // the same list once the status and tier filters are set (not an opening: a filter change)
  'admin: partners, filtered approved + gold': { role: 'admin', paths: () => ['/api/partners?page=1&page_size=25&status=approved&tier=gold'] },
  // admin/products/ProductsPage.tsx (PAGE_SIZE 25)
  'admin: products': { role: 'admin', paths: () => ['/api/products?page=1&page_size=25'] },
  // admin/spiffs/SpiffsPage.tsx (PAGE_SIZE 25)
  'admin: spiffs': { role: 'admin', paths: () => ['/api/spiffs?page=1&page_size=25'] },
  // admin/assignments/AssignmentsPage.tsx: spiff names (useSpiffs), its filters' pickers, the list (PAGE_SIZE 25)
  'admin: assignments': { role: 'admin', paths: () => [spiffList, partnerPicker, '/api/fulfillment/assignments?page=1&page_size=25'] },
  // admin/commissions/CommissionQueuePage.tsx: pending first (PAGE_SIZE 50), the partner and spiff filters
  'admin: commission queue': { role: 'admin', paths: () => ['/api/commissions?status=pending&page=1&page_size=50', partnerPicker, spiffList] },
  // admin/commissions/CommissionDrawer.tsx: one line with its history (opened from the queue, reviews, disputes)
  'admin: commission line drawer': { role: 'admin', paths: (c) => (c.lineId ? [`/api/commissions/${c.lineId}`] : undefined) },
  // admin/reviews/ReviewQueuePage.tsx (PAGE_SIZE 20) and its spiff and partner filters
  'admin: proof reviews': { role: 'admin', paths: () => ['/api/commissions/reviews?status=awaiting_review&page=1&page_size=20', spiffList, partnerPicker] },
  // admin/disputes/DisputeQueuePage.tsx: open ones first (PAGE_SIZE 50)
  'admin: disputes': { role: 'admin', paths: () => ['/api/disputes?status=open&page=1&page_size=50'] },
  // admin/dead-letters/DeadLettersPage.tsx (every service)
  'admin: dead letters': { role: 'admin', paths: () => ['/api/admin/dead-letters'] },
  // admin/users/UsersPage.tsx (PAGE_SIZE 25)
  'admin: users': { role: 'admin', paths: () => ['/api/users?page=1&page_size=25'] },
  // analytics/OverviewPage.tsx
  'analyst: overview': { role: 'analyst', paths: () => ['/api/analytics/overview'] },
  // analytics/TimeseriesPage.tsx defaultFilters: revenue by month from the first of the month 364 days ago to today; the
  // partner, product and spiff filters (TimeseriesFilters.tsx) each load their first 20 choices
  'analyst: time series': {
    role: 'analyst',
    paths: () => [`/api/analytics/timeseries?metric=revenue&interval=month&from=${day(-364).slice(0, 7)}-01&to=${day()}`, ...['partner', 'product', 'spiff'].map(dimension)],
  },
  // analytics/SpiffPerformancePage.tsx with a spiff chosen (?spiff_id=…): the report and the spiff picker
  'analyst: spiff performance': {
    role: 'analyst',
    paths: (c) => (c.spiffId ? [`/api/analytics/spiffs/${c.spiffId}`, dimension('spiff')] : undefined),
  },
};

export type ScreenFigures = LatencySummary & { calls: number; paths: string[] };

export interface PortalScreensResult {
  /** What the screens read from, counted just before they were measured. */
  scale: Record<string, number>;
  screens: Record<string, ScreenFigures>;
}

export async function portalScreensScenario(bench: BenchPlatform, callers: PortalCallers, scale: Record<string, number>): Promise<PortalScreensResult> {
  const tokens = { partner: callers.partner.token, admin: bench.admin, analyst: callers.analystToken };
  const screens: Record<string, ScreenFigures> = {};
  for (const [name, screen] of Object.entries(SCREENS)) {
    const paths = screen.paths(callers);
    if (!paths) continue;
    const open = async (): Promise<number> => {
      const start = performance.now();
      await Promise.all(paths.map(async (path) => {
        const response = await bench.api.get(path, tokens[screen.role]);
        if (response.status !== 200) throw new Error(`${name}: GET ${path} answered ${response.status} ${JSON.stringify(response.body)}`);
      }));
      return since(start);
    };
    await forEachLimited(Array.from({ length: WARM_UP }), IN_FLIGHT, async () => void (await open()));
    const latencies: number[] = [];
    const progress = new Progress(`portal: ${name}`, ROUNDS);
    await forEachLimited(Array.from({ length: ROUNDS }), IN_FLIGHT, async () => void latencies.push(await open()), progress);
    progress.done();
    screens[name] = { ...summarize(latencies), calls: paths.length, paths };
  }
  return { scale, screens };
}

/** The budget: a screen's data in ≤ 300 ms on localhost (p95 here, a stricter reading). */
export function portalScreensGoals(result: PortalScreensResult): GoalCheck[] {
  return Object.entries(result.screens).map(([name, latency]) =>
    atMost('6 portal screens', `${name} data p95, ms`, latency.p95_ms, GOAL_MS, ' ms', `p50 ${latency.p50_ms} ms, ${latency.calls} call${latency.calls === 1 ? '' : 's'}`));
}

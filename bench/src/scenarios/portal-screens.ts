/**
 * Scenario 6: how long each portal screen waits for its data, at the bench's scale (100,000
 * partners; analytics at its largest size, 1,000,000 sales, when the analytics scenario ran before).
 *
 * A screen's data time is the wall time of the API calls the screen makes when it opens, sent
 * together as the browser sends them (the first page of a list, default filters). The calls are
 * the ones apps/web makes; the browser's own rendering is not in the figure.
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
}

interface Screen {
  role: 'partner' | 'admin' | 'analyst';
  paths: (callers: PortalCallers) => string[] | undefined;
}

function lastDays(days: number): string {
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  return `from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`;
}

const dimension = (kind: string): string => `/api/analytics/dimensions?kind=${kind}&limit=20`;

const SCREENS: Record<string, Screen> = {
  'partner: opportunities': { role: 'partner', paths: () => ['/api/fulfillment/assignments/my-opportunities', '/api/fulfillment/milestones/my-progress'] },
  'partner: my sales': { role: 'partner', paths: () => ['/api/fulfillment/sales/my-sales?page=1&page_size=20'] },
  'partner: my commissions': { role: 'partner', paths: () => ['/api/commissions/my-commissions?page=1&page_size=20'] },
  'partner: my analytics': { role: 'partner', paths: (c) => [`/api/fulfillment/analytics/partner/${c.partner.id}`] },
  'admin: partners': { role: 'admin', paths: () => ['/api/partners?page=1&page_size=20'] },
  'admin: approved gold partners': { role: 'admin', paths: () => ['/api/partners?page=1&page_size=20&status=approved&tier=gold'] },
  'admin: spiffs': { role: 'admin', paths: () => ['/api/spiffs?page=1&page_size=20'] },
  'admin: commission queue': { role: 'admin', paths: () => ['/api/commissions?status=pending&page=1&page_size=50'] },
  'admin: dead letters': { role: 'admin', paths: () => ['/api/admin/dead-letters'] },
  'analyst: overview': { role: 'analyst', paths: () => ['/api/analytics/overview'] },
  'analyst: time series 90 days': {
    role: 'analyst',
    // The screen's partner, product and spiff filters each load their first 20 choices.
    paths: () => [`/api/analytics/timeseries?metric=revenue&interval=day&${lastDays(89)}`, ...['partner', 'product', 'spiff'].map(dimension)],
  },
  'analyst: spiff performance': {
    role: 'analyst',
    paths: (c) => (c.spiffId ? [`/api/analytics/spiffs/${c.spiffId}`, dimension('spiff')] : undefined),
  },
};

export type PortalScreensResult = Record<string, LatencySummary & { calls: number }>;

export async function portalScreensScenario(bench: BenchPlatform, callers: PortalCallers): Promise<PortalScreensResult> {
  const tokens = { partner: callers.partner.token, admin: bench.admin, analyst: callers.analystToken };
  const result: PortalScreensResult = {};
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
    result[name] = { ...summarize(latencies), calls: paths.length };
  }
  return result;
}

/** The budget: a screen's data in ≤ 300 ms on localhost (p95 here, a stricter reading). */
export function portalScreensGoals(result: PortalScreensResult): GoalCheck[] {
  return Object.entries(result).map(([name, latency]) =>
    atMost('6 portal screens', `${name} data p95, ms`, latency.p95_ms, GOAL_MS, ' ms', `p50 ${latency.p50_ms} ms, ${latency.calls} call${latency.calls === 1 ? '' : 's'}`));
}

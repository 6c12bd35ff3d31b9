import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CommissionView, Page, PartnerView } from '@spiffworks/contracts';
import { eventually } from '@spiffworks/testing';
import { E2E_ADMIN, startPlatform, stopPlatform } from './support';
import type { RunningPlatform } from './support';

const DEMO = join(__dirname, '..', '..', '..', 'dist', 'scripts', 'demo.js');

/** The summary `npm run demo -- --json` prints on its last line. */
interface DemoSummary {
  start: string;
  months: Array<{ month: string; settle: string }>;
  products: number;
  partners: { total: number; by_tier: Record<string, number>; by_status: Record<string, number> };
  spiffs: Array<{ name: string; incentive: string; assignments: number }>;
  sales: number;
  revenue: number;
  net_revenue: number;
  returns: number;
  sale_lines: { paid: number; approved: number; pending: number };
  milestone_rewards: number;
  created: Record<string, number>;
  seconds: number;
}

describe('npm run demo: a realistic program through the public API, loaded once however often it runs', () => {
  let running: RunningPlatform;

  beforeAll(async () => {
    running = await startPlatform();
  });

  afterAll(() => stopPlatform(running));

  const runDemo = async (): Promise<DemoSummary> => {
    const { stdout } = await promisify(execFile)(process.execPath, [DEMO, '--url', running.platform.gatewayUrl, '--json'], {
      env: { ...process.env, ADMIN_EMAIL: E2E_ADMIN.email, ADMIN_PASSWORD: E2E_ADMIN.password },
      timeout: 240_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as DemoSummary;
  };

  /** What the platform holds, read through the API: the figures the demo's summary claims. */
  const platformFigures = async () => {
    const { api, admin } = running;
    const partners = (await api.get<Page<PartnerView>>('/api/partners?page_size=500', admin)).body;
    const spiffs = (await api.get<Page<{ name: string; assignment_count: number; incentive_type: string; budget_amount: number | null; milestones: unknown[] }>>('/api/spiffs?page_size=500', admin)).body;
    const products = (await api.get<Page<unknown>>('/api/products?page_size=500', admin)).body;
    const lines: CommissionView[] = [];
    for (let page = 1; ; page++) {
      const got = (await api.get<Page<CommissionView>>(`/api/commissions?page=${page}&page_size=500`, admin)).body;
      lines.push(...got.items);
      if (lines.length >= got.total) break;
    }
    const sales = lines.filter((l) => l.kind === 'sale');
    const tally = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
    return {
      partners: { total: partners.total, by_tier: tally(partners.items.map((p) => p.tier)), by_status: tally(partners.items.map((p) => p.status)) },
      spiffs: spiffs.items.map((s) => ({ name: s.name, assignments: s.assignment_count, incentive_type: s.incentive_type, budget: s.budget_amount, milestones: s.milestones.length })),
      products: products.total,
      lines: lines.length,
      sale_lines: { paid: sales.filter((l) => l.status === 'paid').length, approved: sales.filter((l) => l.status === 'approved').length, pending: sales.filter((l) => l.status === 'pending').length },
      paid_references: [...new Set(sales.filter((l) => l.status === 'paid').map((l) => l.payout_reference))],
      paid_months: [...new Set(sales.filter((l) => l.status === 'paid').map((l) => l.sale_date!.slice(0, 7)))],
      clawbacks: lines.filter((l) => l.kind === 'clawback').length,
      rewards: lines.filter((l) => l.kind === 'milestone_reward').length,
    };
  };

  const overview = () => eventually(
    async () => (await running.api.get('/api/analytics/overview', running.admin)).body.overview as { total_sales: number; total_revenue: number },
    (o) => o.total_sales > 0,
  );

  let first: DemoSummary;
  let figures: Awaited<ReturnType<typeof platformFigures>>;

  it('the first run creates the program, and the platform holds exactly what its summary says', async () => {
    first = await runDemo();
    expect(first.partners).toEqual({
      total: 50,
      by_tier: { bronze: expect.any(Number), silver: expect.any(Number), gold: expect.any(Number), platinum: expect.any(Number) },
      by_status: { approved: 44, pending: 3, suspended: 3 },
    });
    expect(Object.values(first.partners.by_tier).every((n) => n >= 5)).toBe(true);
    expect(first.created).toMatchObject({ users: 1, products: first.products, partners: 50, approvals: 47, spiffs: 4, sales: first.sales, returns: first.returns, suspensions: 3 });
    expect(first.sales).toBeGreaterThan(150);
    expect(first.returns).toBeGreaterThan(0);
    expect(first.sale_lines.paid).toBeGreaterThan(0);
    expect(first.sale_lines.approved).toBeGreaterThan(0);
    expect(first.sale_lines.pending).toBeGreaterThan(0);
    expect(first.sale_lines.paid + first.sale_lines.approved + first.sale_lines.pending).toBe(first.sales);
    expect(first.created.lines_approved).toBe(first.sale_lines.paid + first.sale_lines.approved);
    expect(first.created.lines_paid).toBe(first.sale_lines.paid);

    figures = await platformFigures();
    expect(figures.partners).toEqual(first.partners);
    expect(figures.products).toBe(first.products);
    expect(figures.spiffs.map((s) => ({ name: s.name, assignments: s.assignments })).sort((a, b) => a.name.localeCompare(b.name)))
      .toEqual(first.spiffs.map((s) => ({ name: s.name, assignments: s.assignments })).sort((a, b) => a.name.localeCompare(b.name)));
    // A percentage spiff, spiffs with milestones, one with a fund.
    expect(figures.spiffs.some((s) => s.incentive_type === 'percentage')).toBe(true);
    expect(figures.spiffs.filter((s) => s.milestones > 0).length).toBeGreaterThanOrEqual(2);
    expect(figures.spiffs.filter((s) => s.budget !== null)).toHaveLength(1);
    expect(figures.sale_lines).toEqual(first.sale_lines);
    expect(figures.paid_months).toEqual([first.months[0].month]);
    expect(figures.paid_references).toEqual([`DEMO-PAYOUT-${first.months[0].month}`]);
    expect(figures.clawbacks).toBe(first.returns);
    expect(figures.rewards).toBe(first.milestone_rewards);
    // Analytics counts every sale, revenue net of returns (to the cent).
    const totals = await eventually(overview, (o) => o.total_sales === first.sales);
    expect(totals.total_revenue).toBe(first.net_revenue);
    // The sign-ins it prints work.
    await running.api.login('analyst@spiffworks.example.com', 'demo-analyst-pass');
    await running.api.login('sales@techcorp-partners.example.com', 'demo-partner-pass');
  }, 300_000);

  it('a second run finds everything in place and changes nothing', async () => {
    const second = await runDemo();
    expect(second.created).toEqual({ users: 0, products: 0, partners: 0, approvals: 0, spiffs: 0, sales: 0, returns: 0, lines_approved: 0, lines_paid: 0, suspensions: 0 });
    const { created: _a, seconds: _b, ...rest } = second;
    const { created: _c, seconds: _d, ...before } = first;
    expect(rest).toEqual(before);
    expect(await platformFigures()).toEqual(figures);
    expect((await overview()).total_sales).toBe(first.sales);
  }, 300_000);
});

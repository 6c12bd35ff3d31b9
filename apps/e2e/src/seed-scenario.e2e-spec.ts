import type { Pool } from 'pg';
import { Events } from '@spiffworks/contracts';
import type { CommissionView, EventEnvelope, MilestoneProgressView, Opportunity, Page, SaleView } from '@spiffworks/contracts';
import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayClient, PlatformProcesses, TestBroker, countRows, eventually, openServiceDb } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';
import { ErrorCode } from '@spiffworks/contracts';


describe('the seed scenario to the cent, steps 1-5, and what follows a sale', () => {
  let running: RunningPlatform;
  let config: PlatformConfig;
  let platform: PlatformProcesses;
  let api: GatewayClient;
  let admin: string;
  let analyst: string;
  let laptop: string;
  let monitor: string;
  let techCorp: CreatedPartner;
  let seedSpiffId: string;

  beforeAll(async () => {
    running = await startPlatform();
    ({ config, platform, api, admin } = running);
    await api.post('/api/users', { email: 'analyst@seed.example', password: 'analyst-password', role: 'analyst' }, admin);
    analyst = await api.login('analyst@seed.example', 'analyst-password');
  });

  afterAll(() => stopPlatform(running));

  const partnerMetrics = async (partnerId: string, token = analyst) => {
    const result = await api.get(`/api/fulfillment/analytics/partner/${partnerId}`, token);
    if (result.status !== 200) throw new Error(`partner analytics: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
  const overview = async () => (await api.get('/api/fulfillment/analytics/overview', analyst)).body;
  const logSale = (token: string | undefined, body: Record<string, unknown>) => api.post('/api/fulfillment/sales', body, token);
  /** The partner's ledger once it has booked at least `sales` sale lines (it books them from `sale.logged`). */
  const ledgerOf = (partnerId: string, sales = 1): Promise<CommissionView[]> => eventually(
    async () => (await api.get<Page<CommissionView>>(`/api/commissions?partner_id=${partnerId}&page_size=500`, admin)).body.items,
    (items) => items.filter((line) => line.kind === 'sale').length >= sales,
  );

  async function spiffOpportunity(partner: CreatedPartner, spiffId: string): Promise<Opportunity> {
    const [found] = await eventually(
      async () => (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partner.token)).body.opportunities
        .filter((o) => o.spiff?.id === spiffId),
      (list) => list.length === 1,
    );
    return found;
  }

  async function createSpiff(body: Record<string, unknown>): Promise<string> {
    const created = await api.post('/api/spiffs', { start_date: '2025-01-01', end_date: '2025-03-31', ...body }, admin);
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function manualAssignment(partner: CreatedPartner, productIds: string[], extra: Record<string, unknown> = {}): Promise<string> {
    const created = await api.post('/api/fulfillment/assignments', {
      partner_id: partner.id, product_ids: productIds, assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31', ...extra,
    }, admin);
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('steps 1-4: product, gold partner, spiff; the partner sees the opportunity at 12 %', async () => {
    laptop = (await api.post('/api/products', { name: 'Test Laptop Pro', sku: 'LAP-PRO', commission_rate: 10, commission_rates: { gold: 12 } }, admin)).body.id;
    monitor = (await api.post('/api/products', { name: 'Monitor 27', sku: 'MON-27', commission_rate: 4 }, admin)).body.id;
    techCorp = await createPartner(api, admin, 'gold', { name: 'TechCorp Partners Inc.' });
    seedSpiffId = await createSpiff({
      name: 'Q4 Laptop Promotion', target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold', 'platinum'],
      incentive_amount: 100, incentive_type: 'fixed',
    });
    const opportunity = await spiffOpportunity(techCorp, seedSpiffId);
    expect(opportunity.products).toEqual([expect.objectContaining({ name: 'Test Laptop Pro', commission_rate: 12 })]);
  });

  it('step 5: 2 × $1,000 on 2025-01-15 earns 240 + 200 = 440, in the response, the ledger and analytics', async () => {
    const sale = await logSale(techCorp.token, { partner_id: techCorp.id, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-01-15' });
    expect({ status: sale.status, body: sale.status === 201 ? undefined : sale.body, log: sale.status === 201 ? undefined : platform.logs('fulfillment').slice(-3000) }).toEqual({ status: 201 });
    expect(sale.body).toMatchObject({
      partner_id: techCorp.id, product_id: laptop, quantity: 2, unit_price: 1000, revenue: 2000, sale_date: '2025-01-15',
      commission_amount: 240, spiff_bonus: 200, total_commission: 440, commission_status: 'pending',
      spiffs_applied: [{ spiff_id: seedSpiffId, name: 'Q4 Laptop Promotion', bonus: 200 }],
    });

    const [line] = await ledgerOf(techCorp.id);
    expect(line).toMatchObject({ kind: 'sale', sale_id: sale.body.id, commission_amount: 240, spiff_bonus: 200, total_commission: 440, status: 'pending' });
    expect(line.trace).toMatchObject({ tier: 'gold', commission_rate: '12', revenue: '2000.00', spiffs: [expect.objectContaining({ applied: true, bonus: '200.00' })] });

    const metrics = await eventually(() => partnerMetrics(techCorp.id), (m) => m.metrics.total_sales === 1 && m.metrics.total_commission === 440);
    expect(metrics).toMatchObject({
      partner_id: techCorp.id,
      partner_name: 'TechCorp Partners Inc.',
      metrics: { total_sales: 1, total_revenue: 2000, total_commission: 440, base_commission: 240, spiff_bonus: 200, pending_commission: 440, approved_commission: 0, paid_commission: 0, active_assignments: 1 },
    });
    const system = await eventually(overview, (o) => o.overview.total_sales === 1 && o.overview.total_commission === 440);
    expect(system.overview).toMatchObject({ total_sales: 1, total_revenue: 2000, total_commission: 440 });
    expect(system.top_partners).toEqual([{ partner_id: techCorp.id, partner_name: 'TechCorp Partners Inc.', sales_count: 1, revenue: 2000, commission: 440 }]);

    const mine = await api.get<Page<SaleView>>('/api/fulfillment/sales/my-sales', techCorp.token);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: sale.body.id, product_name: 'Test Laptop Pro', total_commission: 440, commission_status: 'pending' })]);
    expect((await partnerMetrics(techCorp.id, techCorp.token)).metrics.total_commission).toBe(440);
  });

  it('approve, then pay: the pending / approved / paid split moves; illegal moves are 409', async () => {
    const [line] = await ledgerOf(techCorp.id);
    const approved = await api.post(`/api/commissions/${line.id}/approve`, {}, admin);
    expect(approved.body).toMatchObject({ status: 'approved' });
    await eventually(() => partnerMetrics(techCorp.id), (m) => m.metrics.approved_commission === 440 && m.metrics.pending_commission === 0);
    expect((await api.post(`/api/commissions/${line.id}/approve`, {}, admin)).status).toBe(409);
    expect((await api.post(`/api/commissions/${line.id}/pay`, {}, admin)).status).toBe(400);

    const paid = await api.post(`/api/commissions/${line.id}/pay`, { payout_reference: 'PAYOUT-2025-001' }, admin);
    expect(paid.body).toMatchObject({ status: 'paid', payout_reference: 'PAYOUT-2025-001' });
    await eventually(() => partnerMetrics(techCorp.id), (m) => m.metrics.paid_commission === 440 && m.metrics.approved_commission === 0);
    expect((await api.post(`/api/commissions/${line.id}/reject`, { reason: 'too late' }, admin)).status).toBe(409);

    const history = (await api.get(`/api/commissions/${line.id}`, admin)).body.history;
    expect(history.map((h: { to_status: string }) => h.to_status)).toEqual(['pending', 'approved', 'paid']);
    const csv = await fetch(`${platform.gatewayUrl}/api/commissions/export.csv?status=paid`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`${line.id},${techCorp.id},sale,`);
    expect(rows[1]).toContain(',2000.00,240.00,200.00,0.00,440.00,paid,PAYOUT-2025-001,');
  });

  it('no bonus outside the period, on a product not in the spiff, or without the linked assignment', async () => {
    await manualAssignment(techCorp, [laptop, monitor]);
    const outside = await logSale(techCorp.token, { partner_id: techCorp.id, product_id: laptop, quantity: 1, unit_price: 1000, sale_date: '2025-04-01' });
    expect(outside.body).toMatchObject({ commission_amount: 120, spiff_bonus: 0, total_commission: 120, spiffs_applied: [] });
    const otherProduct = await logSale(techCorp.token, { partner_id: techCorp.id, product_id: monitor, quantity: 1, unit_price: 250, sale_date: '2025-01-20' });
    expect(otherProduct.body).toMatchObject({ commission_amount: 10, spiff_bonus: 0, total_commission: 10 });

    const silver = await createPartner(api, admin, 'silver');
    await eventually(() => manualAssignment(silver, [laptop]).then(() => true), () => true);
    const unlinked = await logSale(silver.token, { partner_id: silver.id, product_id: laptop, quantity: 1, unit_price: 1000, sale_date: '2025-02-01' });
    expect(unlinked.body).toMatchObject({ commission_amount: 100, spiff_bonus: 0, total_commission: 100 });
    const [line] = await ledgerOf(silver.id);
    expect(line.trace.spiffs).toEqual([expect.objectContaining({ spiff_id: seedSpiffId, applied: false, reason: expect.stringContaining('no active assignment') })]);
  });

  it('a percentage spiff pays its percent of revenue, and two spiffs on one product stack', async () => {
    const percent = await createSpiff({
      name: 'Monitor 5 %', target_products: [monitor], assignment_type: 'individual', target_partners: [techCorp.id],
      incentive_amount: 5, incentive_type: 'percentage',
    });
    const extra = await createSpiff({
      name: 'Laptop kicker', target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold'], incentive_amount: 12.5, incentive_type: 'fixed',
    });
    await spiffOpportunity(techCorp, percent);
    await spiffOpportunity(techCorp, extra);
    const monitorSale = await logSale(techCorp.token, { partner_id: techCorp.id, product_id: monitor, quantity: 3, unit_price: 199.99, sale_date: '2025-02-10' });
    // revenue 599.97: base 4 % = 23.9988 → 24.00; bonus 5 % = 29.9985 → 30.00
    expect(monitorSale.body).toMatchObject({ revenue: 599.97, commission_amount: 24, spiff_bonus: 30, total_commission: 54 });
    const laptopSale = await logSale(techCorp.token, { partner_id: techCorp.id, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-03-31' });
    expect(laptopSale.body).toMatchObject({ commission_amount: 240, spiff_bonus: 225, total_commission: 465 });
    expect(laptopSale.body.spiffs_applied.map((s: { bonus: number }) => s.bonus).sort()).toEqual([200, 25]);
  });

  it('refuses what it must: another partner (403), no covering assignment (422), a future date or bad numbers (400), a reused invoice (409)', async () => {
    const other = await createPartner(api, admin, 'gold');
    const base = { partner_id: techCorp.id, product_id: laptop, quantity: 1, unit_price: 1000, sale_date: '2025-01-15' };
    expect((await logSale(other.token, base)).status).toBe(403);
    const uncovered = await logSale(techCorp.token, { ...base, sale_date: '2024-06-01' });
    expect(uncovered.status).toBe(422);
    expect(uncovered.body.code).toBe(ErrorCode.SALE_NOT_COVERED);
    expect(uncovered.body.message).toContain('is not in any active assignment');
    for (const [change, field] of [
      [{ sale_date: '2999-01-01' }, 'sale_date'], [{ quantity: 0 }, 'quantity'], [{ quantity: 1.5 }, 'quantity'],
      [{ unit_price: 10.001 }, 'unit_price'], [{ unit_price: -5 }, 'unit_price'], [{ sale_date: '2025-13-01' }, 'sale_date'],
    ] as const) {
      const result = await logSale(techCorp.token, { ...base, ...change });
      expect({ field, status: result.status, code: result.body.code }).toEqual({ field, status: 400, code: ErrorCode.VALIDATION_FAILED });
      expect(result.body.message).toContain(field);
    }
    const first = await logSale(techCorp.token, { ...base, invoice_number: 'INV-1' });
    expect(first.status).toBe(201);
    expect((await logSale(techCorp.token, { ...base, invoice_number: 'INV-1' })).status).toBe(409);
    expect((await api.get(`/api/fulfillment/analytics/partner/${techCorp.id}`, other.token)).status).toBe(403);
  });

  it('a milestone reached pays its reward once, even when its event is redelivered', async () => {
    const achiever = await createPartner(api, admin, 'silver');
    await eventually(() => manualAssignment(achiever, [monitor], {
      assignment_type: 'target', target_quantity: 3, milestones: [{ name: 'Three monitors', metric: 'units', threshold: 3, reward_amount: 75 }],
    }).then(() => true), () => true);
    for (const quantity of [1, 2]) {
      const sale = await logSale(achiever.token, { partner_id: achiever.id, product_id: monitor, quantity, unit_price: 100, sale_date: '2025-05-05' });
      expect(sale.status).toBe(201);
    }
    const progress = await api.get<{ milestones: MilestoneProgressView[] }>('/api/fulfillment/milestones/my-progress', achiever.token);
    expect(progress.body.milestones).toEqual([expect.objectContaining({ milestone: 'Three monitors', progress: 3, threshold: 3, percent: 100, achieved: true, reward_amount: 75 })]);
    const reward = await eventually(async () => (await ledgerOf(achiever.id)).filter((l) => l.kind === 'milestone_reward'), (l) => l.length === 1);
    expect(reward[0]).toMatchObject({ reward_amount: 75, total_commission: 75, status: 'pending' });

    const fulfillmentDb = openServiceDb(config, 'fulfillment');
    const commissionsDb = openServiceDb(config, 'commissions');
    const broker = await TestBroker.open(config);
    try {
      const { rows } = await fulfillmentDb.query<{ envelope: EventEnvelope }>(
        `SELECT envelope FROM outbox WHERE routing_key = $1 AND envelope->'payload'->>'partner_id' = $2`, [Events.MilestoneAchieved, achiever.id]);
      expect(rows).toHaveLength(1);
      broker.publish(rows[0].envelope);
      await eventually(() => countRows(commissionsDb, 'SELECT redeliveries AS count FROM inbox WHERE id = $1', [rows[0].envelope.id]), (n) => n === 1);
      expect((await ledgerOf(achiever.id)).filter((l) => l.kind === 'milestone_reward')).toHaveLength(1);
      await eventually(() => partnerMetrics(achiever.id), (m) => m.metrics.milestones_achieved === 1 && m.metrics.milestone_rewards === 75);
    } finally {
      await broker.close();
      await Promise.all([fulfillmentDb.end(), commissionsDb.end()]);
    }
  });

  it('with the commissions service down a sale still answers its commission, and the ledger books those numbers once it is back', async () => {
    await platform.stopService('commissions');
    const sale = await logSale(techCorp.token, { partner_id: techCorp.id, product_id: laptop, quantity: 1, unit_price: 500, sale_date: '2025-02-02' });
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({ commission_status: 'pending', commission_amount: 60, spiff_bonus: 112.5, total_commission: 172.5 });
    // While the ledger is down, the partner's list has no booked line for the sale yet.
    const listed = (await api.get<Page<SaleView>>('/api/fulfillment/sales/my-sales?page_size=100', techCorp.token)).body.items.find((s) => s.id === sale.body.id);
    expect(listed).toMatchObject({ commission_status: 'calculating', total_commission: null });
    await platform.startService('commissions');
    const booked = await eventually(
      async () => (await api.get<Page<SaleView>>('/api/fulfillment/sales/my-sales?page_size=100', techCorp.token)).body.items.find((s) => s.id === sale.body.id),
      (s) => s?.commission_status === 'pending',
      { timeoutMs: 30_000 },
    );
    expect(booked).toMatchObject({ commission_amount: 60, spiff_bonus: 112.5, total_commission: 172.5, spiffs_applied: sale.body.spiffs_applied });
  });

  it('analytics equal the ledger, to the cent', async () => {
    const commissionsDb: Pool = openServiceDb(config, 'commissions');
    try {
      const { rows } = await commissionsDb.query(
        `SELECT count(*) FILTER (WHERE kind = 'sale') AS sales, coalesce(sum(revenue), 0) AS revenue,
                coalesce(sum(commission_amount + spiff_bonus) FILTER (WHERE status <> 'rejected'), 0) AS commission FROM commission_lines`);
      const totals = await eventually(overview, (o) => o.overview.total_sales === Number(rows[0].sales) && o.overview.total_commission === Number(rows[0].commission));
      expect(totals.overview).toMatchObject({ total_sales: Number(rows[0].sales), total_revenue: Number(rows[0].revenue), total_commission: Number(rows[0].commission) });
    } finally {
      await commissionsDb.end();
    }
  });
});

import type { CommissionView, Opportunity, Page, PartnerView, UserView } from '@spiffworks/contracts';
import { GatewayClient, eventually } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

/**
 * Only approved partners take part; admins deactivate users and suspend partners,
 * whose logins are refused and whose tokens stop working within ACCOUNT_STATUS_CACHE_SECONDS (1 s
 * here, at most 30 s; awaited by polling with a 60 s deadline, the bound the issue sets); a suspended
 * partner keeps its history and is back to normal once approved again.
 */
describe('account access: approved partners only, deactivated users and suspended partners', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let admin: string;
  let laptop: string;
  const WITHIN_60_S = { timeoutMs: 60_000, intervalMs: 100 };

  const sale = (partnerId: string, invoice: string) => ({
    partner_id: partnerId, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-01-15', invoice_number: invoice,
  });
  const manualAssignment = (partnerId: string) => api.post('/api/fulfillment/assignments', {
    partner_id: partnerId, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
  }, admin);

  beforeAll(async () => {
    running = await startPlatform({ ACCOUNT_STATUS_CACHE_SECONDS: '1' });
    ({ api, admin } = running);
    laptop = (await api.post('/api/products', { name: 'Access Laptop', sku: 'ACC-LAP', commission_rate: 10, commission_rates: { gold: 12 } }, admin)).body.id;
  }, 180_000);

  afterAll(() => stopPlatform(running));

  it('a pending partner gets no manual assignment (422 PARTNER_NOT_APPROVED) and logs no sale (403 PARTNER_ACCOUNT_INACTIVE)', async () => {
    const pending = await createPartner(api, admin, 'gold', { approve: false, name: 'Access pending' });
    // Once fulfillment knows the partner (partner.registered), it refuses it for being pending, not unknown.
    const assignment = await eventually(() => manualAssignment(pending.id), (r) => r.status !== 400);
    expect(assignment).toMatchObject({ status: 422, body: { code: 'PARTNER_NOT_APPROVED' } });
    for (const token of [pending.token, admin]) {
      const logged = await api.post('/api/fulfillment/sales', sale(pending.id, `PEND-${token === admin ? 'A' : 'P'}`), token);
      expect(logged).toMatchObject({ status: 403, body: { code: 'PARTNER_ACCOUNT_INACTIVE' } });
    }
    expect((await api.get<Page<unknown>>(`/api/fulfillment/assignments?partner_id=${pending.id}`, admin)).body.total).toBe(0);
    expect((await api.get<Page<unknown>>('/api/fulfillment/sales/my-sales', pending.token)).body.total).toBe(0);
  });

  it('a deactivated user cannot sign in, its token stops working within the bound, and reactivated it is back', async () => {
    const created = await api.post<UserView>('/api/users', { email: 'analyst@access.example', password: 'analyst-password', role: 'analyst' }, admin);
    expect(created.body.status).toBe('active');
    const token = await api.login('analyst@access.example', 'analyst-password');
    expect((await api.get('/api/analytics/overview', token)).status).toBe(200);

    const deactivated = await api.patch<UserView>(`/api/users/${created.body.id}`, { status: 'inactive' }, admin);
    expect(deactivated).toMatchObject({ status: 200, body: { id: created.body.id, status: 'inactive' } });
    const refused = await eventually(() => api.get('/api/analytics/overview', token), (r) => r.status !== 200, WITHIN_60_S);
    expect(refused).toMatchObject({ status: 401, body: { code: 'ACCOUNT_DISABLED' } });
    const login = await api.post('/api/auth/login', { email: 'analyst@access.example', password: 'analyst-password' });
    expect(login).toMatchObject({ status: 401, body: { code: 'ACCOUNT_DISABLED' } });

    expect((await api.patch(`/api/users/${created.body.id}`, { status: 'active' }, admin)).body.status).toBe('active');
    await eventually(() => api.get('/api/analytics/overview', token), (r) => r.status === 200, WITHIN_60_S);
    const again = await api.login('analyst@access.example', 'analyst-password');
    expect((await api.get('/api/analytics/overview', again)).status).toBe(200);
  });

  it('PATCH /api/users/{id} refuses a bad status (400), one\'s own account (400) and an unknown user (404)', async () => {
    const me = (await api.post<{ user: UserView }>('/api/auth/login', { email: running.config.ADMIN_EMAIL, password: running.config.ADMIN_PASSWORD })).body.user;
    expect(await api.patch(`/api/users/${me.id}`, { status: 'inactive' }, admin)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await api.get('/api/partners', admin)).status).toBe(200);
    expect((await api.patch(`/api/users/${me.id}`, { status: 'gone' }, admin)).status).toBe(400);
    expect(await api.patch('/api/users/00000000-0000-4000-8000-00000000beef', { status: 'inactive' }, admin))
      .toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
  });

  describe('a suspended partner', () => {
    let partner: CreatedPartner;
    let spiffId: string;

    beforeAll(async () => {
      partner = await createPartner(api, admin, 'gold', { name: 'Access Suspended' });
      const spiff = await api.post('/api/spiffs', {
        name: 'Access spiff', target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold'],
        incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2999-12-31',
      }, admin);
      spiffId = spiff.body.id;
      await eventually(async () => (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partner.token)).body.opportunities,
        (o) => o.some((x) => x.spiff?.id === spiffId));
      const logged = await api.post('/api/fulfillment/sales', sale(partner.id, 'SUSP-1'), partner.token);
      expect(logged).toMatchObject({ status: 201, body: { total_commission: 440 } });
      await eventually(async () => (await api.get(`/api/analytics/partners/${partner.id}`, admin)).body?.metrics?.total_sales, (n) => n === 1);
    });

    it('cannot sign in, its token stops working, and it logs no sale even through an admin', async () => {
      const suspended = await api.post<PartnerView>(`/api/partners/${partner.id}/suspend`, {}, admin);
      expect(suspended).toMatchObject({ status: 200, body: { id: partner.id, status: 'suspended' } });
      const refused = await eventually(() => api.get('/api/fulfillment/sales/my-sales', partner.token), (r) => r.status !== 200, WITHIN_60_S);
      expect(refused).toMatchObject({ status: 401, body: { code: 'ACCOUNT_DISABLED' } });
      expect(await api.post('/api/auth/login', { email: partner.email, password: 'partner-password-1' }))
        .toMatchObject({ status: 401, body: { code: 'ACCOUNT_DISABLED' } });
      // Fulfillment learns it from partner.updated; from then on an admin cannot sell for it either.
      const bySomeoneElse = await eventually(() => api.post('/api/fulfillment/sales', sale(partner.id, 'SUSP-ADMIN'), admin), (r) => r.status !== 201);
      expect(bySomeoneElse).toMatchObject({ status: 403, body: { code: 'PARTNER_ACCOUNT_INACTIVE' } });
      expect(await manualAssignment(partner.id)).toMatchObject({ status: 422, body: { code: 'PARTNER_NOT_APPROVED' } });
    });

    it('keeps its history: partner, assignments, ledger and analytics stay readable by admins', async () => {
      expect((await api.get(`/api/partners/${partner.id}`, admin)).body.status).toBe('suspended');
      expect((await api.get<Page<PartnerView>>('/api/partners?status=suspended', admin)).body.items.map((p) => p.id)).toContain(partner.id);
      const assignments = (await api.get<Page<{ spiff_id: string | null; status: string }>>(`/api/fulfillment/assignments?partner_id=${partner.id}`, admin)).body.items;
      expect(assignments).toEqual([expect.objectContaining({ spiff_id: spiffId, status: 'active' })]);
      const ledger = await eventually(
        async () => (await api.get<Page<CommissionView>>(`/api/commissions?partner_id=${partner.id}`, admin)).body.items,
        (items) => items.length === 1,
      );
      expect(ledger[0]).toMatchObject({ total_commission: 440, status: 'pending' });
      const metrics = (await api.get(`/api/analytics/partners/${partner.id}`, admin)).body.metrics;
      expect(metrics).toMatchObject({ total_sales: 1, total_revenue: 2000, total_commission: 440 });
    });

    it('approved again, it signs in and sells as before', async () => {
      expect((await api.post<PartnerView>(`/api/partners/${partner.id}/approve`, {}, admin)).body.status).toBe('approved');
      const token = await api.login(partner.email, 'partner-password-1');
      const logged = await eventually(() => api.post('/api/fulfillment/sales', sale(partner.id, 'SUSP-2'), token), (r) => r.status === 201);
      expect(logged.body).toMatchObject({ total_commission: 440, spiff_bonus: 200 });
      // The token issued before the suspension works again too: nothing about it was revoked for good.
      await eventually(() => api.get('/api/fulfillment/sales/my-sales', partner.token), (r) => r.status === 200, WITHIN_60_S);
      await eventually(async () => (await api.get(`/api/analytics/partners/${partner.id}`, admin)).body?.metrics?.total_sales, (n) => n === 2);
    });
  });
});

import { ErrorCode } from '@spiffworks/contracts';
import { eventually } from '@spiffworks/testing';
import type { GatewayClient } from '@spiffworks/testing';
import { E2E_ADMIN, createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

/**
 * What the portal's admin screens need beyond the seed's routes: the spiff form's "this reaches N
 * approved partners" before saving (and it must agree with the fan-out that follows), partner search,
 * the staff user list, and partner names on the ledger and assignment lists.
 */
describe('admin console API: reach preview, partner search, users list, partner names', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let admin: string;
  let laptop: string;
  const partners: Record<string, CreatedPartner> = {};

  beforeAll(async () => {
    running = await startPlatform();
    ({ api, admin } = running);
    laptop = (await api.post('/api/products', { name: 'Console Laptop', sku: 'CON-LAP', commission_rate: 10, commission_rates: { gold: 12 } }, admin)).body.id;
    partners.goldA = await createPartner(api, admin, 'gold', { name: 'Console Gold A', login: false });
    partners.goldB = await createPartner(api, admin, 'gold', { name: 'Console Gold B', login: false });
    partners.platinum = await createPartner(api, admin, 'platinum', { name: 'Console Platinum', login: false });
    partners.goldPending = await createPartner(api, admin, 'gold', { name: 'Console Gold Pending', approve: false, login: false });
    partners.goldSuspended = await createPartner(api, admin, 'gold', { name: 'Console Gold Suspended', login: false });
    expect((await api.post(`/api/partners/${partners.goldSuspended.id}/suspend`, {}, admin)).status).toBe(200);
    partners.silver = await createPartner(api, admin, 'silver', { name: 'Console Silver' });
  });

  afterAll(() => stopPlatform(running));

  it('previews a tier spiff\'s reach, and the spiff then gets exactly that many assignments', async () => {
    const preview = await api.post('/api/spiffs/reach', { assignment_type: 'tier', target_tiers: ['gold', 'platinum'] }, admin);
    expect(preview).toMatchObject({
      status: 200,
      body: {
        approved_partners: 3,
        targeted_partners: 5,
        by_status: { pending: 1, approved: 3, suspended: 1 },
        approved_by_tier: { gold: 2, platinum: 1 },
        unknown_partners: [],
      },
    });
    const spiff = await api.post('/api/spiffs', {
      name: 'Console Promotion', target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold', 'platinum'],
      incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31',
    }, admin);
    expect(spiff.status).toBe(201);
    const count = await eventually(async () => (await api.get(`/api/spiffs/${spiff.body.id}`, admin)).body.assignment_count, (n) => n === 3);
    expect(count).toBe(preview.body.approved_partners);

    // The assignment list names each partner.
    const assignments = await api.get(`/api/fulfillment/assignments?spiff_id=${spiff.body.id}`, admin);
    expect(assignments.body.items.map((a: { partner_name: string }) => a.partner_name).sort()).toEqual(['Console Gold A', 'Console Gold B', 'Console Platinum']);
  });

  it('previews an individual spiff: the approved ones among the listed, and the unknown ids named', async () => {
    const unknown = '00000000-0000-4000-8000-0000000000cc';
    const preview = await api.post('/api/spiffs/reach', {
      assignment_type: 'individual', target_partners: [partners.silver.id, partners.goldPending.id, unknown],
    }, admin);
    expect(preview.body).toMatchObject({ approved_partners: 1, targeted_partners: 2, by_status: { pending: 1, approved: 1, suspended: 0 }, unknown_partners: [unknown] });
  });

  it('refuses a malformed preview at the field, and keeps it to admins', async () => {
    const bad = await api.post('/api/spiffs/reach', { target_tiers: ['diamond'] }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['assignment_type', 'target_tiers']));
    const partner = await api.login(partners.silver.email, 'partner-password-1');
    expect((await api.post('/api/spiffs/reach', { assignment_type: 'tier', target_tiers: ['gold'] }, partner)).status).toBe(403);
  });

  it('searches partners by name or email together with the filters, paged', async () => {
    const gold = await api.get('/api/partners?q=console%20gold&status=approved&page_size=1', admin);
    expect(gold).toMatchObject({ status: 200, body: { total: 2, page: 1, page_size: 1 } });
    expect(gold.body.items[0].name).toBe('Console Gold A');
    const byEmail = await api.get(`/api/partners?q=${encodeURIComponent(partners.platinum.email.toUpperCase())}`, admin);
    expect(byEmail.body.items.map((p: { id: string }) => p.id)).toEqual([partners.platinum.id]);
    const empty = await api.get('/api/partners?q=', admin);
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
  });

  it('lists users by role and status, searching the email', async () => {
    expect((await api.post('/api/users', { email: 'console-analyst@example.com', password: 'analyst-password', role: 'analyst' }, admin)).status).toBe(201);
    const analysts = await api.get('/api/users?role=analyst&q=console', admin);
    expect(analysts).toMatchObject({ status: 200, body: { total: 1, items: [{ email: 'console-analyst@example.com', role: 'analyst', status: 'active', partner_id: null }] } });
    const user = analysts.body.items[0];
    expect((await api.patch(`/api/users/${user.id}`, { status: 'inactive' }, admin)).status).toBe(200);
    expect((await api.get('/api/users?status=inactive', admin)).body.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
    expect((await api.get('/api/users?role=root', admin)).status).toBe(400);
  });

  it('names the partner of each ledger line, in the list and in a line with its history, and who made each change', async () => {
    // An admin may log a sale for any partner (goldA has no portal user).
    const sale = await api.post('/api/fulfillment/sales', {
      partner_id: partners.goldA.id, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-01-15',
    }, admin);
    expect(sale.status).toBe(201);
    const [line] = await eventually(async (): Promise<Array<{ id: string }>> => (await api.get(`/api/commissions?partner_id=${partners.goldA.id}`, admin)).body.items, (items) => items.length === 1);
    expect(line).toMatchObject({ partner_name: 'Console Gold A', total_commission: 440 });
    expect((await api.post('/api/commissions/approve', { ids: [line.id] }, admin)).status).toBe(200);
    const detail = await api.get(`/api/commissions/${line.id}`, admin);
    expect(detail.body).toMatchObject({ partner_name: 'Console Gold A' });
    expect(detail.body.history).toEqual([
      expect.objectContaining({ to_status: 'pending', changed_by: null, changed_by_email: null }),
      expect.objectContaining({ to_status: 'approved', changed_by: expect.any(String), changed_by_email: E2E_ADMIN.email }),
    ]);
  });
});

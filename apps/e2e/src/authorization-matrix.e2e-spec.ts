import type { CommissionView, Opportunity, Page, SaleView } from '@spiffworks/contracts';
import { GatewayClient, eventually } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';
import { ERROR_STATUS, ErrorCode } from '@spiffworks/contracts';

/**
 * Every gateway route × {anonymous, partner A, partner B, analyst, admin} with the expected
 * allow (2xx, or a named status such as 404 once past the guard) or deny (401 / 403), then targeted
 * checks that a partner never reads or changes another partner's data, whatever ids it sends.
 */

const CALLERS = ['anonymous', 'partnerA', 'partnerB', 'analyst', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
type Expected = 'allow' | 401 | 403 | 404;

interface Row {
  method: 'GET' | 'POST' | 'PATCH';
  /** The route as documented; `path()` gives it with real ids. */
  route: string;
  path: () => string;
  /** A fresh valid body for every call (unique emails, skus, invoices). */
  body?: () => Record<string, unknown>;
  /** A CSV file sent as `text/csv` instead of a JSON body. */
  file?: () => string;
  /** A proof of sale sent as multipart/form-data (field `file`). */
  proof?: () => Buffer;
  /** Who may call it; everyone else signed in is a 403, anonymous a 401. Public routes allow all. */
  allow: Partial<Record<Caller, Expected>>;
  public?: boolean;
}

let unique = 0;
const fresh = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${unique++}`;

describe('authorization matrix: every route × anonymous, partner A, partner B, analyst, admin', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  const tokens: Partial<Record<Caller, string>> = {};
  let partnerA: CreatedPartner;
  let partnerB: CreatedPartner;
  let pending: CreatedPartner;
  /** Suspended by the admin's row (idempotent), so no other row's partner is touched. */
  let toSuspend: CreatedPartner;
  /** A staff user the admin's PATCH row sets active (a no-op it may repeat). */
  let staffId: string;
  let laptop: string;
  let spiffA: string;
  let spiffToCancel: string;
  let saleA: SaleView;
  let saleB: SaleView;
  /** Ledger lines of A, each spent by one admin row: approve, pay (approved), reject, bulk approve, bulk pay (approved), bulk reject. */
  let lines: string[];
  /** An open dispute of A's sale line (read by the GET rows), and one of A's line 0 (resolved by the admin's row). */
  let disputeA: string;
  let disputeToResolve: string;
  /** A sales import partner A uploaded. */
  let importA: string;
  /** A partner import the admin uploaded. */
  let partnerImport: string;
  /** A proof of sale partner A attached to its sale. */
  let attachmentA: string;
  /** A file partner A attached to its open dispute `disputeA`. */
  let disputeFileA: string;
  /** Its partner, whose user is invited (no password): the admin's row issues it a new invite (repeatable). */
  let invitedPartner: string;

  const admin = (): string => tokens.admin as string;

  beforeAll(async () => {
    running = await startPlatform();
    api = running.api;
    tokens.admin = running.admin;
    expect((await api.post('/api/users', { email: 'analyst@matrix.example', password: 'analyst-password', role: 'analyst' }, admin())).status).toBe(201);
    tokens.analyst = await api.login('analyst@matrix.example', 'analyst-password');
    laptop = (await api.post('/api/products', { name: 'Matrix Laptop', sku: 'MX-LAP', commission_rate: 10 }, admin())).body.id;
    partnerA = await createPartner(api, admin(), 'gold', { name: 'Matrix A' });
    partnerB = await createPartner(api, admin(), 'gold', { name: 'Matrix B' });
    pending = await createPartner(api, admin(), 'silver', { approve: false, login: false, name: 'Matrix pending' });
    toSuspend = await createPartner(api, admin(), 'silver', { approve: false, login: false, name: 'Matrix to suspend' });
    staffId = (await api.post('/api/users', { email: 'staff@matrix.example', password: 'staff-password', role: 'analyst' }, admin())).body.id;
    tokens.partnerA = partnerA.token;
    tokens.partnerB = partnerB.token;

    const spiff = (name: string) => api.post('/api/spiffs', {
      name, target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold'], incentive_amount: 10, incentive_type: 'fixed',
      start_date: '2025-01-01', end_date: '2025-12-31', milestones: [{ name: `${name} goal`, metric: 'units', threshold: 1000, reward_amount: 5 }],
    }, admin());
    spiffA = (await spiff('Matrix spiff')).body.id;
    spiffToCancel = (await spiff('Matrix spiff to cancel')).body.id;
    for (const partner of [partnerA, partnerB]) {
      await eventually(async () => (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partner.token)).body.opportunities,
        (o) => o.length === 2);
    }
    const sell = async (partner: CreatedPartner, quantity: number): Promise<SaleView> => {
      const sale = await api.post<SaleView>('/api/fulfillment/sales', {
        partner_id: partner.id, product_id: laptop, quantity, unit_price: 100, sale_date: '2025-03-01', invoice_number: fresh('INV'),
      }, partner.token);
      expect(sale.status).toBe(201);
      return sale.body;
    };
    saleA = await sell(partnerA, 50);
    saleB = await sell(partnerB, 5);
    for (let i = 0; i < 6; i++) await sell(partnerA, 1);
    const ledger = await eventually(
      async () => (await api.get<Page<CommissionView>>(`/api/commissions?partner_id=${partnerA.id}&page_size=500`, admin())).body.items,
      (items) => items.length === 7,
    );
    lines = ledger.filter((l) => l.sale_id !== saleA.id).map((l) => l.id);
    for (const id of [lines[1], lines[4]]) expect((await api.post(`/api/commissions/${id}/approve`, {}, admin())).status).toBe(200);
    const saleLineA = ledger.find((l) => l.sale_id === saleA.id) as CommissionView;
    disputeA = (await api.post(`/api/commissions/${saleLineA.id}/disputes`, { reason: 'matrix' }, partnerA.token)).body.id;
    disputeToResolve = (await api.post(`/api/commissions/${lines[0]}/disputes`, { reason: 'matrix' }, partnerA.token)).body.id;
    await eventually(async () => (await api.get(`/api/analytics/partners/${partnerA.id}`, admin())).status, (s) => s === 200);
    const uploaded = await send({ method: 'POST', route: 'A\'s import', path: () => '/api/fulfillment/sales/imports', file: saleFileOfA, allow: {} }, partnerA.token);
    expect(uploaded.status).toBe(202);
    importA = uploaded.body.import_id;
    const attached = await send({ method: 'POST', route: 'A\'s proof', path: () => `/api/fulfillment/sales/${saleA.id}/attachments`, proof: proofPng, allow: {} }, partnerA.token);
    expect(attached.status).toBe(201);
    attachmentA = attached.body.id;
    const disputeFile = await send({ method: 'POST', route: 'A\'s dispute file', path: () => `/api/disputes/${disputeA}/attachments`, proof: proofPng, allow: {} }, partnerA.token);
    expect(disputeFile.status).toBe(201);
    disputeFileA = disputeFile.body.id;
    const imported = await send({ method: 'POST', route: 'a partner import', path: () => '/api/partners/imports', file: partnerFile, allow: {} }, admin());
    expect(imported.status).toBe(202);
    partnerImport = imported.body.import_id;
    await eventually(async () => (await api.get<{ status: string }>(`/api/partners/imports/${partnerImport}`, admin())).body.status, (status) => status === 'completed', { timeoutMs: 90_000 });
    const [imported1] = (await api.get<Page<{ id: string }>>(`/api/partners?q=${encodeURIComponent('Matrix Imported')}`, admin())).body.items;
    invitedPartner = imported1.id;
  }, 180_000);

  /** A file of one row of A's that no assignment covers (2024): the upload is accepted, and the row books nothing that later checks count. */
  const saleFileOfA = (): string =>
    `partner_id,product_id,quantity,unit_price,sale_date,invoice_number\n${partnerA.id},${laptop},1,10,2024-06-01,${fresh('IMP')}\n`;

  /** A small PNG (by its bytes). */
  const proofPng = (): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(fresh('proof'))]);

  /** A partner file of one new partner (invited): each upload registers a partner of its own. */
  const partnerFile = (): string => `name,tier,contact_email,status\nMatrix Imported,bronze,${fresh('imported')}@matrix.example,pending\n`;

  afterAll(() => stopPlatform(running));

  const adminOnly: Row['allow'] = { admin: 'allow' };
  const partnersOnly: Row['allow'] = { partnerA: 'allow', partnerB: 'allow' };
  const analystsAndAdmins: Row['allow'] = { analyst: 'allow', admin: 'allow' };
  const partnersAndAdmins: Row['allow'] = { partnerA: 'allow', partnerB: 'allow', analyst: 403, admin: 'allow' };

  const rows: Row[] = [
    { method: 'GET', route: '/health', path: () => '/health', public: true, allow: {} },
    { method: 'GET', route: '/health/live', path: () => '/health/live', public: true, allow: {} },
    { method: 'POST', route: '/api/auth/login', path: () => '/api/auth/login', public: true, allow: {}, body: () => ({ email: 'analyst@matrix.example', password: 'analyst-password' }) },
    // Public: anyone past no guard, refused for the token only (it names no invite).
    {
      method: 'POST', route: '/api/auth/invites/accept', path: () => '/api/auth/invites/accept', public: true,
      allow: { anonymous: 404, partnerA: 404, partnerB: 404, analyst: 404, admin: 404 }, body: () => ({ token: 'no-such-invite-token', password: 'long-enough-1' }),
    },
    { method: 'POST', route: '/api/users', path: () => '/api/users', allow: adminOnly, body: () => ({ email: `${fresh('staff')}@matrix.example`, password: 'long-enough-1', role: 'analyst' }) },
    { method: 'GET', route: '/api/users', path: () => '/api/users?role=analyst', allow: adminOnly },
    { method: 'PATCH', route: '/api/users/{id}', path: () => `/api/users/${staffId}`, allow: adminOnly, body: () => ({ status: 'active' }) },
    { method: 'POST', route: '/api/partners', path: () => '/api/partners', allow: adminOnly, body: () => ({ name: fresh('Partner'), tier: 'bronze', contact_email: `${fresh('p')}@matrix.example` }) },
    { method: 'GET', route: '/api/partners', path: () => '/api/partners', allow: adminOnly },
    { method: 'POST', route: '/api/partners/imports', path: () => '/api/partners/imports', allow: adminOnly, file: () => partnerFile() },
    { method: 'GET', route: '/api/partners/imports/{id}', path: () => `/api/partners/imports/${partnerImport}`, allow: adminOnly },
    { method: 'GET', route: '/api/partners/imports/{id}/errors.csv', path: () => `/api/partners/imports/${partnerImport}/errors.csv`, allow: adminOnly },
    { method: 'GET', route: '/api/partners/imports/{id}/invites.csv', path: () => `/api/partners/imports/${partnerImport}/invites.csv`, allow: adminOnly },
    { method: 'GET', route: '/api/partners/{id}', path: () => `/api/partners/${partnerA.id}`, allow: adminOnly },
    { method: 'PATCH', route: '/api/partners/{id}', path: () => `/api/partners/${partnerA.id}`, allow: adminOnly, body: () => ({ name: 'Matrix A' }) },
    { method: 'POST', route: '/api/partners/{id}/approve', path: () => `/api/partners/${pending.id}/approve`, allow: adminOnly },
    { method: 'POST', route: '/api/partners/{id}/invite', path: () => `/api/partners/${invitedPartner}/invite`, allow: adminOnly },
    { method: 'POST', route: '/api/partners/{id}/suspend', path: () => `/api/partners/${toSuspend.id}/suspend`, allow: adminOnly },
    { method: 'POST', route: '/api/products', path: () => '/api/products', allow: adminOnly, body: () => ({ name: 'Matrix product', sku: fresh('MX'), commission_rate: 5 }) },
    { method: 'GET', route: '/api/products', path: () => '/api/products', allow: partnersAndAdmins },
    { method: 'GET', route: '/api/products/{id}', path: () => `/api/products/${laptop}`, allow: partnersAndAdmins },
    {
      method: 'POST', route: '/api/spiffs', path: () => '/api/spiffs', allow: adminOnly, body: () => ({
        name: fresh('Spiff'), target_products: [laptop], assignment_type: 'individual', target_partners: [partnerB.id], incentive_amount: 1,
        incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-01-31',
      }),
    },
    { method: 'POST', route: '/api/spiffs/reach', path: () => '/api/spiffs/reach', allow: adminOnly, body: () => ({ assignment_type: 'tier', target_tiers: ['gold'] }) },
    { method: 'GET', route: '/api/spiffs', path: () => '/api/spiffs', allow: adminOnly },
    { method: 'GET', route: '/api/spiffs/{id}', path: () => `/api/spiffs/${spiffA}`, allow: adminOnly },
    { method: 'PATCH', route: '/api/spiffs/{id}', path: () => `/api/spiffs/${spiffA}`, allow: adminOnly, body: () => ({ name: 'Matrix spiff' }) },
    { method: 'POST', route: '/api/spiffs/{id}/cancel', path: () => `/api/spiffs/${spiffToCancel}/cancel`, allow: adminOnly },
    {
      method: 'POST', route: '/api/fulfillment/assignments', path: () => '/api/fulfillment/assignments', allow: adminOnly, body: () => ({
        partner_id: partnerB.id, product_ids: [laptop], assignment_type: 'product', start_date: '2024-01-01', end_date: '2024-12-31',
      }),
    },
    { method: 'GET', route: '/api/fulfillment/assignments', path: () => `/api/fulfillment/assignments?partner_id=${partnerA.id}`, allow: adminOnly },
    { method: 'GET', route: '/api/fulfillment/assignments/my-opportunities', path: () => '/api/fulfillment/assignments/my-opportunities', allow: partnersOnly },
    {
      method: 'POST', route: '/api/fulfillment/sales (for partner A)', path: () => '/api/fulfillment/sales', allow: { partnerA: 'allow', partnerB: 403, admin: 'allow' },
      body: () => ({ partner_id: partnerA.id, product_id: laptop, quantity: 1, unit_price: 10, sale_date: '2025-04-01', invoice_number: fresh('INV') }),
    },
    {
      method: 'POST', route: '/api/fulfillment/sales/{id}/returns (A\'s sale)', path: () => `/api/fulfillment/sales/${saleA.id}/returns`,
      allow: { partnerA: 'allow', partnerB: 404, admin: 'allow' }, body: () => ({ quantity: 1, reason: 'matrix' }),
    },
    { method: 'POST', route: '/api/fulfillment/sales/imports', path: () => '/api/fulfillment/sales/imports', allow: partnersAndAdmins, file: () => saleFileOfA() },
    { method: 'GET', route: '/api/fulfillment/sales/imports/{id} (A\'s import)', path: () => `/api/fulfillment/sales/imports/${importA}`, allow: { partnerA: 'allow', partnerB: 404, admin: 'allow' } },
    {
      method: 'GET', route: '/api/fulfillment/sales/imports/{id}/errors.csv (A\'s import)', path: () => `/api/fulfillment/sales/imports/${importA}/errors.csv`,
      allow: { partnerA: 'allow', partnerB: 404, admin: 'allow' },
    },
    {
      method: 'POST', route: '/api/fulfillment/sales/{id}/attachments (A\'s sale)', path: () => `/api/fulfillment/sales/${saleA.id}/attachments`,
      allow: { partnerA: 'allow', partnerB: 404, analyst: 403, admin: 'allow' }, proof: proofPng,
    },
    {
      method: 'GET', route: '/api/fulfillment/sales/{id}/attachments/{attachment_id} (A\'s)', path: () => `/api/fulfillment/sales/${saleA.id}/attachments/${attachmentA}`,
      allow: { partnerA: 'allow', partnerB: 404, analyst: 403, admin: 'allow' },
    },
    { method: 'GET', route: '/api/fulfillment/sales/my-sales', path: () => '/api/fulfillment/sales/my-sales', allow: partnersOnly },
    { method: 'GET', route: '/api/fulfillment/milestones/my-progress', path: () => '/api/fulfillment/milestones/my-progress', allow: partnersOnly },
    { method: 'GET', route: '/api/commissions', path: () => '/api/commissions', allow: adminOnly },
    { method: 'GET', route: '/api/commissions/export.csv', path: () => '/api/commissions/export.csv', allow: adminOnly },
    { method: 'GET', route: '/api/commissions/{id}', path: () => `/api/commissions/${lines[0]}`, allow: adminOnly },
    { method: 'GET', route: '/api/commissions/reviews', path: () => '/api/commissions/reviews?status=awaiting_review', allow: adminOnly },
    // No line of the matrix awaits review: past the guard the admin gets a 404 for an id that names no line, everyone else never gets that far.
    {
      method: 'POST', route: '/api/commissions/{id}/review', path: () => '/api/commissions/00000000-0000-4000-8000-000000000000/review', allow: { admin: 404 },
      body: () => ({ decision: 'approve', reason: 'matrix' }),
    },
    {
      method: 'POST', route: '/api/commissions/review', path: () => '/api/commissions/review', allow: { admin: 404 },
      body: () => ({ ids: ['00000000-0000-4000-8000-000000000000'], decision: 'decline', reason: 'matrix' }),
    },
    { method: 'POST', route: '/api/commissions/{id}/approve', path: () => `/api/commissions/${lines[0]}/approve`, allow: adminOnly },
    { method: 'POST', route: '/api/commissions/{id}/pay', path: () => `/api/commissions/${lines[1]}/pay`, allow: adminOnly, body: () => ({ payout_reference: 'MX-PAY-1' }) },
    { method: 'POST', route: '/api/commissions/{id}/reject', path: () => `/api/commissions/${lines[2]}/reject`, allow: adminOnly, body: () => ({ reason: 'matrix' }) },
    { method: 'POST', route: '/api/commissions/approve', path: () => '/api/commissions/approve', allow: adminOnly, body: () => ({ ids: [lines[3]] }) },
    { method: 'POST', route: '/api/commissions/pay', path: () => '/api/commissions/pay', allow: adminOnly, body: () => ({ ids: [lines[4]], payout_reference: 'MX-PAY-2' }) },
    { method: 'POST', route: '/api/commissions/reject', path: () => '/api/commissions/reject', allow: adminOnly, body: () => ({ ids: [lines[5]], reason: 'matrix' }) },
    // Opened once by A (a second open would be 409); B does not see A's line.
    { method: 'POST', route: '/api/commissions/{id}/disputes (A\'s line)', path: () => `/api/commissions/${lines[3]}/disputes`, allow: { partnerA: 'allow', partnerB: 404 }, body: () => ({ reason: 'matrix' }) },
    { method: 'GET', route: '/api/disputes', path: () => '/api/disputes', allow: { partnerA: 'allow', partnerB: 'allow', admin: 'allow' } },
    { method: 'GET', route: '/api/disputes/{id} (A\'s)', path: () => `/api/disputes/${disputeA}`, allow: { partnerA: 'allow', partnerB: 404, admin: 'allow' } },
    // Files on a dispute: its partner attaches (while it is open); its partner and admins download; B is told neither exists.
    {
      method: 'POST', route: '/api/disputes/{id}/attachments (A\'s open dispute)', path: () => `/api/disputes/${disputeA}/attachments`,
      allow: { partnerA: 'allow', partnerB: 404 }, proof: proofPng,
    },
    {
      method: 'GET', route: '/api/disputes/{id}/attachments/{attachment_id} (A\'s)', path: () => `/api/disputes/${disputeA}/attachments/${disputeFileA}`,
      allow: { partnerA: 'allow', partnerB: 404, analyst: 403, admin: 'allow' },
    },
    {
      method: 'POST', route: '/api/disputes/{id}/resolve', path: () => `/api/disputes/${disputeToResolve}/resolve`, allow: adminOnly,
      body: () => ({ outcome: 'declined', answer: 'matrix' }),
    },
    { method: 'GET', route: '/api/fulfillment/analytics/partner/{id} (A)', path: () => `/api/fulfillment/analytics/partner/${partnerA.id}`, allow: { partnerA: 'allow', partnerB: 403, analyst: 'allow', admin: 'allow' } },
    { method: 'GET', route: '/api/analytics/partners/{id} (A)', path: () => `/api/analytics/partners/${partnerA.id}`, allow: { partnerA: 'allow', partnerB: 403, analyst: 'allow', admin: 'allow' } },
    { method: 'GET', route: '/api/fulfillment/analytics/overview', path: () => '/api/fulfillment/analytics/overview', allow: analystsAndAdmins },
    { method: 'GET', route: '/api/analytics/overview', path: () => '/api/analytics/overview', allow: analystsAndAdmins },
    { method: 'GET', route: '/api/analytics/spiffs/{id}', path: () => `/api/analytics/spiffs/${spiffA}`, allow: analystsAndAdmins },
    {
      method: 'GET', route: '/api/analytics/timeseries', path: () => '/api/analytics/timeseries?metric=revenue&interval=month&from=2025-01-01&to=2025-12-31',
      allow: analystsAndAdmins,
    },
    { method: 'GET', route: '/api/analytics/dimensions', path: () => '/api/analytics/dimensions?kind=partner', allow: analystsAndAdmins },
    {
      method: 'GET', route: '/api/analytics/export.csv (for partner A)', path: () => `/api/analytics/export.csv?partner_id=${partnerA.id}`,
      allow: { partnerA: 'allow', partnerB: 'allow', analyst: 'allow', admin: 'allow' },
    },
    { method: 'GET', route: '/api/admin/dead-letters', path: () => '/api/admin/dead-letters', allow: adminOnly },
    // No dead letter exists: past the guard the admin gets a 404, everyone else never gets that far.
    { method: 'POST', route: '/api/admin/dead-letters/{id}/replay', path: () => '/api/admin/dead-letters/00000000-0000-4000-8000-000000000000/replay', allow: { admin: 404 } },
  ];

  /** Like GatewayClient.request, but a non-JSON answer (the CSV export) is kept as text, and a file goes as text/csv. */
  async function send(row: Row, token: string | undefined): Promise<{ status: number; body: any }> {
    const body = row.file || row.proof ? undefined : row.body?.() ?? (row.method === 'GET' ? undefined : {});
    const contentType = row.file ? 'text/csv' : body && 'application/json';
    let form: FormData | undefined;
    if (row.proof) {
      form = new FormData();
      form.append('file', new Blob([row.proof()], { type: 'image/png' }), 'proof.png');
    }
    const response = await fetch(`${running.platform.gatewayUrl}${row.path()}`, {
      method: row.method,
      // A form's content type (with its boundary) is fetch's to set.
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(contentType && { 'content-type': contentType }) },
      body: form ?? (row.file ? row.file() : body && JSON.stringify(body)),
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json');
    return { status: response.status, body: json && text ? JSON.parse(text) : text };
  }

  const expectedFor = (row: Row, caller: Caller): Expected =>
    row.public ? (row.allow[caller] ?? 'allow') : caller === 'anonymous' ? 401 : (row.allow[caller] ?? 403);

  const table = rows.flatMap((row) => CALLERS.map((caller) => ({ row, caller, expected: expectedFor(row, caller) })));

  it('covers every route with all five callers', () => {
    expect(table).toHaveLength(rows.length * CALLERS.length);
    console.log(`authorization matrix: ${rows.length} routes × ${CALLERS.length} callers = ${table.length} cases`);
  });

  it.each(table.map((t) => [t.row.method, t.row.route, t.caller, String(t.expected), t]))('%s %s as %s → %s', async (...args) => {
    const { row, caller, expected } = args[4] as (typeof table)[number];
    const result = await send(row, tokens[caller]);
    const outcome = result.status >= 200 && result.status < 300 ? 'allow' : result.status;
    expect({ caller, route: row.route, outcome, body: outcome === expected ? undefined : result.body })
      .toEqual({ caller, route: row.route, outcome: expected, body: undefined });
    if (expected === 401 || expected === 403) {
      expect({ route: row.route, status: ERROR_STATUS[result.body?.code as ErrorCode] }).toEqual({ route: row.route, status: expected });
    }
  });

  describe('a partner never reads or changes another partner\'s data', () => {
    it('B cannot log a sale for A, whatever partner id it sends; A\'s sales stay as they were', async () => {
      const before = (await api.get<Page<SaleView>>('/api/fulfillment/sales/my-sales?page_size=500', partnerA.token)).body.total;
      for (const partner_id of [partnerA.id, '00000000-0000-4000-8000-000000000000']) {
        const result = await api.post('/api/fulfillment/sales', {
          partner_id, product_id: laptop, quantity: 1, unit_price: 10, sale_date: '2025-04-02', invoice_number: fresh('INV'),
        }, partnerB.token);
        expect(result.status).toBe(403);
      }
      expect((await api.get<Page<SaleView>>('/api/fulfillment/sales/my-sales?page_size=500', partnerA.token)).body.total).toBe(before);
    });

    it('B cannot return units of A\'s sale (404, as if it did not exist); the sale is untouched', async () => {
      const result = await api.post(`/api/fulfillment/sales/${saleA.id}/returns`, { quantity: 1, reason: 'not mine' }, partnerB.token);
      expect(result.status).toBe(404);
      const mine = (await api.get<Page<SaleView>>('/api/fulfillment/sales/my-sales?page_size=500', partnerA.token)).body.items;
      const sale = mine.find((s) => s.id === saleA.id) as SaleView & { returned_quantity?: number };
      expect(sale).toBeDefined();
      // A's own return (the matrix's allow row) and the admin's are the only ones.
      expect(sale.returned_quantity ?? 0).toBeLessThanOrEqual(2);
    });

    it('B cannot read A\'s analytics by either path, nor any ledger or assignment list filtered to A', async () => {
      for (const path of [
        `/api/fulfillment/analytics/partner/${partnerA.id}`, `/api/analytics/partners/${partnerA.id}`,
        `/api/commissions?partner_id=${partnerA.id}`, `/api/commissions/${lines[0]}`, `/api/commissions/export.csv?partner_id=${partnerA.id}`,
        `/api/fulfillment/assignments?partner_id=${partnerA.id}`, `/api/partners/${partnerA.id}`,
        `/api/analytics/timeseries?metric=revenue&interval=month&from=2025-01-01&to=2025-12-31&partner_id=${partnerA.id}`,
      ]) {
        const result = await api.get(path, partnerB.token);
        expect({ path, status: result.status }).toEqual({ path, status: 403 });
        expect(JSON.stringify(result.body)).not.toContain(saleA.id);
      }
    });

    it("B's sales file asked for A holds B's sales only", async () => {
      const response = await fetch(`${running.platform.gatewayUrl}/api/analytics/export.csv?partner_id=${partnerA.id}`, { headers: { authorization: `Bearer ${partnerB.token}` } });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain(saleA.id);
      expect(text).not.toContain(partnerA.id);
    });

    it('B cannot widen its own lists with a partner id in the query or body', async () => {
      for (const path of [
        `/api/fulfillment/sales/my-sales?partner_id=${partnerA.id}`,
      ]) {
        expect((await api.get(path, partnerB.token)).status).toBe(400);
      }
      const returned = await api.post(`/api/fulfillment/sales/${saleB.id}/returns`, { quantity: 1, reason: 'x', partner_id: partnerA.id }, partnerB.token);
      expect(returned.status).toBe(400);
    });

    it('my-sales, my-opportunities and my-progress of B never contain A\'s data, and A\'s never B\'s', async () => {
      for (const [me, other, mySale, otherSale] of [[partnerB, partnerA, saleB, saleA], [partnerA, partnerB, saleA, saleB]] as const) {
        const sales = (await api.get<Page<SaleView>>('/api/fulfillment/sales/my-sales?page_size=500', me.token)).body;
        expect(sales.items.length).toBeGreaterThan(0);
        expect(sales.items.every((s) => s.partner_id === me.id)).toBe(true);
        expect(sales.items.map((s) => s.id)).toContain(mySale.id);
        expect(sales.items.map((s) => s.id)).not.toContain(otherSale.id);

        const opportunities = (await api.get<{ opportunities: Array<Opportunity & { partner_id?: string }> }>('/api/fulfillment/assignments/my-opportunities', me.token)).body.opportunities;
        expect(opportunities.length).toBeGreaterThan(0);
        const theirs = (await api.get<Page<{ id: string }>>(`/api/fulfillment/assignments?partner_id=${other.id}&page_size=500`, admin())).body.items.map((a) => a.id);
        expect(theirs.length).toBeGreaterThan(0);
        for (const o of opportunities) {
          expect(theirs).not.toContain(o.assignment_id);
          if (o.partner_id !== undefined) expect(o.partner_id).toBe(me.id);
        }

        const progress = (await api.get<{ milestones: Array<{ assignment_id?: string; partner_id?: string }> }>('/api/fulfillment/milestones/my-progress', me.token)).body.milestones;
        for (const m of progress) {
          if (m.assignment_id !== undefined) expect(theirs).not.toContain(m.assignment_id);
          if (m.partner_id !== undefined) expect(m.partner_id).toBe(me.id);
        }
        expect(JSON.stringify({ sales, opportunities, progress })).not.toContain(other.id);
      }
    });

    it('a token whose partner_id was edited to A\'s is refused (401), so the partner always comes from a signed token', async () => {
      const [header, payload, signature] = (partnerB.token as string).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, partner_id: partnerA.id })).toString('base64url')}.${signature}`;
      for (const path of ['/api/fulfillment/sales/my-sales', `/api/analytics/partners/${partnerA.id}`]) {
        expect((await api.get(path, forged)).status).toBe(401);
      }
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.`;
      expect((await api.get('/api/commissions', unsigned)).status).toBe(401);
    });
  });
});

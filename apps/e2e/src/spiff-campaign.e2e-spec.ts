import type { Pool } from 'pg';
import { ErrorCode, Events } from '@spiffworks/contracts';
import type { EventEnvelope, Opportunity, SpiffView } from '@spiffworks/contracts';
import type { PlatformConfig } from '@spiffworks/runtime';
import {
  GatewayClient, TestBroker, countRows, eventually, openServiceDb,
} from '@spiffworks/testing';
import { E2E_ADMIN, createPartner, startPlatform, stopPlatform, mapLimit } from './support';
import type { CreatedPartner, RunningPlatform } from './support';


describe('the seed scenario, steps 1-3, through the gateway', () => {
  let running: RunningPlatform;
  let config: PlatformConfig;
  let api: GatewayClient;
  let admin: string;
  let laptopId: string;
  let monitorId: string;
  let gold: CreatedPartner;
  let platinum: CreatedPartner;
  let silver: CreatedPartner;
  let pendingGold: CreatedPartner;
  let tierSpiff: SpiffView;

  beforeAll(async () => {
    running = await startPlatform();
    ({ config, api, admin } = running);
  });

  afterAll(() => stopPlatform(running));

  const opportunities = async (token: string | undefined): Promise<Opportunity[]> => {
    const result = await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', token);
    if (result.status !== 200) throw new Error(`my-opportunities: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body.opportunities;
  };
  const forSpiff = (spiffId: string) => (list: Opportunity[]) => list.filter((o) => o.spiff?.id === spiffId);
  const assignmentCount = async (spiffId: string): Promise<number> =>
    (await api.get<{ assignment_count: number }>(`/api/spiffs/${spiffId}`, admin)).body.assignment_count;

  it('answers /health with every service, database and broker up', async () => {
    const health = await api.get('/health');
    expect(health.status).toBe(200);
    expect(Object.keys(health.body.services).sort()).toEqual(['analytics', 'campaigns', 'commissions', 'fulfillment', 'partners']);
    for (const checks of Object.values(health.body.services)) expect(checks).toEqual({ database: 'up', broker: 'up' });
  });

  it('logs in with a token, and refuses wrong credentials and missing tokens with 401', async () => {
    const login = await api.post('/api/auth/login', E2E_ADMIN);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ access_token: expect.any(String), user: { email: E2E_ADMIN.email, role: 'admin', partner_id: null } });
    expect((await api.post('/api/auth/login', { ...E2E_ADMIN, password: 'wrong-password' })).status).toBe(401);
    expect((await api.get('/api/partners')).status).toBe(401);
    expect((await api.get('/api/partners', 'not-a-token')).status).toBe(401);
  });

  it('step 1: the admin creates products and partners', async () => {
    const laptop = await api.post('/api/products', { name: 'Test Laptop Pro', sku: 'LAP-PRO', commission_rate: 10, commission_rates: { gold: 12, platinum: 15 } }, admin);
    expect(laptop.status).toBe(201);
    laptopId = laptop.body.id;
    monitorId = (await api.post('/api/products', { name: 'Monitor 27', sku: 'MON-27', commission_rate: 5 }, admin)).body.id;

    gold = await createPartner(api, admin, 'gold', { name: 'TechCorp Partners Inc.' });
    platinum = await createPartner(api, admin, 'platinum');
    silver = await createPartner(api, admin, 'silver');
    pendingGold = await createPartner(api, admin, 'gold', { approve: false });
    const pending = await api.get(`/api/partners/${pendingGold.id}`, admin);
    expect(pending.body).toMatchObject({ status: 'pending', tier: 'gold' });
  });

  it('step 2: a tier spiff for gold and platinum reaches every approved partner of those tiers at once', async () => {
    const created = await api.post<SpiffView>('/api/spiffs', {
      name: 'Q4 Laptop Promotion', target_products: [laptopId], assignment_type: 'tier', target_tiers: ['gold', 'platinum'],
      incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31',
    }, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Q4 Laptop Promotion', status: 'active', incentive_amount: 100 });
    tierSpiff = created.body;

    const [goldOpportunity] = await eventually(() => opportunities(gold.token).then(forSpiff(tierSpiff.id)), (l) => l.length === 1);
    expect(goldOpportunity).toMatchObject({
      assignment_id: expect.any(String),
      assignment_type: 'spiff',
      spiff: { name: 'Q4 Laptop Promotion', incentive_amount: 100, incentive_type: 'fixed' },
      products: [{ id: laptopId, name: 'Test Laptop Pro', commission_rate: 12 }],
      target_quantity: null,
      actual_quantity: 0,
      start_date: '2025-01-01',
      end_date: '2025-03-31',
      status: 'active',
    });
    const [platinumOpportunity] = await eventually(() => opportunities(platinum.token).then(forSpiff(tierSpiff.id)), (l) => l.length === 1);
    expect(platinumOpportunity.products).toEqual([expect.objectContaining({ commission_rate: 15 })]);

    expect(await assignmentCount(tierSpiff.id)).toBe(2);
    expect(forSpiff(tierSpiff.id)(await opportunities(silver.token))).toEqual([]);
    expect(await opportunities(pendingGold.token)).toEqual([]);
  });

  it('an individual spiff reaches exactly the listed approved partners', async () => {
    const created = await api.post<SpiffView>('/api/spiffs', {
      name: 'Monitor push', target_products: [monitorId], assignment_type: 'individual',
      target_partners: [gold.id, silver.id, pendingGold.id], incentive_amount: 5, incentive_type: 'percentage',
      start_date: '2025-01-01', end_date: '2025-06-30',
    }, admin);
    expect(created.status).toBe(201);
    await eventually(() => assignmentCount(created.body.id), (n) => n === 2);
    expect(forSpiff(created.body.id)(await opportunities(silver.token))).toHaveLength(1);
    expect(forSpiff(created.body.id)(await opportunities(gold.token))).toHaveLength(1);
    expect(forSpiff(created.body.id)(await opportunities(platinum.token))).toEqual([]);
    expect(await opportunities(pendingGold.token)).toEqual([]);
  });

  it('the seed\'s manual assignment still works, and a second one for the same spiff and partner is a 409', async () => {
    const body = {
      partner_id: silver.id, spiff_id: tierSpiff.id, product_ids: [laptopId], assignment_type: 'spiff',
      start_date: '2025-01-01', end_date: '2025-03-31', target_quantity: 50,
    };
    const manual = await api.post('/api/fulfillment/assignments', body, admin);
    expect(manual.status).toBe(201);
    expect(manual.body).toMatchObject({ partner_id: silver.id, spiff_id: tierSpiff.id, target_quantity: 50, status: 'active' });
    const [seen] = forSpiff(tierSpiff.id)(await opportunities(silver.token));
    expect(seen).toMatchObject({ assignment_id: manual.body.id, target_quantity: 50, actual_quantity: 0, products: [{ commission_rate: 10 }] });
    expect((await api.post('/api/fulfillment/assignments', body, admin)).status).toBe(409);
  });

  it('a partner sees only its own opportunities and cannot act as an admin (403)', async () => {
    const mine = await opportunities(gold.token);
    const goldAssignments = await api.get(`/api/fulfillment/assignments?partner_id=${gold.id}&page_size=500`, admin);
    expect(mine.map((o) => o.assignment_id).sort()).toEqual(goldAssignments.body.items.map((a: { id: string }) => a.id).sort());

    const spiffBody = { ...tierSpiff, id: undefined, status: undefined, created_by: undefined, created_at: undefined, target_partners: undefined, description: undefined };
    for (const [method, path, body] of [
      ['POST', '/api/spiffs', spiffBody],
      ['POST', '/api/products', { name: 'x', sku: 'X-1', commission_rate: 1 }],
      ['POST', '/api/fulfillment/assignments', { partner_id: gold.id, product_ids: [laptopId], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-01-02' }],
      ['GET', '/api/partners', undefined],
      ['POST', `/api/partners/${pendingGold.id}/approve`, {}],
      ['GET', '/api/fulfillment/assignments', undefined],
    ] as const) {
      const result = await api.request(method, path, { body, token: gold.token });
      expect({ path, status: result.status }).toEqual({ path, status: 403 });
    }
    expect((await api.get('/api/fulfillment/assignments/my-opportunities', admin)).status).toBe(403);
  });

  it('an admin creates an analyst, who can sign in but cannot run campaigns', async () => {
    const created = await api.post('/api/users', { email: 'analyst@e2e.example', password: 'analyst-password', role: 'analyst' }, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'analyst@e2e.example', role: 'analyst', partner_id: null });
    expect((await api.post('/api/users', { email: 'analyst@e2e.example', password: 'analyst-password', role: 'analyst' }, admin)).status).toBe(409);
    expect((await api.post('/api/users', { email: 'p@e2e.example', password: 'partner-password', role: 'partner' }, admin)).status).toBe(400);
    const analyst = await api.login('analyst@e2e.example', 'analyst-password');
    expect((await api.get('/api/spiffs', analyst)).status).toBe(403);
    expect((await api.get('/api/fulfillment/assignments/my-opportunities', analyst)).status).toBe(403);
    expect((await api.post('/api/users', { email: 'x@e2e.example', password: 'whatever-123', role: 'admin' }, analyst)).status).toBe(403);
  });

  describe('bad spiff bodies get a 400 that names the problem, and create nothing', () => {
    const valid = (): Record<string, unknown> => ({
      name: 'Bad spiff', target_products: [laptopId], assignment_type: 'tier', target_tiers: ['gold'],
      incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31',
    });
    const cases: Array<[string, (b: Record<string, unknown>) => void, string]> = [
      ['missing name', (b) => delete b.name, 'name'],
      ['end before start', (b) => (b.end_date = '2024-12-31'), 'end_date must not be before start_date'],
      ['impossible date', (b) => (b.start_date = '2025-02-30'), 'start_date must be a real date written YYYY-MM-DD'],
      ['zero amount', (b) => (b.incentive_amount = 0), 'incentive_amount must be greater than 0'],
      ['negative amount', (b) => (b.incentive_amount = -10), 'incentive_amount must be greater than 0'],
      ['amount as a string', (b) => (b.incentive_amount = '100'), 'incentive_amount'],
      ['fractional cents', (b) => (b.incentive_amount = 10.005), 'incentive_amount'],
      ['percentage over 100', (b) => Object.assign(b, { incentive_type: 'percentage', incentive_amount: 150 }), 'incentive_amount must not exceed 100'],
      ['unknown incentive type', (b) => (b.incentive_type = 'bonus'), 'incentive_type'],
      ['empty tiers', (b) => (b.target_tiers = []), 'target_tiers must list at least one tier'],
      ['unknown tier', (b) => (b.target_tiers = ['diamond']), 'target_tiers'],
      ['no partners for an individual spiff', (b) => Object.assign(b, { assignment_type: 'individual', target_tiers: undefined }), 'target_partners must list at least one partner'],
      ['unknown partner', (b) => Object.assign(b, { assignment_type: 'individual', target_tiers: undefined, target_partners: ['00000000-0000-4000-8000-000000000001'] }), 'target_partners names unknown partners'],
      ['unknown product', (b) => (b.target_products = ['00000000-0000-4000-8000-000000000002']), 'target_products names unknown products'],
      ['product id not a uuid', (b) => (b.target_products = ['laptop-id']), 'target_products'],
      ['an extra field', (b) => (b.budget = 5), 'budget is not an allowed field'],
    ];

    it.each(cases)('%s', async (_, spoil, message) => {
      const campaignsDb = openServiceDb(config, 'campaigns');
      try {
        const before = await countRows(campaignsDb, 'SELECT count(*) FROM spiffs');
        const body = valid();
        spoil(body);
        const result = await api.post('/api/spiffs', body, admin);
        // Each message starts with the field it names.
        expect(result).toMatchObject({
          status: 400, body: { code: ErrorCode.VALIDATION_FAILED, errors: expect.arrayContaining([expect.objectContaining({ field: message.split(' ')[0] })]) },
        });
        expect(result.body.message).toContain(message);
        expect(await countRows(campaignsDb, 'SELECT count(*) FROM spiffs')).toBe(before);
      } finally {
        await campaignsDb.end();
      }
    });

    it('broken JSON', async () => {
      const result = await api.request('POST', '/api/spiffs', { raw: '{"name": ', token: admin });
      expect(result.status).toBe(400);
    });
  });

  describe('a tier spiff over 1,500 approved partners', () => {
    const FLEET = 1500;
    let fleetSpiff: SpiffView;
    let fulfillmentDb: Pool;

    beforeAll(() => {
      fulfillmentDb = openServiceDb(config, 'fulfillment');
    });
    afterAll(async () => {
      await fulfillmentDb?.end();
    });

    it('gives every one of them an assignment', async () => {
      await mapLimit(Array.from({ length: FLEET }, (_, i) => i), 16, () => createPartner(api, admin, 'bronze', { login: false }));
      await eventually(
        () => countRows(fulfillmentDb, `SELECT count(*) FROM partner_directory WHERE tier = 'bronze' AND status = 'approved'`),
        (n) => n === FLEET,
        { timeoutMs: 60_000 },
      );
      const created = await api.post<SpiffView>('/api/spiffs', {
        name: 'Bronze blitz', target_products: [laptopId, monitorId], assignment_type: 'tier', target_tiers: ['bronze'],
        incentive_amount: 25, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-12-31',
      }, admin);
      expect(created.status).toBe(201);
      fleetSpiff = created.body;
      await eventually(() => assignmentCount(fleetSpiff.id), (n) => n === FLEET, { timeoutMs: 60_000 });
    }, 10 * 60_000);

    it('a redelivered spiff.created adds none', async () => {
      const campaignsDb = openServiceDb(config, 'campaigns');
      const broker = await TestBroker.open(config);
      try {
        const { rows } = await campaignsDb.query<{ envelope: EventEnvelope }>(
          `SELECT envelope FROM outbox WHERE routing_key = $1 AND envelope->'payload'->>'id' = $2`,
          [Events.SpiffCreated, fleetSpiff.id],
        );
        expect(rows).toHaveLength(1);
        broker.publish(rows[0].envelope);
        await eventually(
          () => countRows(fulfillmentDb, 'SELECT redeliveries AS count FROM inbox WHERE id = $1', [rows[0].envelope.id]),
          (n) => n === 1,
        );
        expect(await assignmentCount(fleetSpiff.id)).toBe(FLEET);
        expect(await countRows(fulfillmentDb, 'SELECT count(*) FROM assignments WHERE spiff_id = $1', [fleetSpiff.id])).toBe(FLEET);
      } finally {
        await broker.close();
        await campaignsDb.end();
      }
    });
  });
});

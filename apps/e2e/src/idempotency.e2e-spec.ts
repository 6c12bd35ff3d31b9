import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayClient, countRows, eventually, openServiceDb } from '@spiffworks/testing';
import type { HttpResult } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';
import { ErrorCode } from '@spiffworks/contracts';

/** A POST with an `Idempotency-Key` header (GatewayClient sends none). */
async function postWithKey(baseUrl: string, path: string, body: unknown, token: string, key: string): Promise<HttpResult> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

interface CreatingPost {
  name: string;
  path: () => string;
  /** Two bodies that each create one row: `body`, and `other` (used with the same key → 422). */
  body: () => Record<string, unknown>;
  other: () => Record<string, unknown>;
  /** The first caller, and another one allowed to make the same POST. */
  caller: () => string;
  otherCaller: () => string;
  /** The owning service, and the rows of the resource in its database. */
  service: 'partners' | 'campaigns' | 'fulfillment';
  rows: () => Promise<number>;
}

describe('Idempotency-Key on every POST that creates something', () => {
  let running: RunningPlatform;
  let config: PlatformConfig;
  let api: GatewayClient;
  let baseUrl: string;
  let admin: string;
  let secondAdmin: string;
  let partner: CreatedPartner;
  let laptop: string;
  let bigSale: string;
  const dbs: Record<'partners' | 'campaigns' | 'fulfillment', Pool> = {} as never;
  let unique = 0;
  const next = () => `${Date.now()}-${unique++}`;

  beforeAll(async () => {
    running = await startPlatform();
    ({ config, api, admin } = running);
    baseUrl = running.platform.gatewayUrl;
    for (const service of ['partners', 'campaigns', 'fulfillment'] as const) dbs[service] = openServiceDb(config, service);
    expect((await api.post('/api/users', { email: 'second-admin@idem.example', password: 'second-admin-pw', role: 'admin' }, admin)).status).toBe(201);
    secondAdmin = await api.login('second-admin@idem.example', 'second-admin-pw');
    laptop = (await api.post('/api/products', { name: 'Laptop', sku: 'IDEM-LAPTOP', commission_rate: 10 }, admin)).body.id;
    partner = await createPartner(api, admin, 'gold');
    // The partner's assignment for its sales, once fulfillment has the partner and the product.
    await eventually(async () => (await api.post('/api/fulfillment/assignments', {
      partner_id: partner.id, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
    }, admin)).status, (status) => status === 201);
    bigSale = (await api.post('/api/fulfillment/sales', {
      partner_id: partner.id, product_id: laptop, quantity: 100, unit_price: 10, sale_date: '2025-01-20',
    }, partner.token)).body.id;
  });

  afterAll(async () => {
    await Promise.all(Object.values(dbs).map((db) => db.end()));
    await stopPlatform(running);
  });

  const count = (service: keyof typeof dbs, sql: string) => () => countRows(dbs[service], sql);
  const manualAssignment = (endDate: string) => () => ({
    partner_id: partner.id, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: endDate,
  });
  // Platinum has no approved partner here, so these spiffs assign nobody and leave the assignment count alone.
  const spiff = (amount: number) => () => ({
    name: `Spiff ${amount}`, target_products: [laptop], assignment_type: 'tier', target_tiers: ['platinum'],
    incentive_amount: amount, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31',
  });

  const posts: CreatingPost[] = [
    {
      name: 'users', path: () => '/api/users',
      body: () => ({ email: `staff-${next()}@idem.example`, password: 'a-staff-password', role: 'analyst' }),
      other: () => ({ email: `staff-${next()}@idem.example`, password: 'a-staff-password', role: 'admin' }),
      caller: () => admin, otherCaller: () => secondAdmin, service: 'partners', rows: count('partners', 'SELECT count(*) FROM users'),
    },
    {
      name: 'partners', path: () => '/api/partners',
      body: () => ({ name: 'Idem Partner', tier: 'silver', contact_email: `p-${next()}@idem.example`, password: 'partner-password' }),
      other: () => ({ name: 'Idem Partner', tier: 'bronze', contact_email: `p-${next()}@idem.example` }),
      caller: () => admin, otherCaller: () => secondAdmin, service: 'partners', rows: count('partners', 'SELECT count(*) FROM partners'),
    },
    {
      name: 'products', path: () => '/api/products',
      body: () => ({ name: 'Monitor', sku: `MON-${next()}`, commission_rate: 5, commission_rates: { gold: 6, platinum: 7 } }),
      other: () => ({ name: 'Monitor', sku: `MON-${next()}`, commission_rate: 4 }),
      caller: () => admin, otherCaller: () => secondAdmin, service: 'campaigns', rows: count('campaigns', 'SELECT count(*) FROM products'),
    },
    {
      name: 'spiffs', path: () => '/api/spiffs', body: spiff(100), other: spiff(150),
      caller: () => admin, otherCaller: () => secondAdmin, service: 'campaigns', rows: count('campaigns', 'SELECT count(*) FROM spiffs'),
    },
    {
      name: 'manual assignments', path: () => '/api/fulfillment/assignments', body: manualAssignment('2025-06-30'), other: manualAssignment('2025-09-30'),
      caller: () => admin, otherCaller: () => secondAdmin, service: 'fulfillment', rows: count('fulfillment', 'SELECT count(*) FROM assignments'),
    },
    {
      name: 'sales', path: () => '/api/fulfillment/sales',
      body: () => ({ partner_id: partner.id, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-02-01' }),
      other: () => ({ partner_id: partner.id, product_id: laptop, quantity: 3, unit_price: 1000, sale_date: '2025-02-01' }),
      caller: () => partner.token as string, otherCaller: () => admin, service: 'fulfillment', rows: count('fulfillment', 'SELECT count(*) FROM sales'),
    },
    {
      name: 'sale returns', path: () => `/api/fulfillment/sales/${bigSale}/returns`, body: () => ({ quantity: 1, reason: 'damaged' }), other: () => ({ quantity: 2, reason: 'damaged' }),
      caller: () => partner.token as string, otherCaller: () => admin, service: 'fulfillment', rows: count('fulfillment', 'SELECT count(*) FROM sale_returns'),
    },
  ];

  describe.each(posts.map((p) => [p.name, p] as const))('POST for %s', (_, post) => {
    it('replays the first response for the same key and body, and creates one row', async () => {
      const key = randomUUID();
      const body = post.body();
      const before = await post.rows();
      const first = await postWithKey(baseUrl, post.path(), body, post.caller(), key);
      expect(first.status).toBe(201);
      const again = await postWithKey(baseUrl, post.path(), body, post.caller(), key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
      expect(await post.rows()).toBe(before + 1);
      expect(await countRows(dbs[post.service], 'SELECT count(*) FROM idempotency_keys WHERE key = $1 AND response IS NOT NULL', [key])).toBe(1);
    });

    it('answers 422 for the same key with another body, and creates nothing', async () => {
      const key = randomUUID();
      const body = post.body();
      const first = await postWithKey(baseUrl, post.path(), body, post.caller(), key);
      expect(first.status).toBe(201);
      const before = await post.rows();
      const conflicting = await postWithKey(baseUrl, post.path(), post.other(), post.caller(), key);
      expect(conflicting.status).toBe(422);
      expect(conflicting.body.code).toBe(ErrorCode.IDEMPOTENCY_KEY_REUSED);
      expect(conflicting.body.message).toBe(`Idempotency-Key ${key} was already used with a different request`);
      expect(await post.rows()).toBe(before);
    });

    it('keeps each caller\'s keys apart: another user\'s request with the same key is its own', async () => {
      const key = randomUUID();
      const before = await post.rows();
      const mine = await postWithKey(baseUrl, post.path(), post.body(), post.caller(), key);
      const theirs = await postWithKey(baseUrl, post.path(), post.other(), post.otherCaller(), key);
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(await post.rows()).toBe(before + 2);
    });

    it('creates one row for concurrent requests with the same key, and answers each the same', async () => {
      const key = randomUUID();
      const body = post.body();
      const before = await post.rows();
      const results = await Promise.all(Array.from({ length: 5 }, () => postWithKey(baseUrl, post.path(), body, post.caller(), key)));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      for (const result of results) expect(result.body).toEqual(results[0].body);
      expect(await post.rows()).toBe(before + 1);
    });
  });

  it('leaves a POST without the header as it was: each one creates', async () => {
    const body = { partner_id: partner.id, product_id: laptop, quantity: 1, unit_price: 10, sale_date: '2025-03-01' };
    const before = await countRows(dbs.fulfillment, 'SELECT count(*) FROM sales');
    expect((await api.post('/api/fulfillment/sales', body, partner.token)).status).toBe(201);
    expect((await api.post('/api/fulfillment/sales', body, partner.token)).status).toBe(201);
    expect(await countRows(dbs.fulfillment, 'SELECT count(*) FROM sales')).toBe(before + 2);
  });

  it.each([
    ['empty', ''],
    ['longer than 200 characters', 'k'.repeat(201)],
    ['holding a space', 'my key'],
  ])('refuses a key %s with 400 naming the header, and creates nothing', async (_, key) => {
    const before = await countRows(dbs.campaigns, 'SELECT count(*) FROM products');
    const result = await postWithKey(baseUrl, '/api/products', { name: 'Cable', sku: `CAB-${next()}`, commission_rate: 1 }, admin, key);
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([{ field: 'Idempotency-Key', reason: 'must be 1 to 200 visible ASCII characters' }]);
    expect(await countRows(dbs.campaigns, 'SELECT count(*) FROM products')).toBe(before);
  });

  it('records no key for a rejected request: the corrected request with that key creates', async () => {
    const key = randomUUID();
    const taken = await postWithKey(baseUrl, '/api/products', { name: 'Dup', sku: 'IDEM-LAPTOP', commission_rate: 1 }, admin, key);
    expect(taken.status).toBe(409);
    const fixed = await postWithKey(baseUrl, '/api/products', { name: 'Dup', sku: `DUP-${next()}`, commission_rate: 1 }, admin, key);
    expect(fixed.status).toBe(201);
  });

  it('treats the same key on another POST of the same service as another request (422)', async () => {
    const key = randomUUID();
    expect((await postWithKey(baseUrl, '/api/products', { name: 'Dock', sku: `DOCK-${next()}`, commission_rate: 2 }, admin, key)).status).toBe(201);
    const before = await countRows(dbs.campaigns, 'SELECT count(*) FROM spiffs');
    expect((await postWithKey(baseUrl, '/api/spiffs', spiff(10)(), admin, key)).status).toBe(422);
    expect(await countRows(dbs.campaigns, 'SELECT count(*) FROM spiffs')).toBe(before);
  });

  it('publishes the event of a replayed creation once', async () => {
    const key = randomUUID();
    const body = { name: 'Hub', sku: `HUB-${next()}`, commission_rate: 3 };
    const first = await postWithKey(baseUrl, '/api/products', body, admin, key);
    await postWithKey(baseUrl, '/api/products', body, admin, key);
    const events = await countRows(
      dbs.campaigns,
      `SELECT count(*) FROM outbox WHERE routing_key = 'product.created' AND envelope->'payload'->>'id' = $1`,
      [first.body.id],
    );
    expect(events).toBe(1);
  });
});

import fc from 'fast-check';
import type { Pool } from 'pg';
import { GatewayClient, eventually, openServiceDb } from '@spiffworks/testing';
import { E2E_ADMIN, createPartner, mapLimit, startPlatform, stopPlatform } from '../support';
import type { CreatedPartner, RunningPlatform } from '../support';
import { caseLabels, routeArbitrary, routeCases, templateOf, validQuery } from './cases';
import type { CaseSource, Hostile, RouteContext } from './cases';
import { UNKNOWN_ID, UNSTATED_LIMITS, knownIds, routeKey, semanticCases, validBodies, validFiles } from './context';
import type { Fixtures } from './context';
import type { ApiDocument } from './document';
import { judge } from './judge';
import { deriveRoutes, literalSegments, queryParameterNames } from './routes';
import type { Caller, RouteSpec } from './routes';
import { changedTables, snapshot } from './snapshot';

/**
 * Thousands of generated malformed requests across every route the gateway's API document lists,
 * each field wrong by the limits the document states, sent with valid tokens so that validation
 * (not authorization) is what answers. Every one must be a 4xx the document lists for the route,
 * with a code it lists and a message saying what is wrong, and no service database (outbox and
 * inbox included) may change.
 */

/** A new route adds its own share of requests rather than thinning the others'. */
const REQUESTS_PER_ROUTE = 250;
const CONCURRENCY = 8;
const SEED = Number(process.env.HOSTILE_SEED ?? Date.now() % 1_000_000);
const DATABASES = ['partners', 'campaigns', 'fulfillment', 'commissions', 'analytics'] as const;
const ANALYST = { email: 'analyst@hostile.example', password: 'analyst-password' };

describe('hostile input: generated malformed requests on every documented route are 4xx with a reason, and change nothing', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let fixtures: Fixtures;
  let tokens: Record<Caller, string | undefined>;
  let routes: RouteSpec[];
  let document: ApiDocument;
  const dbs: Record<string, Pool> = {};

  beforeAll(async () => {
    running = await startPlatform();
    api = running.api;
    for (const service of DATABASES) dbs[service] = openServiceDb(running.config, service);
    let partnerA: CreatedPartner;
    ({ fixtures, partnerA } = await seed(api, running.admin));
    tokens = { admin: running.admin, partner: partnerA.token, analyst: await api.login(ANALYST.email, ANALYST.password), anonymous: undefined };
    document = (await api.get<ApiDocument>('/api/docs-json')).body;
    routes = deriveRoutes(document, UNSTATED_LIMITS);
    await untilIdle(dbs);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(Object.values(dbs).map((db) => db.end()));
    await stopPlatform(running);
  });

  /** Every case of a route, with the ids and bodies the document cannot give. */
  function casesOf(route: RouteSpec): CaseSource[] {
    const ids = knownIds(fixtures);
    const pathIds = Object.fromEntries(route.pathParams.map((p) => [p.name, ids[p.resource] ?? UNKNOWN_ID]));
    const context: RouteContext = {
      template: validBodies(fixtures)[routeKey(route)],
      pathIds,
      literals: literalSegments(document),
      queryNames: queryParameterNames(document),
      semantic: [],
    };
    context.semantic = semanticCases(fixtures, route, pathIds, templateOf(route, context));
    return routeCases(route, context);
  }

  it(`${REQUESTS_PER_ROUTE} generated malformed requests per route: all 4xx the document lists, with a message naming the problem, no database changes`, async () => {
    const total = Number(process.env.HOSTILE_REQUESTS ?? REQUESTS_PER_ROUTE * routes.length);
    const plan = routes.map((route) => ({ route, cases: casesOf(route) }));
    const cases = Object.fromEntries(plan.map(({ route, cases: c }) => [route.name, new Set(caseLabels(c)).size]));
    console.log(`hostile input: ${plan.length} routes from the API document, ${Object.values(cases).reduce((a, b) => a + b, 0)} cases; ` +
      `cases per route ${JSON.stringify(cases)}`);
    const before = await snapshot(dbs);
    const arbitrary = fc.oneof(...plan.map(({ cases: c }) => routeArbitrary(c)));
    const requests = fc.sample(arbitrary, { numRuns: total, seed: SEED });
    const documented = new Map(routes.map((route) => [route.name, route.errors]));

    const histogram: Record<string, number> = {};
    const perRoute: Record<string, number> = {};
    const failures: string[] = [];
    const started = Date.now();
    await mapLimit(requests, CONCURRENCY, async (request) => {
      const answer = await send(request);
      histogram[answer.status] = (histogram[answer.status] ?? 0) + 1;
      perRoute[request.route] = (perRoute[request.route] ?? 0) + 1;
      const problem = judge(answer, { mentions: request.mentions, documented: documented.get(request.route) ?? {} });
      if (problem && failures.length < 200) failures.push(describeFailure(problem, request, answer));
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`hostile input: ${requests.length} requests over ${Object.keys(perRoute).length} routes in ${seconds} s (seed ${SEED}); ` +
      `statuses ${JSON.stringify(histogram)}; per route ${JSON.stringify(perRoute)}`);

    expect(failures.slice(0, 30)).toEqual([]);
    expect(requests.length).toBe(total);
    expect(total >= 10_000 || process.env.HOSTILE_REQUESTS !== undefined).toBe(true);
    expect(Object.keys(perRoute).sort()).toEqual(routes.map((r) => r.name).sort());

    // Give a relay or consumer that was (wrongly) woken time to write, then compare every table.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(changedTables(before, await snapshot(dbs))).toEqual([]);
  }, 300_000);

  it("controls: each route's unmutated body and query are accepted, so the rejections above came from the mutations", async () => {
    const bodies = validBodies(fixtures);
    const sent = new Set<string>();
    for (const route of routes) {
      const body = bodies[routeKey(route)];
      if (!body || route.pathParams.length || sent.has(routeKey(route))) continue;
      if (route.path.startsWith('/api/commissions/')) continue; // bulk moves are checked below, once
      if (route.path === '/api/spiffs/reach') continue; // a preview, checked below
      if (route.caller === 'anonymous') continue; // login: the hostile logins may have tripped its rate limit
      sent.add(routeKey(route));
      const result = await api.request(route.method, route.path, { body: body(), token: tokens[route.caller] });
      expect({ route: route.name, status: result.status, body: result.status < 300 ? undefined : result.body })
        .toEqual({ route: route.name, status: route.success, body: undefined });
    }
    // An upload route's own file, as CSV: accepted (202) where the hostile files were refused.
    for (const route of routes.filter((r) => r.upload)) {
      const file = validFiles(fixtures)[routeKey(route)];
      expect({ route: route.name, file: typeof file }).toEqual({ route: route.name, file: 'function' });
      const answer = await send({ route: route.name, kind: 'control', method: route.method, path: route.path, caller: route.caller, mentions: [], body: file(), contentType: 'text/csv' });
      expect({ route: route.name, status: answer.status }).toEqual({ route: route.name, status: route.success });
    }
    for (const route of routes.filter((r) => r.method === 'GET' && r.query.length && !r.pathParams.length)) {
      const path = `${route.path}?${new URLSearchParams(validQuery(route)).toString()}`;
      // Not `api.get`: the CSV export answers no JSON.
      const answer = await send({ route: route.name, kind: 'control', method: 'GET', path, caller: route.caller, mentions: [] });
      expect({ path, status: answer.status }).toEqual({ path, status: route.success });
    }
    const admin = running.admin;
    expect((await api.request('PATCH', `/api/partners/${fixtures.partnerA.id}`, { body: { name: 'Hostile A renamed', tier: 'platinum' }, token: admin })).status).toBe(200);
    expect((await api.post('/api/spiffs/reach', { assignment_type: 'tier', target_tiers: ['gold'] }, admin)).status).toBe(200);
    expect((await api.post('/api/commissions/approve', { ids: [fixtures.commissionId] }, admin)).status).toBe(200);
    expect((await api.post(`/api/commissions/${fixtures.commissionId}/pay`, { payout_reference: 'PAY-1' }, admin)).status).toBe(200);
    for (const path of ['/api/partners?tier=gold&status=approved', '/api/partners?q=hostile', '/api/users?role=analyst&q=hostile', '/api/commissions?status=pending&from=2025-01-01&to=2025-12-31',
      '/api/analytics/timeseries?metric=revenue&interval=month&from=2025-01-01&to=2025-12-31', '/api/fulfillment/assignments?page=1&page_size=500']) {
      expect({ path, status: (await api.get(path, admin)).status }).toEqual({ path, status: 200 });
    }
  });

  async function send(request: Hostile): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = {};
    const token = tokens[request.caller];
    if (token) headers.authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    try {
      const response = await fetch(`${running.platform.gatewayUrl}${request.path}`, { method: request.method, headers, body: request.body });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      return { status: 0, text: `fetch failed: ${(error as Error).message}` };
    }
  }
});

/** The records every route's cases refer to: two partners, two products, a spiff, a sale and its commission line. */
async function seed(api: GatewayClient, admin: string): Promise<{ fixtures: Fixtures; partnerA: CreatedPartner }> {
  const analyst = await api.post('/api/users', { ...ANALYST, role: 'analyst' }, admin);
  expect(analyst.status).toBe(201);
  const laptop = (await api.post('/api/products', { name: 'Hostile Laptop', sku: 'HOST-LAP', commission_rate: 10, commission_rates: { gold: 12 } }, admin)).body.id;
  const monitor = (await api.post('/api/products', { name: 'Hostile Monitor', sku: 'HOST-MON', commission_rate: 4 }, admin)).body.id;
  const partnerA = await createPartner(api, admin, 'gold', { name: 'Hostile A' });
  const partnerB = await createPartner(api, admin, 'silver', { name: 'Hostile B' });
  const spiff = await api.post('/api/spiffs', {
    name: 'Hostile spiff', target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold'], incentive_amount: 25,
    incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-12-31',
    milestones: [{ name: 'ten', metric: 'units', threshold: 10, reward_amount: 50 }],
  }, admin);
  expect(spiff.status).toBe(201);
  const manual = await eventually(async () => (await api.post('/api/fulfillment/assignments', {
    partner_id: partnerB.id, product_ids: [monitor], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
  }, admin)), (r) => r.status === 201);
  expect(manual.status).toBe(201);
  await eventually(async () => (await api.get('/api/fulfillment/assignments/my-opportunities', partnerA.token)).body.opportunities, (o: unknown[]) => o.length === 1);
  const sale = await api.post('/api/fulfillment/sales', {
    partner_id: partnerA.id, product_id: laptop, quantity: 2, unit_price: 100, sale_date: '2025-01-15', invoice_number: 'SEED-INV-1',
  }, partnerA.token);
  expect(sale.status).toBe(201);
  const line = await eventually(async () => (await api.get(`/api/commissions?partner_id=${partnerA.id}`, admin)).body.items, (items: unknown[]) => items.length === 1);
  await eventually(async () => (await api.get('/api/analytics/overview', admin)).body.overview?.total_sales, (n) => n === 1);
  return {
    partnerA,
    fixtures: {
      adminEmail: E2E_ADMIN.email, analyst: { ...ANALYST, id: analyst.body.id }, partnerA, partnerB, laptop, monitor,
      spiffId: spiff.body.id, commissionId: (line[0] as { id: string }).id, saleId: sale.body.id,
    },
  };
}

/** Waits until every relay and consumer is idle: two snapshots a while apart are the same. */
async function untilIdle(dbs: Record<string, Pool>): Promise<void> {
  let previous = await snapshot(dbs);
  await eventually(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const next = await snapshot(dbs);
    const same = JSON.stringify(next) === JSON.stringify(previous);
    previous = next;
    return same;
  }, (same) => same, { timeoutMs: 60_000, intervalMs: 0 });
}

function describeFailure(problem: string, request: Hostile, answer: { status: number; text: string }): string {
  return `${problem}\n    ${request.kind}: ${request.method} ${request.path.slice(0, 200)} as ${request.caller}` +
    `\n    body: ${(request.body ?? '').slice(0, 300)}${request.contentType ? ` (${request.contentType})` : ''}\n    answer: ${answer.status} ${answer.text.slice(0, 300)}`;
}

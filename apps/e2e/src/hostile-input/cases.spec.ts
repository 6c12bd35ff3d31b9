import fc from 'fast-check';
import { caseLabels, routeArbitrary, routeCases, validQuery } from './cases';
import type { CaseSource, Hostile, RouteContext } from './cases';
import { conforms } from './conformance';
import { UNKNOWN_ID, UNSTATED_LIMITS } from './context';
import { checkedInDocument } from './document.fixture';
import { deriveRoutes, literalSegments, queryParameterNames } from './routes';
import type { RouteSpec } from './routes';

const document = checkedInDocument();
const routes = deriveRoutes(document, UNSTATED_LIMITS);
const context = (route: RouteSpec, more: Partial<RouteContext> = {}): RouteContext => ({
  pathIds: Object.fromEntries(route.pathParams.map((p) => [p.name, UNKNOWN_ID])),
  literals: literalSegments(document),
  queryNames: queryParameterNames(document),
  semantic: [],
  ...more,
});
const casesOf = (route: RouteSpec, more?: Partial<RouteContext>): CaseSource[] => routeCases(route, context(route, more));
const named = (name: string): RouteSpec => routes.find((r) => r.name === name)!;
const sample = (source: CaseSource, numRuns = 200): Hostile[] => fc.sample(source.arbitrary, { numRuns, seed: 7 });

describe('routeCases: the cases of each documented route', () => {
  it('makes every body field, query parameter and path id of the document wrong', () => {
    const missing = routes.flatMap((route) => {
      const labels = new Set(caseLabels(casesOf(route)));
      const wanted = [
        ...(route.body?.fields ?? []).map((f) => `wrong value:${f.name}`),
        ...route.query.map((f) => `repeated query parameter:${f.name}`),
        ...route.pathParams.map((p) => `non-uuid id in path:${p.name}`),
      ];
      return wanted.filter((label) => !labels.has(label)).map((label) => `${route.name} ${label}`);
    });
    expect(missing).toEqual([]);
  });

  it('sends a wrong value for every query parameter with a type or limit to break', () => {
    const timeseries = new Set(caseLabels(casesOf(named('GET /api/analytics/timeseries (admin)'))));
    for (const name of ['metric', 'interval', 'from', 'to', 'partner_id', 'tier', 'product_id', 'spiff_id']) {
      expect(timeseries).toContain(`wrong query value:${name}`);
    }
  });

  it('sends each wrong value in an otherwise valid body, and names the field', () => {
    const sale = named('POST /api/fulfillment/sales (admin)');
    const fields = new Map(sale.body!.fields.map((f) => [f.name, f]));
    for (const source of casesOf(sale).filter((c) => c.kind === 'wrong value')) {
      for (const request of sample(source, 50)) {
        const body = JSON.parse(request.body!.replace(/\b1e400\b|\b\d{22,}\b/g, '0')) as Record<string, unknown>;
        const others = Object.entries(body).filter(([key]) => key !== source.target);
        expect(others.filter(([key, value]) => !conforms(fields.get(key)!.shape, value))).toEqual([]);
        expect(request.mentions).toEqual([source.target]);
      }
    }
  });

  it('refuses another route\'s query parameter (paging where there is none)', () => {
    const labels = caseLabels(casesOf(named('GET /api/analytics/timeseries (admin)')));
    expect(labels).toEqual(expect.arrayContaining(['foreign query parameter:page', 'foreign query parameter:page_size']));
    expect(labels).not.toContain('foreign query parameter:metric');
  });

  it('expects a 404 for an unknown id where the route documents one, and a refusal where a partner may see only its own', () => {
    expect(caseLabels(casesOf(named('GET /api/analytics/partners/:id (admin)')))).toContain('unknown id in path:id');
    const partner = casesOf(named('GET /api/analytics/partners/:id (partner)'));
    expect(caseLabels(partner)).toEqual(['non-uuid id in path:id', "another partner's id in path:id"]);
    expect(sample(partner[1])[0].mentions).toEqual([/own/i]);
  });

  it('sends the valid query with every query case, so only the mutation is wrong', () => {
    const query = validQuery(named('GET /api/analytics/timeseries (admin)'));
    expect(query).toMatchObject({ metric: 'revenue', interval: 'week', from: '2025-01-01', to: '2025-03-31' });
  });

  it('starts from the template the context gives, else from the document\'s example', () => {
    const sale = named('POST /api/fulfillment/sales (partner)');
    const extraFieldBody = (more?: Partial<RouteContext>) => sample(casesOf(sale, more).find((c) => c.kind === 'extra field')!, 1)[0].body!;
    expect(JSON.parse(extraFieldBody())).toMatchObject({ partner_id: '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70', unit_price: 1000 });
    expect(JSON.parse(extraFieldBody({ template: () => ({ invoice_number: 'MINE' }) }))).toMatchObject({ invoice_number: 'MINE' });
  });

  it('sends lists of objects with items of the wrong shape, such as a milestone that is an empty list', () => {
    const spiff = named('POST /api/spiffs');
    const milestones = casesOf(spiff).find((c) => c.target === 'milestones')!;
    const values = sample(milestones, 3000).map((r) => JSON.parse(r.body!.replace(/\b1e400\b/g, '0')).milestones as unknown);
    expect(values.some((v) => Array.isArray(v) && v.some((item) => Array.isArray(item) && item.length === 0))).toBe(true);
  });

  it('makes a file upload wrong in the ways a file can be, each one refused before any import is opened', () => {
    const upload = named('POST /api/fulfillment/sales/imports (admin)');
    const columns = upload.upload!.columns;
    const cases = casesOf(upload);
    expect(caseLabels(cases)).toEqual([
      'header missing columns', 'no header', 'column named twice', 'header is no CSV', 'empty file', 'separated by semicolons',
      'wrong content-type', 'bad charset', 'multipart without the file field', 'malformed multipart',
    ]);
    for (const request of cases.flatMap((c) => sample(c, 30))) {
      expect({ kind: request.kind, contentType: typeof request.contentType, mentions: request.mentions.length > 0 }).toEqual({ kind: request.kind, contentType: 'string', mentions: true });
    }
    for (const request of sample(cases.find((c) => c.kind === 'header missing columns')!, 100)) {
      const header = request.body!.split('\n')[0].split(',');
      expect(request.mentions.length).toBeGreaterThan(0);
      expect(request.mentions.filter((column) => header.includes(column as string))).toEqual([]);
      expect(columns.filter((c) => !header.includes(c))).toEqual(request.mentions);
    }
    // The file cases send the example's own rows, under a broken header.
    const [noHeader] = sample(cases.find((c) => c.kind === 'no header')!, 1);
    expect(noHeader.body).toBe(`${upload.upload!.rows.join('\n')}\n`);
  });

  it('gives every route requests, more to routes with more to get wrong', () => {
    const login = routeArbitrary(casesOf(named('POST /api/auth/login')));
    const spiffs = routeArbitrary(casesOf(named('POST /api/spiffs')));
    const product = routeArbitrary(casesOf(named('GET /api/products/:id (admin)')));
    expect(spiffs.weight).toBeGreaterThan(login.weight);
    expect(login.weight).toBeGreaterThan(product.weight);
    expect(product.weight).toBeGreaterThan(0);
  });

  it('names each request after its route and caller', () => {
    for (const route of routes) {
      const requests = fc.sample(routeArbitrary(casesOf(route)).arbitrary, { numRuns: 50, seed: 3 });
      expect(requests.filter((r) => r.route !== route.name || r.caller !== route.caller || r.method !== route.method || !r.mentions.length)).toEqual([]);
    }
  });
});

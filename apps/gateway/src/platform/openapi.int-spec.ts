import { randomUUID } from 'node:crypto';
import { ERROR_STATUS, ErrorCode } from '@spiffworks/contracts';
import type { INestApplication } from '@nestjs/common';
import type { PlatformConfig } from '@spiffworks/runtime';
import { isolatedConfig, removeNamespace } from '@spiffworks/testing';
import { createGatewayApp } from '../main';

type Operation = {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: any; $ref?: string }>;
  requestBody?: { content: Record<string, { schema?: any; examples?: Record<string, { value: any }> }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: any }>; headers?: Record<string, any> }>;
};
type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, any> };
};
type Route = { method: string; path: string };

const DOCS_PREFIX = '/api/docs';

/**
 * The routes the gateway really serves, read from the Express router Nest registered them on
 * (`/api/partners/:id` becomes `/api/partners/{id}`), without the docs' own routes.
 */
function servedRoutes(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance();
  const stack: Array<{ route?: { path: string | string[]; methods: Record<string, boolean> } }> = (express.router ?? express._router).stack;
  return stack
    .filter((layer) => layer.route)
    .flatMap(({ route }) =>
      [route!.path].flat().flatMap((path) =>
        Object.entries(route!.methods)
          .filter(([method, on]) => on && method !== '_all')
          .map(([method]) => ({ method, path: path.replace(/:(\w+)/g, '{$1}') })),
      ),
    )
    .filter((route) => !route.path.startsWith(DOCS_PREFIX));
}

const documented = (document: OpenApiDocument): Route[] =>
  Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => ({ method, path })));

const key = (route: Route): string => `${route.method.toUpperCase()} ${route.path}`;

const schemaName = (ref: string): string => ref.replace('#/components/schemas/', '');

/** A component schema's properties, following `allOf` (a subclass of another response class). */
function propertiesOf(document: OpenApiDocument, ref: string): Record<string, any> {
  const schema = document.components.schemas[schemaName(ref)];
  const inherited = (schema.allOf ?? []).filter((s: any) => s.$ref).map((s: any) => propertiesOf(document, s.$ref));
  return Object.assign({}, ...inherited, schema.properties, ...(schema.allOf ?? []).map((s: any) => s.properties ?? {}));
}

describe('gateway OpenAPI document (/api/docs-json) and UI (/api/docs)', () => {
  let config: PlatformConfig;
  let app: INestApplication;
  let baseUrl: string;
  let document: OpenApiDocument;
  let routes: Route[];

  beforeAll(async () => {
    config = isolatedConfig();
    app = await createGatewayApp(config);
    await app.listen(0);
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const response = await fetch(`${baseUrl}/api/docs-json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
    routes = servedRoutes(app);
  });

  afterAll(async () => {
    await app?.close();
    await removeNamespace(config);
  });

  it('serves an OpenAPI 3 document without a token', () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

    // Every reference resolves inside the document.
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    const unresolved = refs.filter((ref) => ref.split('/').reduce<any>((node, part) => node?.[part], document) === undefined);
    expect(unresolved).toEqual([]);
  });

  it('serves the Swagger UI as HTML without a token', async () => {
    const response = await fetch(`${baseUrl}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(/swagger-ui/i);
    // The page's own script and styles load too, and point the UI at the JSON document.
    const init = await fetch(`${baseUrl}/api/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('"openapi"');
    const css = await fetch(`${baseUrl}/api/docs/swagger-ui.css`);
    expect(css.status).toBe(200);
    await css.arrayBuffer();
  });

  it('documents every route the gateway serves, with its method, and nothing it does not serve', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map(key)).toEqual(expect.arrayContaining(['POST /api/spiffs', 'GET /api/fulfillment/analytics/partner/{id}', 'GET /health']));
    const inDocument = new Set(documented(document).map(key));
    expect(routes.map(key).filter((route) => !inDocument.has(route))).toEqual([]);
    const served = new Set(routes.map(key));
    expect([...inDocument].filter((route) => !served.has(route))).toEqual([]);
  });

  it('gives every operation a unique operationId, a summary, a tag and a success response with a body schema', () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const knownTags = new Set(((document as any).tags ?? []).map((t: { name: string }) => t.name));
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, summary: typeof (operation as any).summary }).toEqual({ where, summary: 'string' });
        expect({ where, tags: (operation as any).tags?.length ?? 0 }).toEqual({ where, tags: 1 });
        expect({ where, tag: knownTags.has((operation as any).tags?.[0]) }).toEqual({ where, tag: true });
        const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        expect({ where, success: success.length }).toEqual({ where, success: 1 });
        const content = success[0][1].content ?? {};
        expect({ where, schema: Object.values(content).some((c) => c.schema) }).toEqual({ where, schema: true });
      }
    }
  });

  it('declares bearer security exactly on the routes that answer 401 without a token', async () => {
    for (const route of routes) {
      const path = route.path.replace(/\{\w+\}/g, randomUUID());
      const response = await fetch(`${baseUrl}${path}`, { method: route.method.toUpperCase() });
      await response.arrayBuffer();
      const security = document.paths[route.path]?.[route.method]?.security ?? [];
      const protectedRoute = response.status === 401;
      expect({ route: key(route), bearer: security.some((s) => 'bearer' in s) }).toEqual({ route: key(route), bearer: protectedRoute });
      if (protectedRoute) {
        const unauthorized = document.paths[route.path][route.method].responses['401'];
        const problem = unauthorized?.content?.['application/problem+json']?.schema;
        expect({ route: key(route), error: problem?.allOf?.[0]?.$ref, codes: problem?.allOf?.[1]?.properties?.code?.enum }).toEqual({
          route: key(route),
          error: '#/components/schemas/ErrorResponse',
          codes: expect.arrayContaining([ErrorCode.UNAUTHENTICATED]),
        });
      }
    }
  });

  it('documents the problem details body and, per response, exactly the codes the route answers', () => {
    const error = document.components.schemas.ErrorResponse;
    const fields = ['type', 'title', 'status', 'detail', 'code', 'errors', 'statusCode', 'error', 'message'];
    expect(error.required).toEqual(expect.arrayContaining(fields));
    expect(error.properties.code.enum).toEqual(Object.values(ErrorCode));
    expect(document.components.schemas.FieldErrorResponse.required).toEqual(expect.arrayContaining(['field', 'reason']));
    const codesOf = (response: any): string[] => response?.content?.['application/problem+json']?.schema?.allOf?.[1]?.properties?.code?.enum;
    const badSale = document.paths['/api/fulfillment/sales'].post.responses;
    expect(codesOf(badSale['400'])).toEqual([ErrorCode.VALIDATION_FAILED, ErrorCode.MALFORMED_BODY]);
    expect(codesOf(badSale['409'])).toEqual(expect.arrayContaining([ErrorCode.INVOICE_ALREADY_USED, ErrorCode.IDEMPOTENCY_KEY_IN_USE]));
    expect(codesOf(badSale['422'])).toEqual(expect.arrayContaining([ErrorCode.SALE_NOT_COVERED, ErrorCode.IDEMPOTENCY_KEY_REUSED]));
    expect(codesOf(badSale['403'])).toEqual(expect.arrayContaining([ErrorCode.NOT_YOUR_PARTNER, ErrorCode.FORBIDDEN]));
    expect(codesOf(document.paths['/api/auth/login'].post.responses['429'])).toEqual([ErrorCode.TOO_MANY_LOGIN_ATTEMPTS]);
    // Every documented code answers with the status the one table gives it.
    for (const [path, item] of Object.entries<any>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        for (const [status, response] of Object.entries<any>(operation.responses ?? {})) {
          for (const code of codesOf(response) ?? []) {
            expect({ path, method, code, status: Number(status) }).toEqual({ path, method, code, status: ERROR_STATUS[code as ErrorCode] });
          }
        }
      }
    }
  });

  it("documents the spiff POST's request with the seed's example", () => {
    const body = document.paths['/api/spiffs'].post.requestBody!.content['application/json'];
    expect(body.examples?.seed.value).toMatchObject({
      name: 'Q4 Laptop Promotion',
      assignment_type: 'tier',
      target_tiers: ['gold', 'platinum'],
      incentive_amount: 100,
      incentive_type: 'fixed',
      start_date: '2025-01-01',
      end_date: '2025-03-31',
    });
    const schema = document.components.schemas[schemaName(body.schema.$ref)];
    expect(schema.required).toEqual(
      expect.arrayContaining(['name', 'target_products', 'assignment_type', 'incentive_amount', 'incentive_type', 'start_date', 'end_date']),
    );
    expect(schema.properties.name.example).toBe('Q4 Laptop Promotion');
    expect(schema.properties.incentive_amount).toMatchObject({ type: 'number', example: 100 });
    expect(schema.properties.incentive_type).toMatchObject({ enum: ['fixed', 'percentage'], example: 'fixed' });
    expect(schema.properties.start_date).toMatchObject({ format: 'date', example: '2025-01-01' });
    expect(schema.properties.end_date).toMatchObject({ format: 'date', example: '2025-03-31' });
    expect(schema.properties.target_tiers.items).toMatchObject({ enum: ['bronze', 'silver', 'gold', 'platinum'] });
    expect(schema.properties.target_products.items).toMatchObject({ type: 'string', format: 'uuid' });
  });

  it("documents the sale POST's request with the seed's example and its 240 + 200 = 440 answer", () => {
    const operation = document.paths['/api/fulfillment/sales'].post;
    const body = operation.requestBody!.content['application/json'];
    expect(body.examples?.seed.value).toMatchObject({ quantity: 2, unit_price: 1000, sale_date: '2025-01-15' });
    const schema = document.components.schemas[schemaName(body.schema.$ref)];
    expect(schema.required).toEqual(expect.arrayContaining(['partner_id', 'product_id', 'quantity', 'unit_price', 'sale_date']));
    expect(schema.properties.quantity).toMatchObject({ type: 'integer', minimum: 1, example: 2 });
    expect(schema.properties.unit_price).toMatchObject({ type: 'number', example: 1000 });
    expect(schema.properties.sale_date).toMatchObject({ format: 'date', example: '2025-01-15' });
    expect(schema.properties.partner_id).toMatchObject({ format: 'uuid' });

    const created = operation.responses['201'].content!['application/json'].schema.$ref;
    const sale = propertiesOf(document, created);
    expect([sale.revenue.example, sale.commission_amount.example, sale.spiff_bonus.example, sale.total_commission.example]).toEqual([
      2000, 240, 200, 440,
    ]);
  });

  it('documents the Idempotency-Key header on every POST that creates (201), and X-Request-Id everywhere', () => {
    const creates = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).filter(([, o]) => o.responses['201']).map(([method, o]) => ({ path, method, o })),
    );
    expect(creates.map((c) => c.path)).toEqual(
      expect.arrayContaining(['/api/users', '/api/partners', '/api/products', '/api/spiffs', '/api/fulfillment/assignments', '/api/fulfillment/sales', '/api/fulfillment/sales/{id}/returns']),
    );
    for (const { path, o } of creates) {
      const header = o.parameters?.find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect({ path, header: header?.schema?.maxLength }).toEqual({ path, header: 200 });
      expect({ path, required: header?.required ?? false }).toEqual({ path, required: false });
    }
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item)) {
        expect({ path, requestId: operation.parameters?.some((p) => p.in === 'header' && p.name === 'X-Request-Id') ?? false }).toEqual({
          path,
          requestId: true,
        });
        for (const response of Object.values(operation.responses)) expect(response.headers?.['X-Request-Id']).toBeDefined();
      }
    }
  });

  it("documents the main responses with the seed's numbers", () => {
    const okSchema = (path: string, method = 'get'): string => document.paths[path][method].responses['200'].content!['application/json'].schema.$ref;
    const spiffs = propertiesOf(document, okSchema('/api/spiffs'));
    expect(spiffs.items.items.$ref).toBeDefined();
    expect(Object.keys(propertiesOf(document, spiffs.items.items.$ref))).toEqual(expect.arrayContaining(['id', 'name', 'assignment_count']));
    expect(Object.keys(spiffs)).toEqual(expect.arrayContaining(['items', 'total', 'page', 'page_size']));

    const metrics = document.paths['/api/fulfillment/analytics/partner/{id}'].get.responses['200'].content!['application/json'] as any;
    expect(metrics.example.metrics).toMatchObject({ total_sales: 1, total_revenue: 2000, total_commission: 440 });
    const overview = document.paths['/api/fulfillment/analytics/overview'].get.responses['200'].content!['application/json'] as any;
    expect(overview.example).toMatchObject({
      overview: { total_sales: 1, total_revenue: 2000, total_commission: 440 },
      top_partners: [{ partner_name: 'TechCorp Partners Inc.', sales_count: 1, revenue: 2000, commission: 440 }],
    });
    const opportunities = document.paths['/api/fulfillment/assignments/my-opportunities'].get.responses['200'].content!['application/json'] as any;
    expect(opportunities.example.opportunities[0]).toMatchObject({
      spiff: { name: 'Q4 Laptop Promotion', incentive_amount: 100, incentive_type: 'fixed' },
      products: [{ name: 'Test Laptop Pro', commission_rate: 12 }],
      target_quantity: 50,
      actual_quantity: 0,
    });
    expect(Object.keys(propertiesOf(document, okSchema('/api/admin/dead-letters')))).toEqual(
      expect.arrayContaining(['items', 'total', 'unavailable_services']),
    );
    expect(Object.keys(propertiesOf(document, okSchema('/api/analytics/timeseries')))).toEqual(expect.arrayContaining(['points']));
    expect(document.paths['/api/commissions/export.csv'].get.responses['200'].content).toHaveProperty('text/csv');
    expect(document.paths['/api/analytics/export.csv'].get.responses['200'].content).toHaveProperty('text/csv');
  });
});

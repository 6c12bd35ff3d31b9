import { UNSTATED_LIMITS, tabledRoutes } from './context';
import { checkedInDocument } from './document.fixture';
import { errorCodesOf, operationsOf } from './document';
import type { ApiDocument, OperationObject } from './document';
import { callersOf, deriveRoutes, literalSegments, queryParameterNames } from './routes';
import type { RouteSpec } from './routes';
import type { Field, Shape } from './shapes';

const document = checkedInDocument();
const routes = deriveRoutes(document, UNSTATED_LIMITS);
const route = (name: string, from = routes): RouteSpec => {
  const found = from.find((r) => r.name === name);
  if (!found) throw new Error(`no route ${name} among ${from.map((r) => r.name).join(', ')}`);
  return found;
};
const field = (fields: Field[] | undefined, name: string): Field => {
  const found = fields?.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
};

describe('deriveRoutes: the routes and limits of the API document', () => {
  it('takes every operation that validates input, once per role that may call it', () => {
    const validating = operationsOf(document).filter(({ operation }) => '400' in errorCodesOf(operation));
    const derived = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(validating.filter(({ method, path }) => !derived.has(`${method} ${path}`))).toEqual([]);
    expect(routes.map((r) => r.name)).toEqual(expect.arrayContaining([
      'POST /api/fulfillment/sales (partner)', 'POST /api/fulfillment/sales (admin)', 'GET /api/products (admin)', 'GET /api/products (partner)',
      'POST /api/auth/login', 'GET /api/analytics/partners/:id (analyst)',
    ]));
  });

  it('sends a binary file (multipart `file`) to the proof and dispute-file uploads, and to no CSV upload', () => {
    expect(routes.filter((r) => r.binaryFile).map((r) => r.name).sort()).toEqual([
      'POST /api/disputes/:id/attachments', 'POST /api/fulfillment/sales/:id/attachments (admin)', 'POST /api/fulfillment/sales/:id/attachments (partner)',
    ]);
    expect(route('POST /api/disputes/:id/attachments')).toMatchObject({ caller: 'partner', success: 201, pathParams: [{ name: 'id', resource: 'dispute' }] });
    expect(route('POST /api/disputes/:id/attachments').errors['404']).toEqual(['DISPUTE_NOT_FOUND']);
  });

  it('leaves out what has nothing to send wrong: health, metrics, lists without parameters', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names.filter((n) => ['GET /health', 'GET /metrics', 'GET /api/fulfillment/assignments/my-opportunities'].includes(n))).toEqual([]);
  });

  it('reads each field with its limits, as the document states them', () => {
    const sale = route('POST /api/fulfillment/sales (partner)').body?.fields;
    expect(field(sale, 'quantity')).toMatchObject({ required: true, shape: { type: 'integer', minimum: 1, maximum: 100_000 } });
    expect(field(sale, 'unit_price').shape).toMatchObject({ type: 'number', minimum: 0.01, maximum: 1_000_000, decimals: 2 });
    expect(field(sale, 'sale_date').shape).toMatchObject({ type: 'string', format: 'date' });
    expect(field(sale, 'notes')).toMatchObject({ required: false, shape: { type: 'string', maxLength: 2000 } });
    const product = route('POST /api/products').body?.fields;
    expect(field(product, 'commission_rate').shape).toMatchObject({ minimum: 0, maximum: 100, decimals: 4 });
    expect(field(product, 'sku').shape).toMatchObject({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
  });

  it('follows references into nested schemas, with the limits the document leaves unstated', () => {
    const rates = field(route('POST /api/products').body?.fields, 'commission_rates').shape;
    expect(rates.type === 'object' && field(rates.fields, 'gold').shape).toMatchObject({ type: 'number', maximum: 100, decimals: 4 });
    const milestones = field(route('POST /api/spiffs').body?.fields, 'milestones').shape as Extract<Shape, { type: 'array' }>;
    expect(milestones).toMatchObject({ type: 'array', maxItems: 20, uniqueBy: 'name' });
    expect(milestones.items.type === 'object' && field(milestones.items.fields, 'reward_amount').shape).toMatchObject({ maximum: 1_000_000, decimals: 2 });
  });

  it('knows the other values a field of the same name takes', () => {
    const role = field(route('POST /api/users').body?.fields, 'role').shape;
    expect(role).toMatchObject({ enum: ['admin', 'analyst'], neighbours: ['partner'] });
  });

  it('reads query and path parameters, and what an id in the path names', () => {
    const timeseries = route('GET /api/analytics/timeseries (admin)');
    expect(timeseries.query.filter((f) => f.required).map((f) => f.name)).toEqual(['metric', 'interval', 'from', 'to']);
    const returns = route('POST /api/fulfillment/sales/:id/returns (partner)');
    expect(returns.pathParams).toEqual([{ name: 'id', shape: expect.objectContaining({ format: 'uuid' }), resource: 'sale' }]);
    expect(route('POST /api/admin/dead-letters/:id/replay').pathParams[0].shape).toMatchObject({ type: 'string', maxLength: 200 });
  });

  it('carries the error codes each status lists, and the status of success', () => {
    const sale = route('POST /api/fulfillment/sales (admin)');
    expect(sale.errors['400']).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'MALFORMED_BODY']));
    expect(sale.errors['422']).toEqual(expect.arrayContaining(['SALE_NOT_COVERED']));
    expect(sale.success).toBe(201);
    expect(route('POST /api/spiffs/reach').success).toBe(200);
  });

  it('knows a partner is refused another partner\'s id, and an admin is not', () => {
    expect(route('GET /api/analytics/partners/:id (partner)').refusesOtherPartners).toBe(true);
    expect(route('GET /api/analytics/partners/:id (admin)').refusesOtherPartners).toBe(false);
    expect(route('POST /api/fulfillment/sales/:id/returns (partner)').refusesOtherPartners).toBe(false);
  });

  it('reads a file upload: its media types, and the columns and rows of its CSV example', () => {
    const upload = route('POST /api/fulfillment/sales/imports (partner)');
    expect(upload).toMatchObject({ caller: 'partner', success: 202, body: undefined, query: [], pathParams: [] });
    expect(upload.upload).toMatchObject({
      mediaTypes: ['text/csv', 'multipart/form-data'],
      columns: ['partner_id', 'product_id', 'quantity', 'unit_price', 'sale_date', 'invoice_number'],
    });
    expect(upload.upload?.rows.length).toBeGreaterThan(0);
    expect(upload.errors).toMatchObject({ 400: expect.arrayContaining(['IMPORT_FILE_INVALID']), 415: ['UNSUPPORTED_MEDIA_TYPE'] });
    expect(route('POST /api/fulfillment/sales/imports (admin)').upload).toEqual(upload.upload);
    expect(route('POST /api/fulfillment/sales (admin)').upload).toBeUndefined();
  });

  it('names the roles of every protected route in its summary', () => {
    const unnamed = operationsOf(document).filter(({ operation }) => operation.security?.length && !/\((?:[^()]*\b(?:admin|analyst|partner)\b[^()]*)\)\s*$/.test(operation.summary ?? ''));
    expect(unnamed.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  it('lists fixed path segments and every query parameter', () => {
    expect(literalSegments(document)).toEqual(expect.arrayContaining(['export.csv', 'approve', 'my-sales', 'dead-letters']));
    expect(literalSegments(document).some((s) => s.includes('{'))).toBe(false);
    expect(queryParameterNames(document)).toEqual(expect.arrayContaining(['page', 'page_size', 'kind', 'service']));
  });

  it('every table of what the document cannot say names a documented route', () => {
    const documented = new Set(operationsOf(document).map(({ method, path }) => `${method} ${path}`));
    expect(tabledRoutes().filter((key) => !documented.has(key))).toEqual([]);
  });
});

describe('callersOf', () => {
  const operation = (summary: string, secured = true): OperationObject => ({ summary, ...(secured && { security: [{ bearer: [] }] }) });

  it.each([
    ['Sign in (public)', false, ['anonymous']],
    ['Log a sale (partner for itself, admin for any)', true, ['partner', 'admin']],
    ["A partner's metrics (admin, analyst, partner its own)", true, ['admin', 'analyst', 'partner']],
    ['List users (admin)', true, ['admin']],
    ['Something new', true, ['admin']],
  ])('%s', (summary, secured, callers) => {
    expect(callersOf(operation(summary, secured))).toEqual(callers);
  });
});

describe('a route or limit added to the document is covered without editing the test', () => {
  const withWidgets = (): ApiDocument => {
    const copy = structuredClone(document);
    copy.components!.schemas!.CreateWidgetDto = {
      type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1, maximum: 5 }, colour: { type: 'string', enum: ['red', 'blue'] } },
    };
    copy.paths['/api/widgets/{id}'] = {
      post: {
        summary: 'Add a widget (admin)', security: [{ bearer: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateWidgetDto' } } } },
        responses: {
          201: {},
          400: { content: { 'application/problem+json': { schema: { allOf: [{}, { properties: { code: { enum: ['VALIDATION_FAILED'] } } }] } } } },
          404: { content: { 'application/problem+json': { schema: { allOf: [{}, { properties: { code: { enum: ['WIDGET_NOT_FOUND'] } } }] } } } },
        },
      },
    };
    return copy;
  };

  it('a new route', () => {
    const widget = route('POST /api/widgets/:id', deriveRoutes(withWidgets()));
    expect(widget).toMatchObject({ caller: 'admin', success: 201, errors: { 404: ['WIDGET_NOT_FOUND'] }, pathParams: [{ name: 'id', resource: 'widget' }] });
    expect(field(widget.body?.fields, 'size')).toMatchObject({ required: true, shape: { type: 'integer', minimum: 1, maximum: 5 } });
  });

  it('a changed limit', () => {
    const changed = structuredClone(document);
    changed.components!.schemas!.LogSaleDto.properties!.quantity.maximum = 10;
    const quantity = field(route('POST /api/fulfillment/sales (admin)', deriveRoutes(changed)).body?.fields, 'quantity');
    expect(quantity.shape).toMatchObject({ maximum: 10 });
  });
});

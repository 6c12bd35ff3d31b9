import { randomUUID } from 'node:crypto';
import { ERROR_STATUS, ErrorCode } from '@spiffworks/contracts';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

interface Case {
  name: string;
  method: string;
  path: string;
  code: ErrorCode;
  token?: () => string | undefined;
  body?: () => unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** A field the problem's `errors` must name. */
  field?: { field: string; reason: RegExp };
}

type OpenApiDocument = { paths: Record<string, Record<string, { responses: Record<string, any> }>> };

/** The operation of the document that serves `method path` (its `{param}` templates matched). */
function operationOf(document: OpenApiDocument, method: string, path: string) {
  const bare = path.split('?')[0];
  for (const [template, item] of Object.entries(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(bare) && item[method.toLowerCase()]) return item[method.toLowerCase()];
  }
  return undefined;
}

describe('every error is problem details with a stable code the API document lists', () => {
  let running: RunningPlatform;
  let document: OpenApiDocument;
  let partner: CreatedPartner;
  let other: CreatedPartner;
  let productId: string;
  const reusedKey = `reuse-${randomUUID()}`;

  beforeAll(async () => {
    running = await startPlatform();
    const { api, admin } = running;
    partner = await createPartner(api, admin, 'gold');
    other = await createPartner(api, admin, 'gold');
    const product = await api.post('/api/products', { name: 'Problem Laptop', sku: 'PROB-LAP', commission_rate: 10 }, admin);
    productId = product.body.id;
    const keyed = await send({ method: 'POST', path: '/api/products', body: { name: 'Keyed', sku: 'KEYED-1', commission_rate: 5 }, headers: { 'idempotency-key': reusedKey } }, admin);
    expect(keyed.status).toBe(201);
    document = (await api.get('/api/docs-json')).body;
  });

  afterAll(() => stopPlatform(running));

  async function send(c: Omit<Pick<Case, 'method' | 'path' | 'raw' | 'contentType' | 'headers'>, never> & { body?: unknown }, token?: string) {
    const headers: Record<string, string> = { ...c.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    const payload = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(typeof c.body === 'function' ? (c.body as () => unknown)() : c.body));
    if (payload !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
    const response = await fetch(`${running.platform.gatewayUrl}${c.path}`, { method: c.method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: JSON.parse(text) };
  }

  const admin = () => running.admin;
  const sale = (partnerId: () => string, extra: Record<string, unknown> = {}) => () => ({
    partner_id: partnerId(), product_id: productId, quantity: 1, unit_price: 10, sale_date: '2025-01-15', ...extra,
  });

  const cases: Case[] = [
    { name: 'a missing field', method: 'POST', path: '/api/partners', token: admin, body: () => ({ tier: 'gold' }), code: ErrorCode.VALIDATION_FAILED, field: { field: 'name', reason: /./ } },
    { name: 'a path id that is not a UUID', method: 'GET', path: '/api/partners/not-a-uuid', token: admin, code: ErrorCode.VALIDATION_FAILED, field: { field: 'id', reason: /must be a UUID/ } },
    { name: 'a query value out of range', method: 'GET', path: '/api/partners?page_size=100000', token: admin, code: ErrorCode.VALIDATION_FAILED, field: { field: 'page_size', reason: /./ } },
    { name: 'unparseable JSON', method: 'POST', path: '/api/partners', token: admin, raw: '{"name": ', code: ErrorCode.MALFORMED_BODY },
    { name: 'a body over the limit', method: 'POST', path: '/api/partners', token: admin, raw: JSON.stringify({ name: 'x'.repeat(200_000) }), code: ErrorCode.PAYLOAD_TOO_LARGE },
    { name: 'a form body', method: 'POST', path: '/api/partners', token: admin, raw: 'name=x', contentType: 'application/x-www-form-urlencoded', code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
    { name: 'an unknown route', method: 'GET', path: '/api/no-such-thing', token: admin, code: ErrorCode.ROUTE_NOT_FOUND },
    { name: 'no token', method: 'GET', path: '/api/partners', code: ErrorCode.UNAUTHENTICATED },
    { name: 'a forged token', method: 'GET', path: '/api/partners', token: () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', code: ErrorCode.UNAUTHENTICATED },
    { name: "a partner on an admin route", method: 'GET', path: '/api/partners', token: () => partner.token, code: ErrorCode.FORBIDDEN },
    { name: 'a wrong password', method: 'POST', path: '/api/auth/login', body: () => ({ email: partner.email, password: 'not-the-password' }), code: ErrorCode.INVALID_CREDENTIALS },
    { name: 'an unknown partner', method: 'GET', path: `/api/partners/${randomUUID()}`, token: admin, code: ErrorCode.PARTNER_NOT_FOUND },
    { name: 'a taken sku', method: 'POST', path: '/api/products', token: admin, body: () => ({ name: 'Again', sku: 'PROB-LAP', commission_rate: 10 }), code: ErrorCode.PRODUCT_SKU_TAKEN },
    { name: 'a sale no assignment covers', method: 'POST', path: '/api/fulfillment/sales', token: () => partner.token, body: sale(() => partner.id), code: ErrorCode.SALE_NOT_COVERED },
    { name: "a sale for another partner", method: 'POST', path: '/api/fulfillment/sales', token: () => partner.token, body: sale(() => other.id), code: ErrorCode.NOT_YOUR_PARTNER },
    { name: 'a sale dated in the future', method: 'POST', path: '/api/fulfillment/sales', token: () => partner.token, body: sale(() => partner.id, { sale_date: '2999-01-01' }), code: ErrorCode.VALIDATION_FAILED, field: { field: 'sale_date', reason: /future/ } },
    {
      name: 'an Idempotency-Key reused with another body', method: 'POST', path: '/api/products', token: admin,
      body: () => ({ name: 'Keyed differently', sku: 'KEYED-2', commission_rate: 5 }), headers: { 'idempotency-key': reusedKey }, code: ErrorCode.IDEMPOTENCY_KEY_REUSED,
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await send(c, c.token?.());
    const status = ERROR_STATUS[c.code];
    expect({ status: result.status, code: result.body.code }).toEqual({ status, code: c.code });
    expect(result.contentType).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({
      type: `urn:spiffworks:problem:${c.code}`,
      title: expect.any(String),
      status,
      detail: expect.any(String),
      statusCode: status,
      error: expect.any(String),
      message: result.body.detail,
      errors: expect.any(Array),
    });
    if (c.field) {
      expect(result.body.errors).toEqual(expect.arrayContaining([{ field: c.field.field, reason: expect.stringMatching(c.field.reason) }]));
    }
    if (c.code === ErrorCode.ROUTE_NOT_FOUND) return;
    const documented = operationOf(document, c.method, c.path)?.responses[String(status)];
    const codes: string[] = documented?.content?.['application/problem+json']?.schema?.allOf?.[1]?.properties?.code?.enum ?? [];
    expect({ route: `${c.method} ${c.path}`, documents: codes.includes(c.code) }).toEqual({ route: `${c.method} ${c.path}`, documents: true });
  });

  it('titles a code the same way every time, whatever the detail', async () => {
    const first = await send({ method: 'GET', path: `/api/partners/${randomUUID()}` }, running.admin);
    const second = await send({ method: 'GET', path: `/api/partners/${randomUUID()}` }, running.admin);
    expect(first.body.detail).not.toBe(second.body.detail);
    expect(first.body.title).toBe(second.body.title);
  });
});

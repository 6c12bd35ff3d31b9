import fc from 'fast-check';
import { isIdempotencyKey } from '@spiffworks/contracts';
import type { RpcRequest } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { canonicalJson, fingerprintSecret, idempotencyOf, requestFingerprint } from './idempotency';

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['true', true, 'true'],
    ['an integer', 42, '42'],
    ['a decimal', 10.5, '10.5'],
    ['minus zero as zero', -0, '0'],
    ['a non-finite number as null', Number.NaN, 'null'],
    ['a string, escaped', 'a "b"\n', '"a \\"b\\"\\n"'],
    ['a non-ASCII string as itself', 'Café ✓', '"Café ✓"'],
    ['top-level undefined as null', undefined, 'null'],
    ['an empty object', {}, '{}'],
    ['an empty array', [], '[]'],
    ['keys sorted', { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    ['keys sorted by code unit (upper case first)', { b: 1, B: 2, a: 3 }, '{"B":2,"a":3,"b":1}'],
    ['numeric-looking keys sorted as strings', { 10: 'x', 9: 'y', 1: 'z' }, '{"1":"z","10":"x","9":"y"}'],
    ['keys sorted at every depth', { z: { y: 1, x: [{ d: 1, c: 2 }] }, a: null }, '{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}'],
    ['array order kept', [3, 1, 2], '[3,1,2]'],
    ['undefined members dropped', { a: 1, b: undefined }, '{"a":1}'],
    ['undefined array items as null', [1, undefined, 2], '[1,null,2]'],
    ['functions dropped like JSON.stringify', { a: 1, f: () => 1 }, '{"a":1}'],
    ['a date as its ISO string', { at: new Date('2025-01-15T10:00:00Z') }, '{"at":"2025-01-15T10:00:00.000Z"}'],
    ['no whitespace', { a: [1, { b: 'c d' }] }, '{"a":[1,{"b":"c d"}]}'],
  ])('writes %s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each<[string, unknown, unknown]>([
    ['any key order', { name: 'Laptop', sku: 'LAP', commission_rate: 10 }, { commission_rate: 10, sku: 'LAP', name: 'Laptop' }],
    ['any nested key order', { rates: { gold: 12, platinum: 15 } }, { rates: { platinum: 15, gold: 12 } }],
    ['an undefined member and a missing one', { a: 1, notes: undefined }, { a: 1 }],
    ['1 and 1.0', { quantity: 1 }, JSON.parse('{"quantity":1.0}')],
  ])('is the same for %s', (_, left, right) => {
    expect(canonicalJson(left)).toBe(canonicalJson(right));
  });

  it.each<[string, unknown, unknown]>([
    ['a number and its string', { quantity: 2 }, { quantity: '2' }],
    ['null and a missing member', { notes: null }, {}],
    ['array order', { ids: ['a', 'b'] }, { ids: ['b', 'a'] }],
    ['letter case of a value', { name: 'Laptop' }, { name: 'laptop' }],
    ['an empty array and an empty object', { a: [] }, { a: {} }],
  ])('tells apart %s', (_, left, right) => {
    expect(canonicalJson(left)).not.toBe(canonicalJson(right));
  });

  it('is valid JSON meaning the same as the value, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = canonicalJson(value);
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
      }),
    );
  });

  it('refuses a bigint', () => {
    expect(() => canonicalJson({ a: BigInt(1) })).toThrow(TypeError);
  });
});

describe('requestFingerprint', () => {
  const secret = fingerprintSecret('a-platform-secret-of-some-length');
  const body = { name: 'Laptop', sku: 'LAP', commission_rates: { gold: 12, platinum: 15 } };

  it('is 64 hex characters, the same for the same operation and body in any key order', () => {
    const fingerprint = requestFingerprint(secret, 'products.create', body);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint(secret, 'products.create', { commission_rates: { platinum: 15, gold: 12 }, sku: 'LAP', name: 'Laptop' })).toBe(fingerprint);
  });

  it.each<[string, string | Buffer, string, unknown]>([
    ['another body', secret, 'products.create', { ...body, sku: 'LAP-2' }],
    ['another operation', secret, 'spiffs.create', body],
    ['another secret', fingerprintSecret('another-platform-secret'), 'products.create', body],
  ])('differs for %s', (_, otherSecret, operation, otherBody) => {
    expect(requestFingerprint(otherSecret, operation, otherBody)).not.toBe(requestFingerprint(secret, 'products.create', body));
  });
});

describe('isIdempotencyKey', () => {
  it.each<[string, unknown, boolean]>([
    ['accepts a uuid', '0b7e6c1a-7d1e-4a53-9d0e-3f1f1c2b9a11', true],
    ['accepts one character', 'x', true],
    ['accepts 200 characters', 'k'.repeat(200), true],
    ['accepts every visible ASCII character', '!"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~', true],
    ['refuses an empty key', '', false],
    ['refuses 201 characters', 'k'.repeat(201), false],
    ['refuses a space', 'my key', false],
    ['refuses a tab', 'my\tkey', false],
    ['refuses non-ASCII', 'clé', false],
    ['refuses a non-string', 42, false],
  ])('%s', (_, value, expected) => {
    expect(isIdempotencyKey(value)).toBe(expected);
  });
});

describe('idempotencyOf', () => {
  const actor = { user_id: 'user-1', role: 'admin' as const, partner_id: null };
  const request = (idempotency_key?: string): RpcRequest => ({ actor, correlation_id: 'c-1', body: { a: 1 }, idempotency_key });

  it('is undefined without a key', () => {
    expect(idempotencyOf(request(), 'products.create')).toBeUndefined();
  });

  it('scopes the key to the calling user and names the operation and body', () => {
    expect(idempotencyOf(request('k-1'), 'products.create')).toEqual({ key: 'k-1', scope: 'user-1', operation: 'products.create', body: { a: 1 } });
  });

  it('refuses a key the gateway should have refused', () => {
    expect(() => idempotencyOf(request('k'.repeat(201)), 'products.create')).toThrow(ServiceFailure);
  });
});

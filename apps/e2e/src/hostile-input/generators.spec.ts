import fc from 'fast-check';
import { RawNumber, UUID_RE, conforms, toJson } from './conformance';
import { BODY_LIMIT_BYTES, badPathId, badQueryValue, badValue } from './generators';
import type { Field, Shape } from './shapes';

const sample = <T>(arbitrary: fc.Arbitrary<T> | undefined, numRuns = 2000): T[] => {
  if (!arbitrary) throw new Error('no generator');
  return fc.sample(arbitrary, { numRuns, seed: 42 });
};

const milestone: Field[] = [
  { name: 'name', required: true, shape: { type: 'string', minLength: 1, maxLength: 100 } },
  { name: 'metric', required: true, shape: { type: 'string', enum: ['units', 'revenue'] } },
  { name: 'threshold', required: true, shape: { type: 'number', minimum: 0.01, maximum: 1e9, decimals: 2 } },
];

const SHAPES: Array<[string, Shape]> = [
  ['a name', { type: 'string', minLength: 1, maxLength: 200 }],
  ['a password', { type: 'string', format: 'password', minLength: 8, maxLength: 128 }],
  ['an id', { type: 'string', format: 'uuid' }],
  ['a date', { type: 'string', format: 'date' }],
  ['an email', { type: 'string', format: 'email', maxLength: 320 }],
  ['a sku', { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }],
  ['a role', { type: 'string', enum: ['admin', 'analyst'], neighbours: ['partner'] }],
  ['a quantity', { type: 'integer', minimum: 1, maximum: 100_000 }],
  ['a price', { type: 'number', minimum: 0.01, maximum: 1_000_000, decimals: 2 }],
  ['a rate', { type: 'number', minimum: 0, maximum: 100, decimals: 4 }],
  ['a number with no limits', { type: 'number' }],
  ['product ids', { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1, maxItems: 1000 }],
  ['tiers', { type: 'array', items: { type: 'string', enum: ['bronze', 'gold'] } }],
  ['milestones', { type: 'array', items: { type: 'object', fields: milestone }, maxItems: 20, uniqueBy: 'name' }],
  ['rates per tier', { type: 'object', fields: ['bronze', 'gold'].map((name) => ({ name, required: false, shape: { type: 'number', minimum: 0, maximum: 100, decimals: 4 } })) }],
];

describe('badValue: values a field must refuse', () => {
  it.each(SHAPES)('for %s, never one the shape accepts', (_what, shape) => {
    const values = sample(badValue(shape));
    expect(values.filter((v) => conforms(shape, v))).toEqual([]);
    // Enough different values that the cases are not one value sent many times.
    expect(new Set(values.map((v) => toJson(v))).size).toBeGreaterThan(10);
  });

  it('goes one past each documented limit', () => {
    const names = sample(badValue({ type: 'string', minLength: 8, maxLength: 128 }));
    expect(names).toEqual(expect.arrayContaining(['x'.repeat(129), 'x'.repeat(7), '']));
    const quantities = sample(badValue({ type: 'integer', minimum: 1, maximum: 100_000 }));
    expect(quantities).toEqual(expect.arrayContaining([0, 100_001, 1.5]));
    const lists = sample(badValue({ type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1, maxItems: 1000 })) as unknown[];
    expect(lists).toEqual(expect.arrayContaining([[]]));
    expect(lists.some((l) => Array.isArray(l) && l.length === 1001)).toBe(true);
  });

  it('sends more decimals than documented, in exponent notation too', () => {
    const rates = sample(badValue({ type: 'number', minimum: 0, maximum: 100, decimals: 4 }));
    expect(rates).toEqual(expect.arrayContaining([1.00001, 1e-7]));
    expect(rates).not.toContain(0);
  });

  it('tries the values a field of the same name takes elsewhere', () => {
    expect(sample(badValue({ type: 'string', enum: ['admin', 'analyst'], neighbours: ['partner'] }))).toContain('partner');
  });

  it('writes a list one over its maxItems only while it fits in a body', () => {
    const lists = sample(badValue({ type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: 100_000 })) as unknown[];
    expect(lists.every((l) => toJson(l).length < BODY_LIMIT_BYTES)).toBe(true);
  });

  it('repeats a name in a list whose names must differ, and breaks one field of an item', () => {
    const lists = sample(badValue({ type: 'array', items: { type: 'object', fields: milestone }, uniqueBy: 'name', maxItems: 20 })) as unknown[][];
    expect(lists.some((l) => Array.isArray(l) && l.length === 2 && toJson(l[0]) === toJson(l[1]))).toBe(true);
    expect(lists.some((l) => Array.isArray(l) && l.length === 21)).toBe(true);
    const broken = lists.filter((l) => Array.isArray(l) && l.length === 1 && typeof l[0] === 'object' && l[0] !== null && 'name' in l[0]);
    expect(broken.length).toBeGreaterThan(0);
  });

  it('overflows a number inside an object', () => {
    const rates = sample(badValue({ type: 'object', fields: [{ name: 'gold', required: false, shape: { type: 'number', maximum: 100 } }] }));
    expect(rates.some((r) => r instanceof RawNumber && r.literal === '{"gold":1e400}')).toBe(true);
  });

  it('has nothing to say of a field the document does not describe', () => {
    expect(badValue({ type: 'unknown' })).toBeUndefined();
  });
});

describe('badQueryValue: query text a parameter must refuse', () => {
  it.each<[string, Shape, (text: string) => unknown]>([
    ['a page', { type: 'integer', minimum: 1, maximum: 1_000_000 }, Number],
    ['a page size', { type: 'integer', minimum: 1, maximum: 500 }, Number],
    ['an id', { type: 'string', format: 'uuid' }, String],
    ['a date', { type: 'string', format: 'date' }, String],
    ['a status', { type: 'string', enum: ['pending', 'paid'] }, String],
    ['a search', { type: 'string', minLength: 1, maxLength: 200 }, String],
  ])('for %s, never one the parameter accepts', (_what, shape, parse) => {
    const values = sample(badQueryValue(shape), 500);
    expect(values.filter((v) => conforms(shape, parse(v)))).toEqual([]);
  });

  it('leaves out a number that reads as a valid one (1e3 is a page)', () => {
    const pages = sample(badQueryValue({ type: 'integer', minimum: 1, maximum: 1_000_000 }), 500);
    expect(pages).not.toContain('1e3');
    expect(pages).toEqual(expect.arrayContaining(['0', '1000001', '']));
    expect(sample(badQueryValue({ type: 'integer', minimum: 1, maximum: 500 }), 500)).toContain('1e3');
  });

  it('has no wrong text for a free string without limits', () => {
    expect(badQueryValue({ type: 'string' })).toBeUndefined();
  });
});

describe('badPathId', () => {
  it('is never a UUID nor a fixed segment of a route', () => {
    const literals = ['approve', 'export.csv', 'my-sales'];
    const ids = sample(badPathId(literals));
    expect(ids.filter((id) => UUID_RE.test(id) || literals.includes(id))).toEqual([]);
  });
});

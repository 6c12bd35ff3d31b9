import fc from 'fast-check';
import { RawNumber, UUID_RE, conforms, isPlainObject, toJson, validObject, validValue } from './conformance';
import type { Field, Shape } from './shapes';

/**
 * Values a field must refuse, by the kind of field: type, format and the limits the API document
 * states. Every value is checked against the field's shape (`conforms`), so a generator never sends
 * an acceptable value as a wrong one whatever limits the document gives.
 */

/** The JSON body limit the gateway documents for 413 ("over 100 kB"). */
export const BODY_LIMIT_BYTES = 100 * 1024;

type Maybe<T> = fc.Arbitrary<T> | undefined;
type StringShape = Extract<Shape, { type: 'string' }>;
type NumberShape = Extract<Shape, { type: 'integer' | 'number' }>;
type ArrayShape = Extract<Shape, { type: 'array' }>;
type ObjectShape = Extract<Shape, { type: 'object' }>;

function oneof<T>(...parts: Array<Maybe<T>>): fc.Arbitrary<T> {
  const defined = parts.filter((p): p is fc.Arbitrary<T> => p !== undefined);
  if (!defined.length) throw new Error('no wrong value to choose from');
  return fc.oneof(...defined);
}

/** A value of another type altogether: wrong for any shape. */
const mismatch = (shape: Shape): unknown => (shape.type === 'string' ? 123 : 'not-a-value');

/**
 * Random values, any that `shape` accepts swapped for one of another type. A swap, not a filter:
 * a filter that never passes would spin forever instead of failing.
 */
function keepBad(shape: Shape, arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return arbitrary.map((v) => (conforms(shape, v) ? mismatch(shape) : v));
}

/** The candidates `shape` refuses, as one arbitrary (none when it accepts them all). */
function refused(shape: Shape, candidates: unknown[]): Maybe<unknown> {
  const bad = candidates.filter((c) => !conforms(shape, c));
  return bad.length ? fc.constantFrom(...bad) : undefined;
}

const junkObjects = fc.constantFrom<unknown>([], {}, ['a'], { a: 1 }, [[[]]], { nested: { deeper: [1, { x: null }] } });
const notString = fc.oneof(fc.constantFrom<unknown>(123, -1, 1.5, 0, true, false, null), junkObjects);
const notNumber = fc.oneof(
  fc.constantFrom<unknown>('10', '', 'NaN', 'Infinity', '-Infinity', '1e3', '0x10', 'ten', true, false, null),
  junkObjects,
  fc.constantFrom(new RawNumber('1e400'), new RawNumber('-1e400')),
);
const HUGE_NUMBERS = [1e21, -1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, new RawNumber('123456789012345678901234567890')];
// Exponent notation: decimals counted from `toString()` miscount these.
const TINY_NUMBERS = [1e-7, 1.5e-7, 5e-324, -7e-323, 2.5e-10];

const BAD_DATES = [
  '2025-02-30', '2025-13-01', '2025-00-10', '2025-01-32', '2023-02-29', '2025-1-5', '25-01-01', '2025/01/01',
  '01/15/2025', '2025-01-15T00:00:00Z', '2025-01-15 ', ' 2025-01-15', '+02025-01-01', '0000-01-01', '9999-99-99',
  '', 'yesterday', 'null', '2025-W03', '20250115',
];
const NON_UUIDS = [
  '', 'abc', '1', '-1', 'null', 'undefined', 'not-a-uuid', "' OR 1=1 --", '00000000-0000-0000-0000-00000000000g',
  '6f9b1560-0000-4000-8000-0000000000001', '6f9b1560-0000-4000-8000-00000000000', '6f9b15600000400080000000000000ab',
  '{6f9b1560-0000-4000-8000-000000000001}', 'x'.repeat(300),
];
const BAD_EMAILS = ['no-at-sign', '@example.com', 'a@', 'a b@example.com', 'a@b', 'a@@example.com', '', `${'x'.repeat(320)}@example.com`, 'a@example..com'];
const OFF_PATTERN = ['', '-lead', '.lead', 'has space', 'slash/y', 'ü-umlaut', "x';--", ' lead', 'trail ', 'new\nline'];

/** A wrong value for a field of `shape`; undefined when the document says too little to know one. */
export function badValue(shape: Shape): Maybe<unknown> {
  switch (shape.type) {
    case 'string':
      return badString(shape);
    case 'integer':
    case 'number':
      return badNumber(shape);
    case 'boolean':
      return refused(shape, ['true', 1, 0, null, 'false', [], {}]);
    case 'array':
      return badArray(shape);
    case 'object':
      return badObject(shape);
    default:
      return undefined;
  }
}

function badString(shape: StringShape): fc.Arbitrary<unknown> {
  if (shape.enum) return badEnum(shape.enum, shape.neighbours);
  const keep = (arbitrary: fc.Arbitrary<unknown>) => keepBad(shape, arbitrary);
  const lengths = refused(shape, [
    'x'.repeat((shape.maxLength ?? -1) + 1), 'é'.repeat((shape.maxLength ?? -1) + 1), 'x'.repeat(Math.max(0, (shape.minLength ?? 0) - 1)), '',
  ]);
  switch (shape.format) {
    case 'uuid':
      return oneof(refused(shape, NON_UUIDS), notString, keep(fc.string({ maxLength: 40 })), lengths);
    case 'date':
      return oneof(refused(shape, [...BAD_DATES, 20250115, 1736899200000, null, true]), junkObjects, keep(fc.string({ maxLength: 12 })));
    case 'email':
      return oneof(refused(shape, BAD_EMAILS), notString, lengths);
  }
  const offPattern = shape.pattern ? refused(shape, [...OFF_PATTERN, 'x'.repeat(65), 'x'.repeat(257)]) : undefined;
  return oneof(notString, lengths, offPattern);
}

export function badEnum(values: readonly string[], neighbours: readonly string[] = []): fc.Arbitrary<unknown> {
  const near = ['', 'x', ...values.map((v) => v.toUpperCase()), ...values.map((v) => ` ${v}`), values.join(','), ...neighbours];
  return fc.oneof(
    fc.constantFrom<unknown>(...near.filter((v) => !values.includes(v))),
    notString,
    fc.constant<unknown>([values[0]]),
    fc.string({ maxLength: 10 }).filter((s) => !values.includes(s)),
  );
}

function badNumber(shape: NumberShape): fc.Arbitrary<unknown> {
  const { minimum: min, maximum: max } = shape;
  const tooPrecise = shape.decimals === undefined ? undefined : Number(`0.${'0'.repeat(shape.decimals)}1`);
  const edges = [
    -1, -0.01, 0, -0.5, 0.5, 1.5, 2.000001, ...HUGE_NUMBERS, ...TINY_NUMBERS,
    ...(min === undefined ? [] : [min - 1, min - 0.01]),
    ...(max === undefined ? [] : [max + 1, max + 0.5, max * 2]),
    ...(tooPrecise === undefined ? [] : [1 + tooPrecise, tooPrecise, -tooPrecise]),
  ];
  const random = (arbitrary: fc.Arbitrary<number>) => keepBad(shape, arbitrary);
  const finite = { noNaN: true, noDefaultInfinity: true } as const;
  return oneof<unknown>(
    notNumber,
    refused(shape, edges),
    min === undefined ? undefined : random(fc.double({ ...finite, max: min, maxExcluded: true })),
    max === undefined ? undefined : random(fc.double({ ...finite, min: max, minExcluded: true })),
    shape.type === 'integer' ? random(fc.double({ ...finite, min: min ?? -1e6, max: max ?? 1e6 })) : undefined,
    min !== undefined && min > INT32_MIN ? fc.integer({ min: INT32_MIN, max: Math.ceil(min) - 1 }) : undefined,
    max !== undefined && max < INT32_MAX ? fc.integer({ min: Math.floor(max) + 1, max: INT32_MAX }) : undefined,
    tooPrecise === undefined ? undefined : random(fc.integer({ min: 1, max: 9 }).map((d) => Math.max(1, min ?? 1) + d * tooPrecise)),
  );
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function badArray(shape: ArrayShape): fc.Arbitrary<unknown> {
  const item = validValue(shape.items);
  const badItem = badValue(shape.items);
  return oneof<unknown>(
    refused(shape, ['not-an-array', 5, null, {}, true, ...(Array.isArray(item) ? [] : [item])]),
    refused(shape, [[], [null], [1], ['x'], [{}], [[]]]),
    badItem?.map((v) => [v]),
    badItem?.map((v) => [item, v]),
    refused(shape, [tooMany(shape)].filter((list) => list && toJson(list).length < BODY_LIMIT_BYTES * 0.9)),
    shape.uniqueBy ? refused(shape, [[item, item]]) : undefined,
  );
}

/** One item more than `maxItems`, all different where items are ids or named objects. */
function tooMany(shape: ArrayShape): unknown[] | undefined {
  if (shape.maxItems === undefined) return undefined;
  return Array.from({ length: shape.maxItems + 1 }, (_v, i) => distinctItem(shape, i));
}

function distinctItem(shape: ArrayShape, i: number): unknown {
  const items = shape.items;
  if (items.type === 'string' && items.format === 'uuid') return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const item = validValue(items);
  return shape.uniqueBy && isPlainObject(item) ? { ...item, [shape.uniqueBy]: `${String(item[shape.uniqueBy])} ${i}` } : item;
}

function badObject(shape: ObjectShape): fc.Arbitrary<unknown> {
  const valid = validObject(shape.fields);
  const first = shape.fields[0];
  const someValue = first ? validValue(first.shape, first.example) : 1;
  return oneof<unknown>(
    refused(shape, [first?.name ?? 'text', 12, [], [someValue], true, null]),
    refused(shape, [{ ...valid, unknown_key: someValue }, ...(first ? [{ ...valid, [first.name.toUpperCase()]: someValue }] : [])]),
    ...shape.fields.filter((f) => f.required || badValue(f.shape)).map((field) => badFieldOf(shape.fields, valid, field)),
  );
}

/** The object with one field wrong (or missing, if required). */
function badFieldOf(fields: Field[], valid: Record<string, unknown>, field: Field): fc.Arbitrary<unknown> {
  const shape: ObjectShape = { type: 'object', fields };
  const without = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field.name));
  const overflow = field.shape.type === 'number' || field.shape.type === 'integer'
    ? new RawNumber(toJson({ ...valid, [field.name]: '__overflow__' }).replace('"__overflow__"', '1e400'))
    : undefined;
  return oneof<unknown>(
    badValue(field.shape)?.map((v) => ({ ...valid, [field.name]: v })),
    refused(shape, [without, ...(overflow ? [overflow] : [])]),
  );
}

// ---- query strings and path segments: always text ----

const BAD_QUERY_NUMBERS = ['0', '-1', '-5', '1.5', '2.5', 'abc', 'all', '', '1e30', '1e3', '9007199254740993', 'NaN', 'Infinity', 'null', '1,2', '100000'];

/** A wrong value for a query parameter of `shape`, as the text of the query string. */
export function badQueryValue(shape: Shape): Maybe<string> {
  const text = (candidates: string[], conformsAsText: (s: string) => boolean): Maybe<string> => {
    const bad = candidates.filter((c) => !conformsAsText(c));
    return bad.length ? fc.constantFrom(...bad) : undefined;
  };
  if (shape.type === 'integer' || shape.type === 'number') {
    const edges = [shape.minimum, shape.maximum].flatMap((edge) => (edge === undefined ? [] : [String(edge - 1), String(edge + 1), `${edge}.5`]));
    return text([...BAD_QUERY_NUMBERS, ...edges], (s) => conforms(shape, Number(s)));
  }
  if (shape.type !== 'string') return undefined;
  const asText = (s: string) => conforms(shape, s);
  if (shape.enum) {
    const values = shape.enum;
    return oneof(text(['x', 'ALL', ...values.map((v) => v.toUpperCase()), values.join(','), ...(shape.neighbours ?? [])], asText),
      fc.stringMatching(/^[a-z]{1,12}$/).filter((s) => !values.includes(s)));
  }
  // An empty id or date is left out: it reads as the parameter left out.
  if (shape.format === 'uuid') return oneof(text(NON_UUIDS.filter((u) => u !== ''), asText), fc.stringMatching(/^[a-z0-9-]{1,40}$/).filter((s) => !UUID_RE.test(s)));
  if (shape.format === 'date') return text(BAD_DATES.filter((d) => d.trim() === d && d !== ''), asText);
  return text(['', 'x'.repeat((shape.maxLength ?? -1) + 1), ...(shape.pattern ? OFF_PATTERN : [])], asText);
}

/** A path segment where an id goes that is not a UUID, nor any route's fixed segment (`literals`). */
export function badPathId(literals: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('abc', '1', '-1', '0', 'null', 'undefined', 'true', '%20', "'%20OR%201=1--", 'x'.repeat(300),
      '00000000-0000-0000-0000-00000000000g', '6f9b1560-0000-4000-8000-0000000000001', '6f9b15600000400080000000000000ab', '%7B%7D', '1e3'),
    fc.stringMatching(/^[a-zA-Z0-9_-]{1,60}$/).filter((s) => !UUID_RE.test(s) && !literals.includes(s)),
  );
}

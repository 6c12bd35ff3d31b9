import { RawNumber, conforms, isCalendarDate, toJson, validObject, validValue } from './conformance';
import type { Field, Shape } from './shapes';

const milestone: Field[] = [
  { name: 'name', required: true, shape: { type: 'string', minLength: 1, maxLength: 100 } },
  { name: 'threshold', required: true, shape: { type: 'number', minimum: 0.01, maximum: 1e9, decimals: 2 } },
];

describe('conforms: what a shape accepts', () => {
  it.each<[string, Shape, unknown, boolean]>([
    ['a string within its lengths', { type: 'string', minLength: 1, maxLength: 3 }, 'abc', true],
    ['a string over its maxLength', { type: 'string', maxLength: 3 }, 'abcd', false],
    ['an empty string under its minLength', { type: 'string', minLength: 1 }, '', false],
    ['a uuid', { type: 'string', format: 'uuid' }, '6f9b1560-0000-4000-8000-000000000001', true],
    ['a uuid with 13 digits at the end', { type: 'string', format: 'uuid' }, '6f9b1560-0000-4000-8000-0000000000001', false],
    ['a real date', { type: 'string', format: 'date' }, '2024-02-29', true],
    ['February 30th', { type: 'string', format: 'date' }, '2025-02-30', false],
    ['year zero', { type: 'string', format: 'date' }, '0000-01-01', false],
    ['an email', { type: 'string', format: 'email' }, 'sales@techcorp.example', true],
    ['an email with doubled dots', { type: 'string', format: 'email' }, 'a@example..com', false],
    ['an enum value', { type: 'string', enum: ['gold'] }, 'gold', true],
    ['an enum value in capitals', { type: 'string', enum: ['gold'] }, 'GOLD', false],
    ['text off its pattern', { type: 'string', pattern: '^[A-Z]+$' }, 'abc', false],
    ['an integer in range', { type: 'integer', minimum: 1, maximum: 10 }, 10, true],
    ['a fraction where an integer goes', { type: 'integer' }, 1.5, false],
    ['an integer past 2^53', { type: 'integer' }, Number.MAX_SAFE_INTEGER + 2, false],
    ['money with 2 decimals', { type: 'number', decimals: 2 }, 99.99, true],
    ['money with 3 decimals', { type: 'number', decimals: 2 }, 1.001, false],
    ['exponent notation beyond the decimals', { type: 'number', decimals: 4 }, 1e-7, false],
    ['a number under its minimum', { type: 'number', minimum: 0.01 }, 0, false],
    ['1e400 written raw', { type: 'number' }, new RawNumber('1e400'), false],
    ['a list over its maxItems', { type: 'array', items: { type: 'string' }, maxItems: 1 }, ['a', 'b'], false],
    ['a list with a repeated name', { type: 'array', items: { type: 'object', fields: milestone }, uniqueBy: 'name' },
      [{ name: 'a', threshold: 1 }, { name: 'a', threshold: 2 }], false],
    ['an object with an unknown key', { type: 'object', fields: milestone }, { name: 'a', threshold: 1, extra: 1 }, false],
    ['an object missing a required field', { type: 'object', fields: milestone }, { name: 'a' }, false],
    ['null for a number', { type: 'number' }, null, false],
  ])('%s: %s', (_what, shape, value, expected) => {
    expect(conforms(shape, value)).toBe(expected);
  });

  it('reads dates as the calendar does', () => {
    expect(['2025-01-15', '2024-02-29'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2025-1-5', '2023-02-29', '2025-13-01', '20250115'].map(isCalendarDate)).toEqual([false, false, false, false]);
  });
});

describe('validValue: a value the shape accepts', () => {
  it.each<[string, Shape]>([
    ['a uuid', { type: 'string', format: 'uuid' }],
    ['a date', { type: 'string', format: 'date' }],
    ['an email', { type: 'string', format: 'email', maxLength: 320 }],
    ['a password', { type: 'string', minLength: 8, maxLength: 128 }],
    ['a sku', { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }],
    ['an integer from 5', { type: 'integer', minimum: 5 }],
    ['money', { type: 'number', minimum: 0.01, maximum: 1e6, decimals: 2 }],
    ['a list of ids', { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1 }],
    ['milestones', { type: 'array', items: { type: 'object', fields: milestone }, uniqueBy: 'name' }],
  ])('for %s', (_what, shape) => {
    expect(conforms(shape, validValue(shape))).toBe(true);
  });

  it('prefers the example, when it fits', () => {
    expect(validValue({ type: 'integer', minimum: 1 }, 50)).toBe(50);
    expect(validValue({ type: 'integer', minimum: 1 }, 0)).toBe(1);
  });

  it('sends the required fields and those the document gives an example for', () => {
    const fields: Field[] = [
      { name: 'name', required: true, shape: { type: 'string' } },
      { name: 'note', required: false, shape: { type: 'string' } },
      { name: 'tier', required: false, shape: { type: 'string', enum: ['gold'] }, example: 'gold' },
    ];
    expect(validObject(fields)).toEqual({ name: 'x', tier: 'gold' });
  });
});

describe('toJson', () => {
  it('writes raw number literals as they are', () => {
    expect(toJson({ a: new RawNumber('1e400'), b: [new RawNumber('123456789012345678901234567890')] }))
      .toBe('{"a":1e400,"b":[123456789012345678901234567890]}');
  });
});

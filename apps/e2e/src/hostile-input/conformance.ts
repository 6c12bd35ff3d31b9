import type { Field, Shape } from './shapes';

/** A JSON number literal JSON.stringify cannot write (1e400, 30 digits): serialized as is. */
export class RawNumber {
  constructor(readonly literal: string) {}
}

/** JSON text of `value`, `RawNumber`s written as their literal. */
export function toJson(value: unknown): string {
  const literals: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawNumber) {
      literals.push(v.literal);
      return `__raw_${literals.length - 1}__`;
    }
    return v;
  });
  return text.replace(/"__raw_(\d+)__"/g, (_m, i: string) => literals[Number(i)]);
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
// Strict enough for the hostile values: one @, no spaces, no empty or doubled dots, a TLD.
const EMAIL_RE = /^[^\s@]+@(?:[a-z0-9-]+\.)+[a-z]{2,}$/i;

export function isCalendarDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && value >= '0001';
}

/**
 * Whether `value` is what `shape` accepts: the reference the generators filter their bad values
 * with, so a limit the document states is never sent as if it were wrong.
 */
export function conforms(shape: Shape, value: unknown): boolean {
  if (value instanceof RawNumber) return conforms(shape, JSON.parse(value.literal));
  switch (shape.type) {
    case 'string':
      return typeof value === 'string' && stringConforms(shape, value);
    case 'integer':
    case 'number':
      return typeof value === 'number' && numberConforms(shape, value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && arrayConforms(shape, value);
    case 'object':
      return isPlainObject(value) && objectConforms(shape.fields, value);
    default:
      return true;
  }
}

function stringConforms(shape: Extract<Shape, { type: 'string' }>, value: string): boolean {
  if (shape.enum) return shape.enum.includes(value);
  if (shape.minLength !== undefined && value.length < shape.minLength) return false;
  if (shape.maxLength !== undefined && value.length > shape.maxLength) return false;
  if (shape.pattern && !new RegExp(shape.pattern).test(value)) return false;
  if (shape.format === 'uuid') return UUID_RE.test(value);
  if (shape.format === 'date') return isCalendarDate(value);
  if (shape.format === 'email') return EMAIL_RE.test(value) && !value.includes('..');
  return true;
}

function numberConforms(shape: Extract<Shape, { type: 'integer' | 'number' }>, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (shape.type === 'integer' && !Number.isInteger(value)) return false;
  // Beyond 2^53 a JSON integer is not the number it says.
  if (shape.type === 'integer' && !Number.isSafeInteger(value)) return false;
  if (shape.minimum !== undefined && value < shape.minimum) return false;
  if (shape.maximum !== undefined && value > shape.maximum) return false;
  return shape.decimals === undefined || Number(value.toFixed(shape.decimals)) === value;
}

function arrayConforms(shape: Extract<Shape, { type: 'array' }>, value: unknown[]): boolean {
  if (shape.minItems !== undefined && value.length < shape.minItems) return false;
  if (shape.maxItems !== undefined && value.length > shape.maxItems) return false;
  if (!value.every((item) => conforms(shape.items, item))) return false;
  const key = shape.uniqueBy;
  return !key || new Set(value.map((item) => (item as Record<string, unknown>)[key])).size === value.length;
}

function objectConforms(fields: Field[], value: Record<string, unknown>): boolean {
  const known = new Map(fields.map((f) => [f.name, f]));
  if (Object.keys(value).some((key) => !known.has(key))) return false;
  return fields.every((f) => (f.name in value ? conforms(f.shape, value[f.name]) : !f.required));
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RawNumber);

/** A value `shape` accepts: the field's example when it fits, else the simplest one. */
export function validValue(shape: Shape, example?: unknown): unknown {
  if (example !== undefined && conforms(shape, example)) return example;
  switch (shape.type) {
    case 'string':
      return validString(shape);
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, shape.minimum ?? 1), shape.maximum ?? Infinity);
    case 'boolean':
      return true;
    case 'array':
      return shape.minItems === 0 && shape.maxItems === 0 ? [] : [validValue(shape.items)];
    case 'object':
      return validObject(shape.fields);
    default:
      return null;
  }
}

/** The required fields and those with an example: what a client would plausibly send. */
export function validObject(fields: Field[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f.required || f.example !== undefined).map((f) => [f.name, validValue(f.shape, f.example)]));
}

function validString(shape: Extract<Shape, { type: 'string' }>): string {
  if (shape.enum) return shape.enum[0];
  const byFormat: Record<string, string> = { uuid: '00000000-0000-4000-8000-000000000001', date: '2025-01-01', email: 'someone@example.com' };
  const length = Math.max(1, shape.minLength ?? 1);
  const candidates = [byFormat[shape.format ?? ''], 'x'.repeat(length), `A${'1'.repeat(length)}`].filter((c): c is string => c !== undefined);
  return candidates.find((c) => stringConforms(shape, c)) ?? candidates[0];
}

import { resolveSchema } from './document';
import type { ApiDocument, SchemaObject } from './document';

/** What a field accepts, as the API document states it (and `unstated` adds). */
export type Shape =
  | { type: 'string'; format?: string; minLength?: number; maxLength?: number; pattern?: string; enum?: string[]; neighbours?: string[] }
  | { type: 'integer' | 'number'; minimum?: number; maximum?: number; decimals?: number }
  | { type: 'boolean' }
  | { type: 'array'; items: Shape; minItems?: number; maxItems?: number; uniqueBy?: string }
  | { type: 'object'; fields: Field[] }
  | { type: 'unknown' };

export interface Field {
  name: string;
  required: boolean;
  shape: Shape;
  example?: unknown;
}

/** Limits a component's numbers have that its schema does not state, by component name. */
export type UnstatedLimits = Record<string, { decimals?: number }>;

export interface ShapeContext {
  document: ApiDocument;
  /** Property name → every enum value any schema or parameter of that name allows. */
  enumsByName: Map<string, Set<string>>;
  unstated: UnstatedLimits;
}

export function shapeContext(document: ApiDocument, unstated: UnstatedLimits = {}): ShapeContext {
  return { document, enumsByName: enumsByName(document), unstated };
}

/** The fields of an object schema, each with its shape. */
export function fieldsOf(context: ShapeContext, schema: SchemaObject, component?: string): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    required: required.has(name),
    shape: shapeOf(context, name, property, component),
    example: property.example,
  }));
}

/** `name`'s shape; `owner` is the component the property belongs to (for its unstated limits). */
export function shapeOf(context: ShapeContext, name: string, property: SchemaObject, owner?: string): Shape {
  const { schema, component } = resolveSchema(context.document, property);
  if (schema.enum) return enumShape(context, name, schema);
  switch (schema.type) {
    case 'string':
      return { type: 'string', format: schema.format, minLength: schema.minLength, maxLength: schema.maxLength, pattern: schema.pattern };
    case 'integer':
    case 'number':
      return { type: schema.type, minimum: schema.minimum, maximum: schema.maximum, decimals: decimalsOf(schema) ?? (owner ? context.unstated[owner]?.decimals : undefined) };
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return arrayShape(context, name, schema, owner);
    default:
      if (schema.properties) return { type: 'object', fields: fieldsOf(context, schema, component) };
      return { type: 'unknown' };
  }
}

function enumShape(context: ShapeContext, name: string, schema: SchemaObject): Shape {
  const values = (schema.enum ?? []).map(String);
  const neighbours = [...(context.enumsByName.get(name) ?? [])].filter((v) => !values.includes(v));
  return { type: 'string', enum: values, ...(neighbours.length && { neighbours }) };
}

function arrayShape(context: ShapeContext, name: string, schema: SchemaObject, owner?: string): Shape {
  const items = shapeOf(context, name, schema.items ?? {}, owner);
  const key = uniqueKeyOf(schema.description);
  const uniqueBy = items.type === 'object' && items.fields.some((f) => f.name === key) ? key : undefined;
  return { type: 'array', items, minItems: schema.minItems, maxItems: schema.maxItems, ...(uniqueBy && { uniqueBy }) };
}

/** The schema states decimals only in words: "at most 2 decimals". */
function decimalsOf(schema: SchemaObject): number | undefined {
  const match = /at most (\d+) decimal/i.exec(schema.description ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A list whose items must differ by a key says so in words: "names unique" → `name`. */
function uniqueKeyOf(description = ''): string | undefined {
  return /\b([a-z_]+?)s unique\b/i.exec(description)?.[1];
}

function enumsByName(document: ApiDocument): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const add = (name: string, schema?: SchemaObject): void => {
    const values = schema?.enum ?? schema?.items?.enum;
    if (values) for (const v of values) (found.get(name) ?? found.set(name, new Set()).get(name)!).add(String(v));
  };
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    for (const [name, property] of Object.entries(schema.properties ?? {})) add(name, property);
  }
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      for (const parameter of (operation as { parameters?: Array<{ name: string; schema?: SchemaObject }> }).parameters ?? []) {
        add(parameter.name, parameter.schema);
      }
    }
  }
  return found;
}

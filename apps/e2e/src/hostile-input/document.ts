/**
 * The part of an OpenAPI 3 document the hostile-input test reads: operations, their parameters,
 * request body schemas and the error codes each response lists. Typed here rather than with
 * @nestjs/swagger's types so that the served JSON and `buildApiDocument`'s object both fit.
 */

export interface SchemaObject {
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: SchemaObject;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
  $ref?: string;
  description?: string;
  example?: unknown;
  default?: unknown;
}

export interface ParameterObject {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: SchemaObject;
}

interface MediaObject {
  schema?: SchemaObject;
  examples?: Record<string, { value?: unknown }>;
}

export interface OperationObject {
  summary?: string;
  security?: Array<Record<string, unknown>>;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, MediaObject> };
  responses?: Record<string, { content?: Record<string, MediaObject> }>;
}

export interface ApiDocument {
  paths: Record<string, Record<string, OperationObject | unknown>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

export interface Operation {
  method: HttpMethod;
  /** The documented path, `{param}` templates included. */
  path: string;
  operation: OperationObject;
}

export function operationsOf(document: ApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => ({
      method: method.toUpperCase() as HttpMethod,
      path,
      operation: item[method] as OperationObject,
    })),
  );
}

/** The component a `$ref` names (`#/components/schemas/LogSaleDto` → `LogSaleDto`). */
export const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/**
 * The schema a property really has: a `$ref` (or Nest's `allOf: [{ $ref }]` wrapper) replaced by its
 * component, the property's own keys (description, example) kept. `component` names the component.
 */
export function resolveSchema(document: ApiDocument, schema: SchemaObject): { schema: SchemaObject; component?: string } {
  const ref = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
  if (!ref) return { schema };
  const component = refName(ref);
  const target = document.components?.schemas?.[component];
  if (!target) throw new Error(`the document has no schema ${component}`);
  const { $ref: _ref, allOf: _allOf, ...own } = schema;
  return { schema: { ...target, ...own }, component };
}

/** The request body's JSON schema (resolved) and the component it comes from. */
export function requestBodyOf(document: ApiDocument, operation: OperationObject): { schema: SchemaObject; component?: string } | undefined {
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  return schema && resolveSchema(document, schema);
}

/** A file upload's body: its media types and the CSV example the document gives, when the body is a CSV file rather than JSON. */
export function uploadOf(operation: OperationObject): { mediaTypes: string[]; example?: string } | undefined {
  const content = operation.requestBody?.content ?? {};
  if (!('text/csv' in content) || 'application/json' in content) return undefined;
  const example = Object.values(content['text/csv'].examples ?? {})[0]?.value;
  return { mediaTypes: Object.keys(content), ...(typeof example === 'string' && { example }) };
}

/**
 * Status → the error codes the route answers with it: the `code` enum `withErrorCodes` puts in each
 * error response's problem+json schema.
 */
export function errorCodesOf(operation: OperationObject): Record<string, string[]> {
  const codes: Record<string, string[]> = {};
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (Number(status) < 400) continue;
    const parts = response.content?.['application/problem+json']?.schema?.allOf ?? [];
    codes[status] = parts.flatMap((part) => (part.properties?.code?.enum ?? []) as string[]);
  }
  return codes;
}

import { errorCodesOf, operationsOf, requestBodyOf, uploadOf } from './document';
import type { ApiDocument, HttpMethod, Operation, OperationObject } from './document';
import { fieldsOf, shapeContext, shapeOf } from './shapes';
import type { Field, Shape, ShapeContext, UnstatedLimits } from './shapes';

export type Caller = 'admin' | 'analyst' | 'partner' | 'anonymous';
const ROLES = ['admin', 'analyst', 'partner'] as const;

export interface PathParam {
  name: string;
  shape: Shape;
  /** What the id names, read from the segment before it: `/api/sales/{id}` → `sale`. */
  resource: string;
}

/** One documented operation as one caller sends it: everything the hostile cases are made from. */
export interface RouteSpec {
  /** `POST /api/fulfillment/sales (partner)`; the caller only when several roles may call it. */
  name: string;
  method: HttpMethod;
  /** The documented path, `{param}` templates included. */
  path: string;
  caller: Caller;
  body?: { fields: Field[]; example?: Record<string, unknown> };
  /** A CSV file body instead of JSON: its media types, the columns its example's header names, and the example's data rows. */
  upload?: UploadSpec;
  /** A multipart upload of a binary `file` (a proof of sale) rather than a CSV: its path cases send a well-formed one. */
  binaryFile?: boolean;
  query: Field[];
  pathParams: PathParam[];
  /** The status of a request carried out. */
  success: number;
  /** Status → the error codes the document lists for it. */
  errors: Record<string, string[]>;
  /** A partner is refused (403) any other partner's id in the path, so an unknown one is no 404. */
  refusesOtherPartners: boolean;
}

export interface UploadSpec {
  mediaTypes: string[];
  columns: string[];
  rows: string[];
}

/**
 * Every operation that validates input (it documents a 400) with something to send wrong (a body,
 * a file, query or path parameters), once per role that may call it.
 */
export function deriveRoutes(document: ApiDocument, unstated: UnstatedLimits = {}): RouteSpec[] {
  const context = shapeContext(document, unstated);
  return operationsOf(document)
    .filter(({ operation }) => '400' in errorCodesOf(operation))
    .flatMap((operation) => routesOf(context, operation))
    .filter((route) => route.body || route.upload || route.query.length || route.pathParams.length);
}

function binaryFileOf(operation: Operation['operation']): boolean {
  const content = operation.requestBody?.content ?? {};
  const file = (content['multipart/form-data']?.schema as { properties?: Record<string, { format?: string }> } | undefined)?.properties?.file;
  return !('text/csv' in content) && file?.format === 'binary';
}

function routesOf(context: ShapeContext, { method, path, operation }: Operation): RouteSpec[] {
  const callers = callersOf(operation);
  const errors = errorCodesOf(operation);
  const shared = {
    method,
    path,
    errors,
    success: Number(Object.keys(operation.responses ?? {}).find((status) => /^2\d\d$/.test(status)) ?? 200),
    body: bodyOf(context, operation),
    upload: fileOf(operation),
    binaryFile: binaryFileOf(operation),
    query: parametersOf(context, operation, 'query'),
    pathParams: parametersOf(context, operation, 'path').map((f) => ({ name: f.name, shape: f.shape, resource: resourceOf(path, f.name) })),
  };
  return callers.map((caller) => ({
    ...shared,
    name: `${method} ${displayPath(path)}${callers.length > 1 ? ` (${caller})` : ''}`,
    caller,
    refusesOtherPartners: caller === 'partner' && (errors['403'] ?? []).includes('NOT_YOUR_PARTNER'),
  }));
}

/** `/api/spiffs/{id}` → `/api/spiffs/:id`, the way the test names routes. */
export const displayPath = (path: string): string => path.replace(/\{([^}]+)\}/g, ':$1');

/**
 * Who may call it. A route without a security requirement is public; the others name their roles
 * in the summary's last parentheses ("Log a sale (partner for itself, admin for any)"). A
 * protected route that names none is sent as an admin.
 */
export function callersOf(operation: OperationObject): Caller[] {
  if (!operation.security?.length) return ['anonymous'];
  const named = /\(([^()]*)\)\s*$/.exec(operation.summary ?? '')?.[1] ?? '';
  const roles = named.split(/[^a-z]+/i).filter((word): word is (typeof ROLES)[number] => (ROLES as readonly string[]).includes(word));
  return roles.length ? [...new Set(roles)] : ['admin'];
}

function bodyOf(context: ShapeContext, operation: OperationObject): RouteSpec['body'] {
  const body = requestBodyOf(context.document, operation);
  if (!body) return undefined;
  const examples = Object.values(operation.requestBody?.content?.['application/json']?.examples ?? {});
  const example = examples[0]?.value as Record<string, unknown> | undefined;
  return { fields: fieldsOf(context, body.schema, body.component), ...(example && { example }) };
}

/** The file a route takes, read from the document's CSV example: its header's columns and data rows. */
function fileOf(operation: OperationObject): UploadSpec | undefined {
  const upload = uploadOf(operation);
  if (!upload) return undefined;
  const [header = '', ...rows] = (upload.example ?? '').split('\n').filter((line) => line !== '');
  return { mediaTypes: upload.mediaTypes, columns: header.split(',').filter(Boolean), rows };
}

function parametersOf(context: ShapeContext, operation: OperationObject, where: 'query' | 'path'): Field[] {
  return (operation.parameters ?? [])
    .filter((p) => p.in === where)
    .map((p) => ({ name: p.name, required: p.required ?? where === 'path', shape: shapeOf(context, p.name, p.schema ?? {}), example: p.schema?.example }));
}

function resourceOf(path: string, param: string): string {
  const segments = path.split('/');
  const before = segments[segments.indexOf(`{${param}}`) - 1] ?? '';
  return before.replace(/s$/, '');
}

/** Every fixed segment of every documented path: a generated id must not be one of them. */
export function literalSegments(document: ApiDocument): string[] {
  const segments = Object.keys(document.paths).flatMap((path) => path.split('/'));
  return [...new Set(segments.filter((s) => s && !s.startsWith('{')))];
}

/** Every query parameter name of the document, for routes that must refuse the ones they lack. */
export function queryParameterNames(document: ApiDocument): string[] {
  const names = operationsOf(document).flatMap(({ operation }) => (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  return [...new Set(names)];
}

import fc from 'fast-check';
import { toJson, validObject, validValue } from './conformance';
import type { HttpMethod } from './document';
import { badPathId, badQueryValue, badValue } from './generators';
import type { Caller, RouteSpec } from './routes';
import type { Field } from './shapes';

/** One generated request and what its error message must mention (any one of, case-insensitive). */
export interface Hostile {
  route: string;
  kind: string;
  /** The field or parameter the case makes wrong, when it targets one. */
  target?: string;
  method: HttpMethod;
  path: string;
  caller: Caller;
  /** The body text as sent (may be broken JSON). */
  body?: string;
  contentType?: string;
  mentions: Array<string | RegExp>;
}

/** One kind of wrong request on one route (and field), with its share of the route's requests. */
export interface CaseSource {
  kind: string;
  target?: string;
  weight: number;
  arbitrary: fc.Arbitrary<Hostile>;
}

/** What the document cannot say about a route: ids and a body that pass its business rules. */
export interface RouteContext {
  /** A fresh body the route accepts; without one, the document's example (or the simplest valid body). */
  template?: () => Record<string, unknown>;
  /** Path parameter → the id sent when only the body or query is wrong. */
  pathIds: Record<string, string>;
  /** Fixed segments of every documented path. */
  literals: readonly string[];
  /** Query parameters of the whole API. */
  queryNames: readonly string[];
  /** Well-formed requests refused for what they say (409, 422, 403, 404). */
  semantic: CaseSource[];
}

type Base = Pick<Hostile, 'route' | 'method' | 'caller'>;
const baseOf = (route: RouteSpec): Base => ({ route: route.name, method: route.method, caller: route.caller });

export function fillPath(path: string, ids: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => ids[name] ?? name);
}

/** The body the route's cases start from. */
export function templateOf(route: RouteSpec, context: RouteContext): () => Record<string, unknown> {
  if (context.template) return context.template;
  const example = route.body?.example;
  if (example) return () => structuredClone(example);
  return () => validObject(route.body?.fields ?? []);
}

/** Field-by-field cases share the kind's weight, so a route's many fields do not crowd out the rest. */
function perField(fields: Field[], kind: string, weight: number, make: (field: Field) => fc.Arbitrary<Hostile> | undefined): CaseSource[] {
  return fields.flatMap((field) => {
    const arbitrary = make(field);
    return arbitrary ? [{ kind, target: field.name, weight: weight / fields.length, arbitrary }] : [];
  });
}

/** The body cases: each field wrong, fields missing, extra fields, broken and junk bodies. */
export function bodyCases(route: RouteSpec, context: RouteContext): CaseSource[] {
  const fields = route.body?.fields ?? [];
  const template = templateOf(route, context);
  const text = (): string => toJson(template());
  const base = { ...baseOf(route), path: fillPath(route.path, context.pathIds) };
  const required = fields.filter((f) => f.required);
  const make = (kind: string, body: string, mentions: Hostile['mentions'], more: Partial<Hostile> = {}): Hostile => ({ ...base, kind, body, mentions, ...more });

  const cases: CaseSource[] = perField(fields, 'wrong value', 10, (field) => {
    // An optional field set to null reads as left out.
    const bad = badValue(field.shape)?.filter((v) => (field.required || v !== null));
    return bad?.map((value) => ({ ...make('wrong value', toJson({ ...template(), [field.name]: value }), [field.name]), target: field.name }));
  });
  if (required.length) {
    cases.push(source('missing field', 3, fc.subarray(required, { minLength: 1 }).map((missing) => {
      const body = template();
      for (const f of missing) delete body[f.name];
      return make('missing field', toJson(body), missing.map((f) => f.name));
    })));
    cases.push(source('empty body', 1, fc.constantFrom('', '{}', '   ', '\n').map((body) => make('empty body', body, [...required.map((f) => f.name), /json/i]))));
  }
  cases.push(source('extra field', 3, extraField(fields).map(([key, value]) => make('extra field', toJson({ ...template(), [key]: value }), [key]))));
  cases.push(source('broken JSON', 2, brokenJson(text).map((body) => make('broken JSON', body, [/json/i, /unexpected/i, /expected/i, /token/i]))));
  cases.push(source('not an object', 1, fc.constantFrom('null', '1', '-1', '"text"', 'true', 'false', '[]', '[{}]', `[${text()}]`)
    .map((body) => make('not an object', body, [/json/i, /object/i, /allowed field/i, ...required.map((f) => f.name)]))));
  cases.push(...envelopeCases(text, template, make));
  return cases;
}

const source = (kind: string, weight: number, arbitrary: fc.Arbitrary<Hostile>): CaseSource => ({ kind, weight, arbitrary });

const junk = fc.constantFrom<unknown>(true, 1, 'x', null, [], {}, ['a'], { a: 1 }, [[[]]], { nested: { deeper: [1, { x: null }] } });

function extraField(fields: Field[]): fc.Arbitrary<[string, unknown]> {
  const allowed = new Set(fields.map((f) => f.name));
  const keys = fc.oneof(fc.constantFrom('is_admin', 'role_override', 'id', 'created_at', 'status', 'extra', 'Name', 'tenant_id'), fc.stringMatching(/^[a-z][a-z_]{0,20}$/));
  return fc.tuple(keys, junk).filter(([key]) => !allowed.has(key));
}

function brokenJson(text: () => string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 1, max: 200 }).map((cut) => text().slice(0, -cut)),
    fc.constant(text().replace(/}$/, ',}')),
    fc.constant(text().replace(/"/g, "'")),
    fc.constant(text().replace(/"([a-z_]+)":/g, '$1:')),
    fc.constant(`${text().slice(0, -1)}, "n": NaN}`),
    fc.constant(`${text().slice(0, -1)}, "u": undefined}`),
    fc.constant(`/* hi */ ${text()}`),
    fc.constant(`${text()}}`),
    fc.constant(`${text()} trailing`),
    fc.constantFrom('{', '}', '{"a":', '{"a" 1}', '{"a":"\\x"}', 'nul', 'tru', '{\u0000}', '\uFEFF{}x', '{"a":01}', '{"a":.5}', '{"a":1.}'),
  ).filter((body) => {
    try {
      JSON.parse(body);
      return false;
    } catch {
      return body.trim() !== '';
    }
  });
}

/** Cases about the body as a whole: its size, depth, keys and media type. */
function envelopeCases(
  text: () => string,
  template: () => Record<string, unknown>,
  make: (kind: string, body: string, mentions: Hostile['mentions'], more?: Partial<Hostile>) => Hostile,
): CaseSource[] {
  const open = (): string => text().slice(0, -1);
  return [
    source('oversized body', 0.5, fc.integer({ min: 101 * 1024, max: 400 * 1024 })
      .map((size) => make('oversized body', toJson({ ...template(), padding: 'x'.repeat(size) }), [/too large/i, /limit/i]))),
    source('deeply nested', 1, fc.tuple(fc.integer({ min: 33, max: 20_000 }), fc.constantFrom('[', '{"a":')).map(([depth, opening]) => {
      const close = opening === '[' ? ']' : '}';
      return make('deeply nested', `${open()},"junk":${opening.repeat(depth)}1${close.repeat(depth)}}`, [/nested/i, /too large/i]);
    })),
    source('prototype key', 1, fc.constantFrom('__proto__', 'constructor', 'prototype')
      .map((key) => make('prototype key', `${open()},"${key}":{"is_admin":true,"polluted":1}}`, [key]))),
    source('wrong content-type', 1, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'text/html', 'application/octet-stream')
      .map((contentType) => make('wrong content-type', contentType === 'application/x-www-form-urlencoded' ? formEncoded(template()) : text(), [/content-type/i], { contentType }))),
    source('bad charset', 0.3, fc.constantFrom('application/json; charset=latin1', 'application/json; charset=iso-8859-1', 'application/json; charset=ebcdic')
      .map((contentType) => make('bad charset', text(), [/charset/i], { contentType }))),
  ];
}

function formEncoded(body: Record<string, unknown>): string {
  return new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
}

/**
 * The file cases of an upload route: a header that misses columns, names one twice or is no CSV,
 * no header at all, an empty file, a multipart form without its file, a media type or charset it
 * does not take. Each is refused before any import is opened, so nothing may change.
 */
export function uploadCases(route: RouteSpec): CaseSource[] {
  const upload = route.upload;
  if (!upload) return [];
  const { columns, rows } = upload;
  const base = { ...baseOf(route), path: route.path };
  const make = (kind: string, body: string, mentions: Hostile['mentions'], contentType = 'text/csv'): Hostile => ({ ...base, kind, body, mentions, contentType });
  const file = (header: string[]): string => `${[header.join(','), ...rows].join('\n')}\n`;
  const cases = [
    source('header missing columns', 4, fc.subarray(columns, { minLength: 1 }).chain((missing) =>
      fc.shuffledSubarray(columns.filter((c) => !missing.includes(c)), { minLength: columns.length - missing.length })
        .map((kept) => make('header missing columns', file([...kept, 'store']), missing)))),
    source('no header', 2, fc.constant(make('no header', `${rows.join('\n')}\n`, columns))),
    source('column named twice', 1, fc.constantFrom(...columns).map((twice) => make('column named twice', file([...columns, twice.toUpperCase()]), [twice]))),
    source('header is no CSV', 2, fc.constantFrom(
      `"${columns.join(',')}`, `${columns.join(',')},"x"y`, `${columns[0]},"${columns.slice(1).join(',')}`,
    ).map((header) => make('header is no CSV', `${[header, ...rows].join('\n')}\n`, [/csv/i, /quote/i]))),
    source('empty file', 1, fc.constantFrom('', '\n', '\r\n', '\uFEFF', ',,,\n').map((body) => make('empty file', body, [/empty/i, ...columns]))),
    source('separated by semicolons', 1, fc.constant(make('separated by semicolons', `${columns.join(';')}\n`, [/comma/i, /semicolon/i]))),
    source('wrong content-type', 2, fc.constantFrom('application/json', 'text/plain', 'application/xml', 'application/octet-stream', 'application/x-www-form-urlencoded', 'text/html')
      .map((contentType) => make('wrong content-type', contentType === 'application/json' ? JSON.stringify({ rows }) : file(columns), [/content-type/i], contentType))),
    source('bad charset', 1, fc.constantFrom('latin1', 'iso-8859-1', 'utf-16', 'windows-1252')
      .map((charset) => make('bad charset', file(columns), [/charset/i, /utf-8/i], `text/csv; charset=${charset}`))),
  ];
  if (upload.mediaTypes.includes('multipart/form-data')) cases.push(...multipartCases(file(columns), make));
  return cases;
}

/** Multipart forms a browser would not send: without the field `file`, without a boundary, with broken part headers. */
function multipartCases(csv: string, make: (kind: string, body: string, mentions: Hostile['mentions'], contentType?: string) => Hostile): CaseSource[] {
  const boundary = 'hostile-boundary';
  const form = (name: string, end = `--${boundary}--\r\n`): string =>
    `--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="sales.csv"\r\ncontent-type: text/csv\r\n\r\n${csv}\r\n${end}`;
  const multipart = `multipart/form-data; boundary=${boundary}`;
  return [
    source('multipart without the file field', 2, fc.constantFrom('upload', 'File', 'files', 'csv', 'data')
      .map((name) => make('multipart without the file field', form(name), [/"file"/i, /multipart/i], multipart))),
    source('malformed multipart', 1, fc.constantFrom<[string, string]>(
      [csv, multipart], [form('file'), 'multipart/form-data'], [`--${boundary}\r\nno headers\r\n`, multipart],
    ).map(([body, contentType]) => make('malformed multipart', body, [/multipart/i], contentType))),
  ];
}

/** Valid text for each query parameter a client would send: the required ones and those with a documented choice. */
export function validQuery(route: RouteSpec): Record<string, string> {
  const sent = route.query.filter((f) => f.required || f.example !== undefined || (f.shape.type === 'string' && f.shape.enum));
  return Object.fromEntries(sent.map((f) => [f.name, String(validValue(f.shape, f.example))]));
}

/** The query cases: each parameter wrong, repeated or bracketed; unknown ones; required ones missing. */
export function queryCases(route: RouteSpec, context: RouteContext): CaseSource[] {
  const fields = route.query;
  const valid = validQuery(route);
  const path = fillPath(route.path, context.pathIds);
  const base = { ...baseOf(route), path };
  const url = (params: URLSearchParams): string => `${path}?${params.toString()}`;
  const make = (kind: string, params: URLSearchParams | string, mentions: Hostile['mentions'], target?: string): Hostile =>
    ({ ...base, kind, path: typeof params === 'string' ? params : url(params), mentions, ...(target && { target }) });

  const cases: CaseSource[] = [
    ...perField(fields, 'wrong query value', 6, (field) => badQueryValue(field.shape)
      ?.map((value) => make('wrong query value', new URLSearchParams({ ...valid, [field.name]: value }), [field.name], field.name))),
    ...perField(fields, 'repeated query parameter', 2, (field) => fc.constantFrom('1', 'gold', '2025-01-01', 'x').map((second) => {
      const params = new URLSearchParams(valid);
      params.append(field.name, valid[field.name] ?? '1');
      params.append(field.name, second);
      return make('repeated query parameter', params, [field.name], field.name);
    })),
    ...perField(fields, 'bracketed query parameter', 1, (field) =>
      fc.constant(make('bracketed query parameter', `${url(new URLSearchParams(valid))}&${field.name}[a]=1`, [field.name], field.name))),
    source('unknown query parameter', 2, fc.tuple(
      fc.oneof(fc.constantFrom('sort', 'limit', 'offset', 'admin', 'where', 'q', 'Page'), fc.stringMatching(/^[a-z][a-z_]{0,15}$/)),
      fc.constantFrom('1', 'true', 'x', "' OR 1=1 --"),
    ).filter(([key]) => !fields.some((f) => f.name === key)).map(([key, value]) => make('unknown query parameter', new URLSearchParams({ ...valid, [key]: value }), [key]))),
    ...foreignQueryCases(route, context, valid, make),
  ];
  const required = fields.filter((f) => f.required);
  if (required.length) {
    cases.push(source('missing query parameter', 2, fc.subarray(required, { minLength: 1 }).map((missing) => {
      const params = new URLSearchParams(valid);
      for (const f of missing) params.delete(f.name);
      return make('missing query parameter', params, missing.map((f) => f.name));
    })));
  }
  return cases;
}

/** Another route's parameter (say `page` where there is no paging) is as unknown here as any. */
function foreignQueryCases(
  route: RouteSpec,
  context: RouteContext,
  valid: Record<string, string>,
  make: (kind: string, params: URLSearchParams | string, mentions: Hostile['mentions'], target?: string) => Hostile,
): CaseSource[] {
  const own = new Set(route.query.map((f) => f.name));
  const foreign = context.queryNames.filter((name) => !own.has(name));
  return foreign.map((name) => ({
    kind: 'foreign query parameter',
    target: name,
    weight: 2 / foreign.length,
    arbitrary: fc.constantFrom('1', '50', 'gold', 'x', '2025-01-01').map((value) => make('foreign query parameter', new URLSearchParams({ ...valid, [name]: value }), [name], name)),
  }));
}

/** A PDF in a multipart form (its magic number is ASCII, so it survives a text body): only the path is wrong. */
const PROOF_BOUNDARY = 'hostile-proof';
const WELL_FORMED_PROOF = {
  body: `--${PROOF_BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="proof.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--${PROOF_BOUNDARY}--\r\n`,
  contentType: `multipart/form-data; boundary=${PROOF_BOUNDARY}`,
};

/** The path cases: an id that is no id, and (where the route answers 404) a well-formed unknown one. */
export function pathCases(route: RouteSpec, context: RouteContext): CaseSource[] {
  const body = route.body ? toJson(templateOf(route, context)()) : undefined;
  const base = { ...baseOf(route), ...(body !== undefined && { body }), ...(route.binaryFile && WELL_FORMED_PROOF) };
  return route.pathParams.flatMap((param): CaseSource[] => {
    const at = (id: string): string => fillPath(route.path, { ...context.pathIds, [param.name]: id });
    const isUuid = param.shape.type === 'string' && param.shape.format === 'uuid';
    // An id of free form has no wrong shape: it names nothing (404), or is too long (400).
    const badMentions = isUuid ? [/uuid/i] : [/not found/i, /uuid/i, /format/i];
    const cases = [{
      kind: 'non-uuid id in path', target: param.name, weight: 3,
      arbitrary: badPathId(context.literals).map((id): Hostile => ({ ...base, kind: 'non-uuid id in path', target: param.name, path: at(id), mentions: badMentions })),
    }];
    if (route.refusesOtherPartners) {
      cases.push({ kind: "another partner's id in path", target: param.name, weight: 3,
        arbitrary: fc.uuid().map((id): Hostile => ({ ...base, kind: "another partner's id in path", target: param.name, path: at(id), mentions: [/own/i] })) });
    } else if ('404' in route.errors) {
      cases.push({ kind: 'unknown id in path', target: param.name, weight: 3,
        arbitrary: fc.uuid().map((id): Hostile => ({ ...base, kind: 'unknown id in path', target: param.name, path: at(id), mentions: [id, /not found/i] })) });
    }
    return cases;
  });
}

/** Every case of a route: its body, query and path cases and its business-rule refusals. */
export function routeCases(route: RouteSpec, context: RouteContext): CaseSource[] {
  return [
    ...(route.body ? bodyCases(route, context) : []),
    ...uploadCases(route),
    ...(route.query.length ? queryCases(route, context) : []),
    ...pathCases(route, context),
    ...context.semantic,
  ];
}

/** A route's requests; the route's own weight grows with how much there is to get wrong. */
export function routeArbitrary(cases: CaseSource[]): { weight: number; arbitrary: fc.Arbitrary<Hostile> } {
  // fast-check weights are integers; scale the fractional ones.
  const arbitrary = fc.oneof(...cases.map((c) => ({ weight: Math.max(1, Math.round(c.weight * 10)), arbitrary: c.arbitrary })));
  return { weight: Math.round(Math.min(2, 1 + cases.length / 25) * 10), arbitrary };
}

/** `kind:target` of each case a route has: what "cases per route" counts. */
export const caseLabels = (cases: CaseSource[]): string[] => cases.map((c) => (c.target ? `${c.kind}:${c.target}` : c.kind));

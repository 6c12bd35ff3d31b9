import { applyDecorators } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiResponse, DocumentBuilder, SwaggerModule, getSchemaPath } from '@nestjs/swagger';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH, serviceError } from '@spiffworks/contracts';
import { MAX_CORRELATION_ID_LENGTH } from '@spiffworks/messaging';
import { REQUEST_ID_HEADER } from '@spiffworks/runtime';
import { ErrorResponse } from './common.responses';
import { PROBLEM_JSON, problemBody, problemTitle } from './http-errors';

/** The Swagger UI; the document itself is at `API_DOCS_JSON_PATH`. Both are public. */
export const API_DOCS_PATH = 'api/docs';
export const API_DOCS_JSON_PATH = 'api/docs-json';

/** The name of the bearer security scheme (`@ApiBearerAuth()` uses the same default). */
export const BEARER_AUTH = 'bearer';

/** One tag per area of the API, in the order the UI lists them. */
export const API_TAGS = {
  auth: 'Sign in: a bearer token for every other call.',
  users: 'Staff users (admins and analysts).',
  partners: 'Channel partners: registration, approval, tier.',
  products: 'The product catalog with commission rates per tier.',
  spiffs: 'SPIFF campaigns; creating one assigns every targeted approved partner at once.',
  assignments: 'Opportunities: a partner assigned to products (and usually a spiff) for a period.',
  sales: 'Sales, returns and milestone progress; a sale answers its commission.',
  commissions: 'The commission ledger: review, approve, pay, reject, export.',
  disputes: "Disputes of ledger lines: a partner questions its line, an admin declines or adjusts it (a new adjustment line).",
  analytics: 'Read models: partner metrics, overview, spiff performance, time series.',
  admin: 'Operations: dead letters and their replay.',
  health: 'Liveness, readiness and metrics.',
} as const;

/** A code alone, `[code, when]`, or `[code, when, an example message]`. */
export type ErrorEntry = ErrorCode | [ErrorCode, string] | [ErrorCode, string, string];

/** What a code means when a route names it alone. */
const GENERIC: Partial<Record<ErrorCode, { description: string; message: string }>> = {
  [ErrorCode.VALIDATION_FAILED]: { description: 'Invalid input: `errors` names each field and why.', message: 'end_date must not be before start_date' },
  [ErrorCode.UNAUTHENTICATED]: { description: 'No bearer token, or an invalid or expired one.', message: 'a bearer token is required' },
  [ErrorCode.ACCOUNT_DISABLED]: { description: "The user was deactivated or the user's partner suspended.", message: 'this account is disabled' },
  [ErrorCode.FORBIDDEN]: { description: "The caller's role may not do this.", message: 'this action needs the role admin; you are partner' },
  [ErrorCode.UPSTREAM_FAILED]: { description: 'A service failed unexpectedly.', message: 'fulfillment service failed: internal error' },
  [ErrorCode.SERVICE_UNAVAILABLE]: { description: 'A service did not answer in time; the request was not carried out.', message: 'fulfillment service did not answer within 10000 ms' },
  [ErrorCode.MALFORMED_BODY]: { description: 'The body is not JSON, nests deeper than 32 levels or names a prototype key.', message: 'Unexpected end of JSON input' },
  [ErrorCode.PAYLOAD_TOO_LARGE]: { description: 'The JSON body is over 100 kB.', message: 'the request body is too large (the limit is 100 kB)' },
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: { description: 'A body that is not `application/json`.', message: 'content-type must be application/json, not text/plain' },
  [ErrorCode.TOO_MANY_LOGIN_ATTEMPTS]: { description: 'Too many failed logins; see `Retry-After`.', message: 'too many login attempts; try again in 42 seconds' },
};

/**
 * One error response with the shared problem body and a named example. Several codes with the same
 * status on a route add up: their descriptions join and each example is listed (`withErrorCodes`
 * then lists the route's codes in the schema).
 */
function errorResponse(code: ErrorCode, description: string, message: string): MethodDecorator & ClassDecorator {
  const status = ERROR_STATUS[code];
  // A validation message is "<field> <reason>", as the validation answers it.
  const [field, ...reason] = message.split(' ');
  const errors = code === ErrorCode.VALIDATION_FAILED ? [{ field, reason: reason.join(' ') }] : undefined;
  const headers = status === 429 ? { 'Retry-After': { description: 'Seconds until the next attempt is allowed.', schema: { type: 'integer' } } } : undefined;
  // Declared as JSON so that several codes of one status merge; `withErrorCodes` moves it to problem+json.
  return ApiResponse({
    status,
    description: `\`${code}\`: ${description}`,
    type: ErrorResponse,
    examples: { [code]: { summary: message, value: problemBody(serviceError(code, message, errors)) } },
    ...(headers && { headers }),
  });
}

/**
 * Documents the error codes a route (or every route of a controller) answers, each with the shared
 * problem body. Give a code alone for its generic description, or say when this route answers it
 * (and with what message). A route's own entry replaces the controller's for the same status.
 */
export function ApiErrors(...entries: ErrorEntry[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...entries.map((entry) => {
      const [code, description, message]: [ErrorCode, string?, string?] = Array.isArray(entry) ? entry : [entry];
      const generic = GENERIC[code] ?? { description: problemTitle(code), message: problemTitle(code).toLowerCase() };
      return errorResponse(code, description ?? generic.description, message ?? generic.message);
    }),
  );
}

/** The errors any route behind the token may answer: no token, wrong role, a service failed or timed out. */
const PROTECTED_ERRORS = [ErrorCode.UNAUTHENTICATED, ErrorCode.ACCOUNT_DISABLED, ErrorCode.FORBIDDEN, ErrorCode.UPSTREAM_FAILED, ErrorCode.SERVICE_UNAVAILABLE];
const BODY_ERRORS = [ErrorCode.MALFORMED_BODY, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE];
export const ApiProtectedErrors = (): MethodDecorator & ClassDecorator => ApiErrors(...PROTECTED_ERRORS);

const EXAMPLE_IDEMPOTENCY_KEY = '7c0d5a36-1f8e-4b6a-9d2c-3e4f5a6b7c8d';

/** The optional `Idempotency-Key` of a POST that creates something, and the 422 it can cause. */
export function ApiIdempotencyKey(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        `1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (else 400), say a UUID per intended creation. ` +
        'The same key with the same body answers the first response again and creates nothing; ' +
        'with another body it is 422; while the first request with it is still running, 409. Keys belong to the signed-in user.',
      schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH, pattern: '^[\\x21-\\x7E]+$', example: EXAMPLE_IDEMPOTENCY_KEY },
    }),
    errorResponse(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'The Idempotency-Key was already used with another body (or on another POST of the same service).',
      `Idempotency-Key ${EXAMPLE_IDEMPOTENCY_KEY} was already used with a different request`,
    ),
    errorResponse(
      ErrorCode.IDEMPOTENCY_KEY_IN_USE,
      'A request with this Idempotency-Key is still running; try again.',
      `Idempotency-Key ${EXAMPLE_IDEMPOTENCY_KEY} is in use; try again`,
    ),
  );
}

/** A `{id}` path parameter that must be a UUID (`UuidParam`: anything else is a 400 naming it). */
export const ApiUuidParam = (description: string, name = 'id'): MethodDecorator =>
  ApiParam({ name, description, schema: { type: 'string', format: 'uuid' } });

export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('SpiffWorks API')
    .setDescription(
      'The gateway of the SpiffWorks channel-partner incentive platform. Bodies and responses are JSON with ' +
        'snake_case fields; dates are calendar dates `YYYY-MM-DD`, periods inclusive; money is a JSON number ' +
        'exact to the cent. Send `Authorization: Bearer <access_token>` (from `POST /api/auth/login`) on ' +
        'everything except login, health, metrics and these docs. Lists take `?page=1&page_size=50` (max 500) and answer ' +
        '`{ items, total, page, page_size }`. Errors answer RFC 9457 problem details (`application/problem+json`): ' +
        '`{ type, title, status, detail, code, errors: [{ field, reason }], statusCode, error, message }`; branch on `code`, ' +
        'a stable UPPER_SNAKE name listed per response (`statusCode`, `error` and `message` repeat `status`, its reason phrase and `detail`).',
    )
    .setVersion('0.1.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The `access_token` from `POST /api/auth/login`.' },
      BEARER_AUTH,
    )
    .addGlobalParameters({
      name: REQUEST_ID_HEADER,
      in: 'header',
      required: false,
      description:
        'Optional correlation id: every log line, RPC call and event of the request carries it, and the response ' +
        'returns it. Without one (or with one that does not match the pattern), the gateway makes a UUID.',
      schema: { type: 'string', minLength: 1, maxLength: MAX_CORRELATION_ID_LENGTH, pattern: '^[A-Za-z0-9._:/+=@-]+$' },
    });
  for (const [name, description] of Object.entries(API_TAGS)) builder.addTag(name, description);

  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return withRequestIdOnResponses(withErrorCodes(withUniqueOperationIds(document)));
}

/** Every response carries the request's correlation id back in `X-Request-Id`. */
function withRequestIdOnResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    headers: {
      ...document.components?.headers,
      [REQUEST_ID_HEADER]: {
        description: "The request's correlation id: the caller's `X-Request-Id`, or one the gateway made.",
        schema: { type: 'string' },
      },
    },
  };
  for (const operation of operationsOf(document)) {
    for (const response of Object.values(operation.responses ?? {})) {
      if (!response || '$ref' in response) continue;
      response.headers = { ...response.headers, [REQUEST_ID_HEADER]: { $ref: `#/components/headers/${REQUEST_ID_HEADER}` } };
    }
  }
  return document;
}

/**
 * Each error response's schema names exactly the codes the route answers with that status (the
 * codes of its examples), so a client generator sees them as an enum.
 */
function withErrorCodes(document: OpenAPIObject): OpenAPIObject {
  for (const operation of operationsOf(document)) {
    // A route's own codes for a status replace its controller's: put the token's codes back.
    if (operation.security?.some((s) => BEARER_AUTH in s)) {
      for (const code of PROTECTED_ERRORS) addExample(operation, code);
    }
    // The body parser answers these before any route runs.
    if (operation.requestBody) for (const code of BODY_ERRORS) addExample(operation, code);
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (Number(status) < 400 || !response || '$ref' in response) continue;
      const content = response.content?.['application/json'];
      if (!content) continue;
      const codes = Object.keys(content.examples ?? {});
      response.content = {
        [PROBLEM_JSON]: {
          ...content,
          schema: { allOf: [{ $ref: getSchemaPath(ErrorResponse) }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }] },
        },
      };
    }
  }
  return document;
}

/** Adds `code`'s generic example to the operation's response for its status, unless it is there. */
function addExample(operation: OperationObject, code: ErrorCode): void {
  const status = String(ERROR_STATUS[code]);
  const generic = GENERIC[code] ?? { description: problemTitle(code), message: problemTitle(code).toLowerCase() };
  const responses = (operation.responses ??= {});
  const existing = responses[status];
  if (existing && '$ref' in existing) return;
  const response = existing ?? { description: '' };
  const content = (response.content ??= {})['application/json'] ?? { schema: { $ref: getSchemaPath(ErrorResponse) } };
  if (content.examples?.[code]) return;
  content.examples = { ...content.examples, [code]: { summary: generic.message, value: problemBody(serviceError(code, generic.message)) } };
  response.content['application/json'] = content;
  response.description = [response.description, `\`${code}\`: ${generic.description}`].filter(Boolean).join('\n\n');
  responses[status] = response;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function* operationsOf(document: OpenAPIObject): Generator<OperationObject> {
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) yield operation;
    }
  }
}

/** A handler served on two paths (the seed's and ours) appears twice; operation ids must stay unique. */
function withUniqueOperationIds(document: OpenAPIObject): OpenAPIObject {
  const seen = new Map<string, number>();
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operationId = item[method]?.operationId;
      if (!operationId) continue;
      const count = (seen.get(operationId) ?? 0) + 1;
      seen.set(operationId, count);
      // A copy: the two paths may share one operation object.
      if (count > 1) item[method] = { ...item[method], operationId: `${operationId}_${count}` } as OperationObject;
    }
  }
  return document;
}

/** Serves the Swagger UI at `/api/docs` and the OpenAPI document at `/api/docs-json`, without a token. */
export function setupApiDocs(app: INestApplication): void {
  SwaggerModule.setup(API_DOCS_PATH, app, () => buildApiDocument(app), {
    jsonDocumentUrl: API_DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'SpiffWorks API',
  });
}

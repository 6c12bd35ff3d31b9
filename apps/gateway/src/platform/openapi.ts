import { applyDecorators } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH } from '@spiffworks/contracts';
import { MAX_CORRELATION_ID_LENGTH } from '@spiffworks/messaging';
import { REQUEST_ID_HEADER } from '@spiffworks/runtime';
import { EXAMPLE, ErrorResponse } from './common.responses';

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
  analytics: 'Read models: partner metrics, overview, spiff performance, time series.',
  admin: 'Operations: dead letters and their replay.',
  health: 'Liveness, readiness and metrics.',
} as const;

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 502 | 503;

/** A status alone, `[status, when]`, or `[status, when, an example message]`. */
export type ErrorEntry = ErrorStatus | [ErrorStatus, string] | [ErrorStatus, string, string];

const ERRORS: Record<ErrorStatus, { error: string; description: string; message: string }> = {
  400: { error: 'Bad Request', description: 'Invalid input: `errors` names each field and why.', message: 'end_date must not be before start_date' },
  401: { error: 'Unauthorized', description: 'No bearer token, or an invalid or expired one.', message: 'a bearer token is required' },
  403: { error: 'Forbidden', description: "The caller's role may not do this, or the data is another partner's.", message: 'this action needs the role admin; you are partner' },
  404: { error: 'Not Found', description: 'No such resource.', message: `partner ${EXAMPLE.partnerId} not found` },
  409: { error: 'Conflict', description: 'Conflicts with the current state.', message: 'a partner with contact_email sales@techcorp.example already exists' },
  422: { error: 'Unprocessable Entity', description: 'Well-formed but not acceptable now.', message: 'cannot return 3 units: 2 of the 2 sold remain' },
  429: { error: 'Too Many Requests', description: 'Too many login attempts; see `Retry-After`.', message: 'too many login attempts; try again in 42 seconds' },
  502: { error: 'Bad Gateway', description: 'A service failed unexpectedly.', message: 'fulfillment service failed: internal error' },
  503: { error: 'Service Unavailable', description: 'A service did not answer in time.', message: 'fulfillment service did not answer within 10000 ms' },
};

/**
 * One error response with the shared `ErrorResponse` body and a named example. Two decorators for
 * the same status on a route add up: their descriptions join and both examples are listed.
 */
function errorResponse(status: ErrorStatus, description: string, message: string, exampleName: string): MethodDecorator & ClassDecorator {
  // A 400's message is "<field> <reason>", as the validation answers it.
  const [field, ...reason] = message.split(' ');
  const value = {
    statusCode: status,
    error: ERRORS[status].error,
    message,
    ...(status === 400 && { errors: [{ field, reason: reason.join(' ') }] }),
  };
  const headers = status === 429 ? { 'Retry-After': { description: 'Seconds until the next attempt is allowed.', schema: { type: 'integer' } } } : undefined;
  return ApiResponse({
    status,
    description,
    type: ErrorResponse,
    examples: { [exampleName]: { summary: message, value } },
    ...(headers && { headers }),
  });
}

/**
 * Documents error responses, all with the shared `ErrorResponse` body. Give a status alone for the
 * generic description and example, or say when this route answers it (and with what message).
 * Works on a controller (every route) and on a route; a route's own entry replaces the controller's.
 */
export function ApiErrors(...entries: ErrorEntry[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...entries.map((entry) => {
      const [status, description, message]: [ErrorStatus, string?, string?] = Array.isArray(entry) ? entry : [entry];
      const { error, description: generic, message: example } = ERRORS[status];
      return errorResponse(status, description ?? generic, message ?? example, error.toLowerCase().replace(/ /g, '_'));
    }),
  );
}

/** The errors any route behind the token may answer: no token, wrong role, a service failed or timed out. */
export const ApiProtectedErrors = (): MethodDecorator & ClassDecorator => ApiErrors(401, 403, 502, 503);

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
      422,
      'The Idempotency-Key was already used with another body (or on another POST of the same service).',
      `Idempotency-Key ${EXAMPLE_IDEMPOTENCY_KEY} was already used with a different request`,
      'idempotency_key_reused',
    ),
  );
}

/** A `{id}` path parameter that must be a UUID (`ParseUUIDPipe`: anything else is a 400). */
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
        '`{ items, total, page, page_size }`. Errors answer `{ statusCode, error, message, errors? }`.',
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
  return withRequestIdOnResponses(withUniqueOperationIds(document));
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

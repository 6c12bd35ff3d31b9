import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError, ServiceError } from '@spiffworks/contracts';
import { ERROR_STATUS, ErrorCode, describeFieldErrors, isServiceError, serviceError } from '@spiffworks/contracts';
import { RpcCallFailed } from '@spiffworks/messaging';

/** RFC 9457 media type of every error body. */
export const PROBLEM_JSON = 'application/problem+json';

/** The problem type of a code: a URN, so it stays stable without a host to resolve it. */
export const problemType = (code: ErrorCode): string => `urn:spiffworks:problem:${code}`;

/** `SALE_NOT_COVERED` → "Sale not covered": the problem type's short, fixed summary. */
export const problemTitle = (code: ErrorCode): string => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');

/**
 * The body of every failed request: RFC 9457 problem details (`type`, `title`, `status`, `detail`)
 * plus `code` and `errors`, and the fields clients read before (`statusCode`, `error`, `message`).
 */
export function problemBody(error: ServiceError): Record<string, unknown> {
  return {
    type: problemType(error.code),
    title: problemTitle(error.code),
    status: error.status,
    detail: error.message,
    code: error.code,
    errors: error.errors ?? [],
    statusCode: error.status,
    error: STATUS_CODES[error.status] ?? 'Error',
    message: error.message,
  };
}

/** An error the gateway itself answers, with its code. */
export function problem(code: ErrorCode, message: string, errors?: FieldError[]): HttpException {
  return new HttpException(serviceError(code, message, errors), ERROR_STATUS[code]);
}

/** class-validator's errors as field/reason pairs, nested fields dotted (`commission_rates.gold`). */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      reason: rule === 'whitelistValidation' ? 'is not an allowed field' : message.replace(`${e.property} `, ''),
    }));
    return [...own, ...toFieldErrors(e.children ?? [], field)];
  });
}

export function validationFailed(errors: ValidationError[]): HttpException {
  return invalidRequest(toFieldErrors(errors));
}

export function invalidRequest(fieldErrors: FieldError[]): HttpException {
  return problem(ErrorCode.VALIDATION_FAILED, describeFieldErrors(fieldErrors), fieldErrors);
}

/** The code of an HTTP error raised without one (Nest's own guards, pipes, router and body parser). */
const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.ROUTE_NOT_FOUND,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.TOO_MANY_LOGIN_ATTEMPTS,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** Any error that reaches the edge, as the ServiceError its problem body is made from. */
export function toEdgeError(exception: unknown): ServiceError {
  if (exception instanceof RpcCallFailed) return exception.error;
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    if (isServiceError(response)) return response;
    const status = exception.getStatus();
    const message = typeof response === 'string' ? response : describe((response as { message?: unknown }).message) ?? exception.message;
    const code = CODE_OF_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.REQUEST_REFUSED);
    // An HTTP error without a code of its own keeps its status (a 405 stays a 405).
    return { code, status: status as ServiceError['status'], message };
  }
  const parserError = bodyParserError(exception);
  if (parserError) return parserError;
  return serviceError(ErrorCode.INTERNAL_ERROR, 'internal error');
}

function describe(message: unknown): string | undefined {
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}

/** body-parser's errors carry `type` and `status`: too large is 413, anything unparseable a 400. */
function bodyParserError(exception: unknown): ServiceError | undefined {
  const candidate = exception as { type?: unknown; status?: unknown; message?: unknown; limit?: unknown };
  if (typeof candidate?.type !== 'string' || typeof candidate.status !== 'number') return undefined;
  if (candidate.status === 413) {
    const limit = typeof candidate.limit === 'number' ? ` (the limit is ${Math.round(candidate.limit / 1024)} kB)` : '';
    return serviceError(ErrorCode.PAYLOAD_TOO_LARGE, `the request body is too large${limit}`);
  }
  if (candidate.status === 415) return serviceError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, String(candidate.message));
  if (candidate.status === 400) return serviceError(ErrorCode.MALFORMED_BODY, String(candidate.message));
  return undefined;
}

/** Writes a problem body with its status and media type. */
export function sendProblem(response: { status(code: number): { type(t: string): { send(body: string): void } } }, error: ServiceError): void {
  response.status(error.status).type(PROBLEM_JSON).send(JSON.stringify(problemBody(error)));
}

/**
 * Every error answered by the gateway becomes problem details with a stable code: a service's own
 * (400/401/403/404/409/422 as it said, 502 when it failed unexpectedly, 503 when it did not answer),
 * the gateway's validation, guards and router, and anything unexpected (500, logged).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toEdgeError(exception);
    if (error.code === ErrorCode.INTERNAL_ERROR) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    sendProblem(host.switchToHttp().getResponse(), error);
  }
}

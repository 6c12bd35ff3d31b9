import { STATUS_CODES } from 'node:http';
import { Catch, HttpException } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from '@spiffworks/contracts';
import { describeFieldErrors } from '@spiffworks/contracts';
import { RpcCallFailed } from '@spiffworks/messaging';

/** The error body of every failed request: `{ statusCode, error, message, errors? }`. */
export function errorBody(status: number, message: string, errors?: FieldError[]): Record<string, unknown> {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...(errors && { errors }) };
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
  return new HttpException(errorBody(400, describeFieldErrors(fieldErrors), fieldErrors), 400);
}

/**
 * Maps a service's error to its HTTP status: 400/401/403/404/409/422 as the service said,
 * 503 when it did not answer, 502 when it failed unexpectedly.
 */
@Catch(RpcCallFailed)
export class ServiceErrorToHttp implements ExceptionFilter {
  catch(exception: RpcCallFailed, host: ArgumentsHost): void {
    const { status, message } = exception.error;
    const httpStatus = status === 500 ? 502 : status;
    const errors = 'errors' in exception.error ? exception.error.errors : undefined;
    host.switchToHttp().getResponse().status(httpStatus).json(errorBody(httpStatus, message, errors));
  }
}

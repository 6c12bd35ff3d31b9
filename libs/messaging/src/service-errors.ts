import { RpcException } from '@nestjs/microservices';
import type { FieldError, ServiceError } from '@spiffworks/contracts';
import { ErrorCode, describeFieldErrors, isServiceError, serviceError } from '@spiffworks/contracts';

/** An error a service means to return: it reaches the caller with its code, status and message. */
export class ServiceFailure extends RpcException {
  readonly serviceError: ServiceError;

  constructor(code: ErrorCode, message: string, errors?: FieldError[]) {
    const error = serviceError(code, message, errors);
    super(error);
    this.serviceError = error;
  }

  /** 400 VALIDATION_FAILED naming each field and its reason. */
  static invalid(errors: FieldError[]): ServiceFailure {
    return new ServiceFailure(ErrorCode.VALIDATION_FAILED, describeFieldErrors(errors), errors);
  }

  /** A 404 with its own code: "sale 123 not found". */
  static notFound(code: ErrorCode, what: string, id: string): ServiceFailure {
    return new ServiceFailure(code, `${what} ${id} not found`);
  }
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_INVALID_TEXT = '22P02';
const PG_NUMERIC_OUT_OF_RANGE = '22003';

/** True for PostgreSQL's "numeric field overflow" (22003): a value wider than its column. */
export function isNumericOverflow(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code;
  return code === PG_NUMERIC_OUT_OF_RANGE;
}

/** What the caller is told about any error thrown by an RPC handler. */
export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceFailure) return error.serviceError;
  if (error instanceof RpcException && isServiceError(error.getError())) return error.getError() as ServiceError;
  const code = (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ??
    (error as { code?: string })?.code;
  if (code === PG_UNIQUE_VIOLATION) return serviceError(ErrorCode.DUPLICATE_RECORD, 'a record with these values already exists');
  if (code === PG_INVALID_TEXT) return serviceError(ErrorCode.VALIDATION_FAILED, 'a value has the wrong format');
  if (code === PG_NUMERIC_OUT_OF_RANGE) return serviceError(ErrorCode.AMOUNT_OUT_OF_RANGE, 'an amount is larger than the platform can hold');
  return serviceError(ErrorCode.INTERNAL_ERROR, 'internal error');
}

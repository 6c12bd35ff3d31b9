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

/** The PostgreSQL error under a TypeORM QueryFailedError (`driverError`), or the error itself (pg). */
interface PgError {
  code?: string;
  /** Set by PostgreSQL for some errors only; "numeric field overflow" (22003) usually leaves it out. */
  column?: string;
  /** For a numeric column: "A field with precision 18, scale 2 must round to an absolute value less than 10^16." */
  detail?: string;
  message?: string;
}

function pgErrorOf(error: unknown): PgError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const driverError = (error as { driverError?: unknown }).driverError;
  return (typeof driverError === 'object' && driverError !== null ? driverError : error) as PgError;
}

const NUMERIC_LIMIT = /precision (\d+), scale (\d+) must round to an absolute value less than (10\^\d+)/;

/**
 * A value wider than its column (22003: "numeric field overflow", "integer out of range"), which
 * the services' own limits should have refused first: a 422 naming the field. PostgreSQL names the
 * column only sometimes; otherwise the field is `amount` (every such column holds an amount or a
 * count of one), and the reason says the limit the column's precision sets, when the detail tells.
 */
function numericOverflow(pg: PgError) {
  const field = pg.column || 'amount';
  const limit = NUMERIC_LIMIT.exec(pg.detail ?? '');
  const reason = limit
    ? `must be less than ${limit[3]} (a numeric(${limit[1]},${limit[2]}) value)`
    : `is larger than the platform can hold (${pg.message || 'numeric value out of range'})`;
  return serviceError(ErrorCode.AMOUNT_OUT_OF_RANGE, `${field} ${reason}`, [{ field, reason }]);
}

/** What the caller is told about any error thrown by an RPC handler. */
export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceFailure) return error.serviceError;
  if (error instanceof RpcException && isServiceError(error.getError())) return error.getError() as ServiceError;
  const pg = pgErrorOf(error);
  if (pg?.code === PG_UNIQUE_VIOLATION) return serviceError(ErrorCode.DUPLICATE_RECORD, 'a record with these values already exists');
  if (pg?.code === PG_INVALID_TEXT) return serviceError(ErrorCode.VALIDATION_FAILED, 'a value has the wrong format');
  if (pg?.code === PG_NUMERIC_OUT_OF_RANGE) return numericOverflow(pg);
  return serviceError(ErrorCode.INTERNAL_ERROR, 'internal error');
}

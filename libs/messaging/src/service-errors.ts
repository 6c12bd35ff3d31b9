import { RpcException } from '@nestjs/microservices';
import type { FieldError, ServiceError } from '@spiffworks/contracts';
import { describeFieldErrors, isServiceError } from '@spiffworks/contracts';

/** An error a service means to return: it reaches the caller with its status and message. */
export class ServiceFailure extends RpcException {
  constructor(readonly serviceError: ServiceError) {
    super(serviceError);
  }

  static invalid(errors: FieldError[]): ServiceFailure {
    return new ServiceFailure({ status: 400, message: describeFieldErrors(errors), errors });
  }

  static notFound(what: string, id: string): ServiceFailure {
    return new ServiceFailure({ status: 404, message: `${what} ${id} not found` });
  }

  static conflict(message: string): ServiceFailure {
    return new ServiceFailure({ status: 409, message });
  }

  static forbidden(message: string): ServiceFailure {
    return new ServiceFailure({ status: 403, message });
  }

  static unauthorized(message: string): ServiceFailure {
    return new ServiceFailure({ status: 401, message });
  }

  static unprocessable(message: string): ServiceFailure {
    return new ServiceFailure({ status: 422, message });
  }
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_INVALID_TEXT = '22P02';

/** What the caller is told about any error thrown by an RPC handler. */
export function toServiceError(error: unknown): ServiceError | { status: 500; message: string } {
  if (error instanceof ServiceFailure) return error.serviceError;
  if (error instanceof RpcException && isServiceError(error.getError())) return error.getError() as ServiceError;
  const code = (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ??
    (error as { code?: string })?.code;
  if (code === PG_UNIQUE_VIOLATION) return { status: 409, message: 'a record with these values already exists' };
  if (code === PG_INVALID_TEXT) return { status: 400, message: 'a value has the wrong format' };
  return { status: 500, message: 'internal error' };
}

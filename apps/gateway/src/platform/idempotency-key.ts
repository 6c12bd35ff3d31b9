import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH, isIdempotencyKey } from '@spiffworks/contracts';
import { invalidRequest } from './http-errors';

/**
 * The request's `Idempotency-Key` header, or undefined without one; 400 when it is not 1 to 200
 * visible ASCII characters. Pass it to `PlatformServices.create`; the service keeps the record.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>()
    .headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (value === undefined) return undefined;
  if (!isIdempotencyKey(value)) {
    throw invalidRequest([
      { field: IDEMPOTENCY_KEY_HEADER, reason: `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters` },
    ]);
  }
  return value;
});

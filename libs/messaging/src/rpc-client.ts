import type { ClientProxy } from '@nestjs/microservices';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import type { Actor, RpcRequest, ServiceError } from '@spiffworks/contracts';
import { isServiceError } from '@spiffworks/contracts';
import { currentCorrelationId } from './correlation';

/** A failed RPC: the service's own error, or 503 when it did not answer in time. */
export class RpcCallFailed extends Error {
  constructor(readonly error: ServiceError | { status: 500; message: string }) {
    super(error.message);
  }
}

/** Sends a request and waits for the reply, at most `timeoutMs`. */
export async function requestReply<T>(
  client: ClientProxy,
  service: string,
  pattern: string,
  body: unknown,
  actor: Actor | null,
  timeoutMs: number,
  idempotencyKey?: string,
): Promise<T> {
  const request: RpcRequest = { actor, correlation_id: currentCorrelationId(), body, ...(idempotencyKey && { idempotency_key: idempotencyKey }) };
  try {
    return await firstValueFrom(client.send<T>(pattern, request).pipe(timeout(timeoutMs)));
  } catch (error) {
    if (error instanceof TimeoutError) {
      throw new RpcCallFailed({ status: 503, message: `${service} service did not answer within ${timeoutMs} ms` });
    }
    if (isServiceError(error)) throw new RpcCallFailed(error);
    if (isInternal(error)) throw new RpcCallFailed({ status: 500, message: `${service} service failed: ${error.message}` });
    throw new RpcCallFailed({ status: 503, message: `${service} service is unavailable` });
  }
}

function isInternal(error: unknown): error is { status: 500; message: string } {
  return (error as { status?: unknown })?.status === 500 && typeof (error as { message?: unknown }).message === 'string';
}

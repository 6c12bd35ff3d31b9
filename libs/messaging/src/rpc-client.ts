import { RmqRecord } from '@nestjs/microservices';
import type { ClientProxy } from '@nestjs/microservices';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import type { Actor, RpcRequest, ServiceError } from '@spiffworks/contracts';
import { ErrorCode, isServiceError, serviceError } from '@spiffworks/contracts';
import { currentCorrelationId } from './correlation';
import { deadlineMargin } from './deadline';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { endSpan, platformTracer, traceCarrier } from './trace-context';

/** How a call ended, for metrics: answered, refused (4xx), failed (500), timed out, or no service reached. */
export type RpcCallOutcome = 'ok' | 'rejected' | 'error' | 'timeout' | 'unavailable';

/** A failed RPC: the service's own error, 502 when it failed unexpectedly, or 503 when it did not answer in time. */
export class RpcCallFailed extends Error {
  readonly outcome: Exclude<RpcCallOutcome, 'ok'>;

  constructor(
    readonly error: ServiceError,
    outcome?: 'timeout' | 'unavailable',
  ) {
    super(error.message);
    this.outcome = outcome ?? (error.status >= 500 && error.status !== 503 ? 'error' : error.status === 503 ? 'unavailable' : 'rejected');
  }
}

/** The outcome of a call that settled with `error` (anything but an RpcCallFailed is an 'error'). */
export function rpcCallOutcome(error: unknown): Exclude<RpcCallOutcome, 'ok'> {
  return error instanceof RpcCallFailed ? error.outcome : 'error';
}

/**
 * Sends a request and waits for the reply, at most `timeoutMs`. The request carries a deadline
 * `deadlineMarginMs` earlier than that (`deadlineMargin`: `RPC_DEADLINE_MARGIN_MS`, by default
 * max(500 ms, 10 % of the timeout)) twice: as the broker message's TTL (`expiration`: a request
 * still queued that late is discarded by RabbitMQ) and as `deadline_at`, which the service checks
 * before it starts the handler and before it commits (a request already delivered to a frozen or
 * busy process). The margin is the time the commit, the reply's trip and clock skew have after
 * the service's last check: a command that passed it is answered before the caller gives up.
 */
export async function requestReply<T>(
  client: ClientProxy,
  service: string,
  pattern: string,
  body: unknown,
  actor: Actor | null,
  timeoutMs: number,
  idempotencyKey?: string,
  deadlineMarginMs?: number,
): Promise<T> {
  const serviceBudgetMs = timeoutMs - deadlineMargin(timeoutMs, deadlineMarginMs);
  const deadlineAt = Date.now() + serviceBudgetMs;
  // The call's own span; the service's handler continues it from the request's `traceparent`.
  const span = platformTracer.startSpan(`rpc ${pattern}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'rpc.system': 'rabbitmq', 'rpc.service': service, 'rpc.method': pattern },
  });
  const calling = trace.setSpan(context.active(), span);
  const request: RpcRequest = {
    actor,
    correlation_id: currentCorrelationId(),
    body,
    ...(idempotencyKey && { idempotency_key: idempotencyKey }),
    deadline_at: deadlineAt,
    ...traceCarrier(calling),
  };
  const record = new RmqRecord(request, { expiration: String(serviceBudgetMs) });
  try {
    const reply = await context.with(calling, () => firstValueFrom(client.send<T>(pattern, record).pipe(timeout(timeoutMs))));
    endSpan(span);
    return reply;
  } catch (error) {
    endSpan(span, error);
    if (error instanceof TimeoutError) {
      throw new RpcCallFailed(serviceError(ErrorCode.SERVICE_UNAVAILABLE, `${service} service did not answer within ${timeoutMs} ms`), 'timeout');
    }
    if (isServiceError(error) && error.code === ErrorCode.INTERNAL_ERROR) {
      throw new RpcCallFailed(serviceError(ErrorCode.UPSTREAM_FAILED, `${service} service failed: ${error.message}`));
    }
    if (isServiceError(error)) throw new RpcCallFailed(error);
    throw new RpcCallFailed(serviceError(ErrorCode.SERVICE_UNAVAILABLE, `${service} service is unavailable`), 'unavailable');
  }
}

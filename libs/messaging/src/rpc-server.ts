import { Catch, Injectable, Logger } from '@nestjs/common';
import type { ArgumentsHost, CallHandler, ExecutionContext, NestInterceptor, RpcExceptionFilter } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { Observable, finalize, tap, throwError } from 'rxjs';
import { ErrorCode } from '@spiffworks/contracts';
import { currentCorrelationId, runWithCorrelation } from './correlation';
import { deadlineOf, requestExpired, runWithDeadline } from './deadline';
import { toServiceError } from './service-errors';
import { SpanKind, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { contextFrom, endSpan, platformTracer, withTraceContext } from './trace-context';

/** Turns every error an RPC handler throws into a ServiceError the gateway can map. */
@Catch()
export class ServiceErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RPC');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const error = toServiceError(exception);
    if (error.code === ErrorCode.INTERNAL_ERROR) {
      const pattern = host.switchToRpc().getContext<RmqContext>().getPattern();
      this.logger.error(`${pattern} failed: ${exception instanceof Error ? exception.stack : String(exception)}`);
    }
    return throwError(() => error);
  }
}

/**
 * How a handled request ended: answered, refused with a 4xx ServiceError, failed (500), or
 * expired: it arrived after its caller's deadline and its handler never ran.
 */
export type RpcOutcome = 'ok' | 'rejected' | 'error' | 'expired';

/** One handled RPC request, reported once its handler answered (for logs and metrics). */
export interface HandledRequest {
  pattern: string;
  outcome: RpcOutcome;
  status: number;
  durationMs: number;
  correlationId: string;
  /** An expired request: how far past its deadline it was dropped or rolled back (ms, by this process's clock). */
  lateByMs?: number;
}

/**
 * For every message: carries its correlation id into the handler; for a request (one that
 * expects a reply) also acks it once the handler has answered, and reports it to `onRequest`.
 * Events are settled by `settleDelivery` inside their handler, after their transaction commits.
 *
 * A request past its `deadline_at` (its caller has answered 503) is acked and answered
 * REQUEST_EXPIRED without running its handler; one that starts in time runs with its deadline in
 * scope, so its transaction refuses to commit past it (`assertBeforeDeadline`).
 */
@Injectable()
export class MessageContextInterceptor implements NestInterceptor {
  constructor(private readonly onRequest?: (request: HandledRequest) => void) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rmq = context.switchToRpc().getContext<RmqContext>();
    const data = context.switchToRpc().getData<{ correlation_id?: string; traceparent?: string; tracestate?: string } | undefined>();
    const message = rmq.getMessage() as ConsumeMessage;
    const isRequest = Boolean(message.properties.replyTo);
    const deadlineAt = isRequest ? deadlineOf(data) : undefined;
    const started = performance.now();
    let status = 200;
    let expiredWhileRunning = false;
    // A request's handler runs in a span continuing its caller's (the request's `traceparent`).
    const parent = isRequest ? contextFrom(data) : undefined;
    const span: Span | undefined = parent && platformTracer.startSpan(`rpc ${String(rmq.getPattern())}`, {
      kind: SpanKind.SERVER,
      attributes: { 'rpc.system': 'rabbitmq', 'rpc.method': String(rmq.getPattern()) },
    }, parent);
    return new Observable((subscriber) =>
      withTraceContext(span && parent && trace.setSpan(parent, span), () => runWithCorrelation(data?.correlation_id, () => {
        const correlationId = currentCorrelationId();
        const pattern = String(rmq.getPattern());
        const lateByMs = deadlineAt === undefined ? 0 : Date.now() - deadlineAt;
        if (deadlineAt !== undefined && lateByMs >= 0) {
          ackQuietly(rmq.getChannelRef() as Channel, message);
          const expired = requestExpired(deadlineAt, pattern);
          this.report({ pattern, status: expired.serviceError.status, durationMs: performance.now() - started, correlationId }, lateByMs);
          if (span) endSpan(span, expired);
          subscriber.error(expired);
          return undefined;
        }
        return runWithDeadline(deadlineAt, () => next
          .handle()
          .pipe(
            tap({
              error: (error: unknown) => {
                const failure = toServiceError(error);
                status = failure.status;
                expiredWhileRunning = failure.code === ErrorCode.REQUEST_EXPIRED && deadlineAt !== undefined;
              },
            }),
            finalize(() => {
              if (!isRequest) return;
              ackQuietly(rmq.getChannelRef() as Channel, message);
              // Rolled back at commit past its deadline (`assertBeforeDeadline`): counted as expired too.
              const late = expiredWhileRunning ? Date.now() - (deadlineAt as number) : undefined;
              this.report({ pattern, status, durationMs: performance.now() - started, correlationId }, late);
              if (span) {
                span.setAttribute('rpc.status', status);
                endSpan(span, status >= 500 ? `status ${status}` : undefined);
              }
            }),
          )
          .subscribe(subscriber));
      })),
    );
  }

  private report(request: Omit<HandledRequest, 'outcome' | 'lateByMs'>, lateByMs?: number): void {
    if (!this.onRequest) return;
    const outcome: RpcOutcome =
      lateByMs !== undefined ? 'expired' : request.status < 400 ? 'ok' : request.status < 500 ? 'rejected' : 'error';
    try {
      this.onRequest({ ...request, outcome, ...(lateByMs !== undefined && { lateByMs }) });
    } catch {
      // observing a request never fails it
    }
  }
}

function ackQuietly(channel: Channel, message: ConsumeMessage): void {
  try {
    channel.ack(message);
  } catch {
    // channel closed: the request is redelivered, and its caller has already timed out
  }
}

import { Catch, Injectable, Logger } from '@nestjs/common';
import type { ArgumentsHost, CallHandler, ExecutionContext, NestInterceptor, RpcExceptionFilter } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { Observable, finalize, tap, throwError } from 'rxjs';
import { ErrorCode } from '@spiffworks/contracts';
import { currentCorrelationId, runWithCorrelation } from './correlation';
import { toServiceError } from './service-errors';

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

/** How a handled request ended: answered, refused with a 4xx ServiceError, or failed (500). */
export type RpcOutcome = 'ok' | 'rejected' | 'error';

/** One handled RPC request, reported once its handler answered (for logs and metrics). */
export interface HandledRequest {
  pattern: string;
  outcome: RpcOutcome;
  status: number;
  durationMs: number;
  correlationId: string;
}

/**
 * For every message: carries its correlation id into the handler; for a request (one that
 * expects a reply) also acks it once the handler has answered, and reports it to `onRequest`.
 * Events are settled by `settleDelivery` inside their handler, after their transaction commits.
 */
@Injectable()
export class MessageContextInterceptor implements NestInterceptor {
  constructor(private readonly onRequest?: (request: HandledRequest) => void) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rmq = context.switchToRpc().getContext<RmqContext>();
    const data = context.switchToRpc().getData<{ correlation_id?: string } | undefined>();
    const message = rmq.getMessage() as ConsumeMessage;
    const isRequest = Boolean(message.properties.replyTo);
    const started = performance.now();
    let status = 200;
    return new Observable((subscriber) =>
      runWithCorrelation(data?.correlation_id, () => {
        const correlationId = currentCorrelationId();
        return next
          .handle()
          .pipe(
            tap({ error: (error: unknown) => (status = toServiceError(error).status) }),
            finalize(() => {
              if (!isRequest) return;
              ackQuietly(rmq.getChannelRef() as Channel, message);
              this.report({ pattern: String(rmq.getPattern()), status, durationMs: performance.now() - started, correlationId });
            }),
          )
          .subscribe(subscriber);
      }),
    );
  }

  private report(request: Omit<HandledRequest, 'outcome'>): void {
    if (!this.onRequest) return;
    const outcome: RpcOutcome = request.status < 400 ? 'ok' : request.status < 500 ? 'rejected' : 'error';
    try {
      this.onRequest({ ...request, outcome });
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

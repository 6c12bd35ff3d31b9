import { Catch, Injectable, Logger } from '@nestjs/common';
import type { ArgumentsHost, CallHandler, ExecutionContext, NestInterceptor, RpcExceptionFilter } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { Observable, finalize, throwError } from 'rxjs';
import { runWithCorrelation } from './correlation';
import { toServiceError } from './service-errors';

/** Turns every error an RPC handler throws into a ServiceError the gateway can map. */
@Catch()
export class ServiceErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RPC');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const error = toServiceError(exception);
    if (error.status === 500) {
      const pattern = host.switchToRpc().getContext<RmqContext>().getPattern();
      this.logger.error(`${pattern} failed: ${exception instanceof Error ? exception.stack : String(exception)}`);
    }
    return throwError(() => error);
  }
}

/**
 * For every message: carries its correlation id into the handler; for a request (one that
 * expects a reply) also acks it once the handler has answered. Events are settled by
 * `settleDelivery` inside their handler, after their transaction commits.
 */
@Injectable()
export class MessageContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rmq = context.switchToRpc().getContext<RmqContext>();
    const data = context.switchToRpc().getData<{ correlation_id?: string } | undefined>();
    const message = rmq.getMessage() as ConsumeMessage;
    const isRequest = Boolean(message.properties.replyTo);
    return new Observable((subscriber) =>
      runWithCorrelation(data?.correlation_id, () =>
        next
          .handle()
          .pipe(finalize(() => isRequest && ackQuietly(rmq.getChannelRef() as Channel, message)))
          .subscribe(subscriber),
      ),
    );
  }
}

function ackQuietly(channel: Channel, message: ConsumeMessage): void {
  try {
    channel.ack(message);
  } catch {
    // channel closed: the request is redelivered, and its caller has already timed out
  }
}

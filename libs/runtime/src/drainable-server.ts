import { randomUUID } from 'node:crypto';
import { ServerRMQ } from '@nestjs/microservices';
import type { OutgoingResponse, RmqContext, RmqOptions } from '@nestjs/microservices';
import type { Channel } from 'amqplib';

/**
 * Nest's RabbitMQ server, able to stop consuming without closing its channel: in-flight messages
 * can still be settled (acked after commit) while no new one arrives. Counts the messages being
 * handled so shutdown can wait for them. Reconnects like ServerRMQ (amqp-connection-manager).
 *
 * `handleMessage` alone is not enough to count: behind an interceptor an event handler returns a
 * stream that Nest starts and does not await, so the message is still being applied after
 * `handleMessage` resolved. Nest's processing hooks bracket that stream, so each of the two
 * counts while it lasts, and the server is idle only when both are done.
 */
export class DrainableRmqServer extends ServerRMQ {
  /** Messages being handled, each with how many of the two brackets (see above) still hold it. */
  private readonly inFlight = new Map<unknown, number>();
  private stopped = false;
  private rawChannel: Channel | null = null;
  private readonly consumerTag: string;
  private idle: Array<() => void> = [];

  constructor(options: RmqOptions['options']) {
    const consumerTag = `${options?.queue ?? 'queue'}.${process.pid}.${randomUUID()}`;
    super({ ...options, consumerTag });
    this.consumerTag = consumerTag;
    this.setOnProcessingStartHook((_transport, context, done) => {
      this.begin(messageOf(context));
      return done();
    });
    this.setOnProcessingEndHook((_transport, context) => this.end(messageOf(context)));
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    this.rawChannel = channel;
    // A reconnect during shutdown must not start consuming again.
    if (this.stopped) return callback();
    return super.setupChannel(channel, callback);
  }

  override async handleMessage(message: Record<string, unknown>, channel: unknown): Promise<void> {
    this.begin(message);
    try {
      await super.handleMessage(message, channel);
    } finally {
      this.end(message);
    }
  }

  /**
   * Nest's reply, with the promise amqp-connection-manager returns for it handled. Nest drops that
   * promise; on a confirm channel that closes before the broker confirmed the reply (a broker
   * restart) it rejects with "channel closed", and the unhandled rejection ended the process. A
   * reply lost that way is safe: the caller times out and retries (with its Idempotency-Key).
   */
  override sendMessage<T = unknown>(message: T, replyTo: string, correlationId: string, _context: RmqContext): void {
    const outgoing = this.serializer.serialize(message as OutgoingResponse) as { options?: Record<string, unknown> };
    const { options, ...response } = outgoing;
    const sent = this.channel?.sendToQueue(replyTo, Buffer.from(JSON.stringify(response)), { correlationId, ...options });
    sent?.catch((error: Error) => this.logger.warn(`reply ${correlationId} to ${replyTo} lost: ${error.message}`));
  }

  private begin(message: unknown): void {
    this.inFlight.set(message, (this.inFlight.get(message) ?? 0) + 1);
  }

  private end(message: unknown): void {
    const holds = (this.inFlight.get(message) ?? 1) - 1;
    if (holds > 0) this.inFlight.set(message, holds);
    else this.inFlight.delete(message);
    if (this.inFlight.size === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Cancels the consumer; messages already delivered are still handled and settled. */
  async stopConsuming(): Promise<void> {
    this.stopped = true;
    await this.rawChannel?.cancel(this.consumerTag).catch(() => undefined);
  }

  /** Resolves when no message is being handled, or after `timeoutMs`; returns whether drained. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/** The broker message a Nest context carries (RmqContext), the key under which it is counted. */
function messageOf(context: unknown): unknown {
  return (context as { getMessage?: () => unknown }).getMessage?.() ?? context;
}

import { randomUUID } from 'node:crypto';
import { ServerRMQ } from '@nestjs/microservices';
import type { RmqOptions } from '@nestjs/microservices';
import type { Channel } from 'amqplib';

/**
 * Nest's RabbitMQ server, able to stop consuming without closing its channel: in-flight messages
 * can still be settled (acked after commit) while no new one arrives. Counts the messages being
 * handled so shutdown can wait for them. Reconnects like ServerRMQ (amqp-connection-manager).
 */
export class DrainableRmqServer extends ServerRMQ {
  private inFlight = 0;
  private stopped = false;
  private rawChannel: Channel | null = null;
  private readonly consumerTag: string;
  private idle: Array<() => void> = [];

  constructor(options: RmqOptions['options']) {
    const consumerTag = `${options?.queue ?? 'queue'}.${process.pid}.${randomUUID()}`;
    super({ ...options, consumerTag });
    this.consumerTag = consumerTag;
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    this.rawChannel = channel;
    // A reconnect during shutdown must not start consuming again.
    if (this.stopped) return callback();
    return super.setupChannel(channel, callback);
  }

  override async handleMessage(message: Record<string, unknown>, channel: unknown): Promise<void> {
    this.inFlight += 1;
    try {
      await super.handleMessage(message, channel);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  get pending(): number {
    return this.inFlight;
  }

  /** Cancels the consumer; messages already delivered are still handled and settled. */
  async stopConsuming(): Promise<void> {
    this.stopped = true;
    await this.rawChannel?.cancel(this.consumerTag).catch(() => undefined);
  }

  /** Resolves when no message is being handled, or after `timeoutMs`; returns whether drained. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

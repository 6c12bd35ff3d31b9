import type { Channel, Options } from 'amqplib';
import { EventSubscriptions } from '@spiffworks/contracts';
import type { ConsumingService, ServiceName } from '@spiffworks/contracts';

/** How often a consumer may fail one message before the broker dead-letters it. */
export const DELIVERY_LIMIT = 5;

/**
 * Names of every exchange and queue, derived from one namespace so that test runs and
 * developer instances never share a queue.
 */
export class MessagingTopology {
  constructor(readonly namespace: string) {}

  get eventsExchange(): string {
    return `${this.namespace}.events`;
  }

  get deadLetterExchange(): string {
    return `${this.namespace}.dead-letters`;
  }

  eventQueue(service: ConsumingService): string {
    return `${this.namespace}.${service}.events`;
  }

  deadLetterQueue(service: ConsumingService): string {
    return `${this.eventQueue(service)}.dlq`;
  }

  rpcQueue(service: ServiceName): string {
    return `${this.namespace}.${service}.rpc`;
  }

  /** Quorum queue: the broker counts deliveries and dead-letters a message past the limit. */
  eventQueueOptions(service: ConsumingService): Options.AssertQueue {
    return {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-delivery-limit': DELIVERY_LIMIT,
        'x-dead-letter-exchange': this.deadLetterExchange,
        'x-dead-letter-routing-key': this.eventQueue(service),
      },
    };
  }

  rpcQueueOptions(): Options.AssertQueue {
    return { durable: true };
  }

  allQueues(): string[] {
    return [
      ...consumingServices().flatMap((s) => [this.eventQueue(s), this.deadLetterQueue(s)]),
      ...(['partners', 'campaigns', 'fulfillment', 'commissions', 'analytics'] as const).map((s) =>
        this.rpcQueue(s),
      ),
    ];
  }

  /**
   * Declares the exchanges, every consumer's queue, its bindings and its dead-letter queue.
   * Every service runs this at start, so no event is published before its queues exist.
   */
  async declare(channel: Channel): Promise<void> {
    await channel.assertExchange(this.eventsExchange, 'topic', { durable: true });
    await channel.assertExchange(this.deadLetterExchange, 'direct', { durable: true });
    for (const service of consumingServices()) {
      const queue = this.eventQueue(service);
      await channel.assertQueue(queue, this.eventQueueOptions(service));
      for (const eventType of EventSubscriptions[service]) {
        await channel.bindQueue(queue, this.eventsExchange, eventType);
      }
      await channel.assertQueue(this.deadLetterQueue(service), { durable: true });
      await channel.bindQueue(this.deadLetterQueue(service), this.deadLetterExchange, queue);
    }
  }
}

function consumingServices(): ConsumingService[] {
  return Object.keys(EventSubscriptions) as ConsumingService[];
}

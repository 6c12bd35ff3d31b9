import { connect } from 'amqplib';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { EventEnvelope, EventType } from '@spiffworks/contracts';
import { MessagingTopology, createEnvelope, encodeEvent } from '@spiffworks/messaging';
import type { PlatformConfig } from '@spiffworks/runtime';

/**
 * The test's own view of the run's broker: publish events as another service would, listen to
 * what services publish, and look into queues and dead-letter queues.
 */
export class TestBroker {
  readonly topology: MessagingTopology;
  private readonly received: EventEnvelope[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    readonly channel: Channel,
    config: PlatformConfig,
  ) {
    this.topology = new MessagingTopology(config.MESSAGING_NAMESPACE);
  }

  static async open(config: PlatformConfig): Promise<TestBroker> {
    const connection = await connect(config.RABBITMQ_URL);
    const channel = await connection.createChannel();
    const broker = new TestBroker(connection, channel, config);
    await broker.topology.declare(channel);
    return broker;
  }

  /** Binds a private queue to the given event types and records every event it receives. */
  async listen(types: EventType[]): Promise<void> {
    const { queue } = await this.channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const type of types) await this.channel.bindQueue(queue, this.topology.eventsExchange, type);
    await this.channel.consume(queue, (message: ConsumeMessage | null) => {
      if (!message) return;
      this.received.push((JSON.parse(message.content.toString()) as { data: EventEnvelope }).data);
      this.channel.ack(message);
    });
  }

  eventsOf<P>(type: EventType): Array<EventEnvelope<P>> {
    return this.received.filter((e) => e.type === type) as Array<EventEnvelope<P>>;
  }

  /** Publishes an event as its owning service's outbox relay would. */
  publish(envelope: EventEnvelope): void {
    this.channel.publish(this.topology.eventsExchange, envelope.type, encodeEvent(envelope), {
      persistent: true,
      messageId: envelope.id,
      contentType: 'application/json',
    });
  }

  envelope<P>(type: EventType, payload: P, source = 'test'): EventEnvelope<P> {
    return createEnvelope(type, payload, source);
  }

  async messageCount(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

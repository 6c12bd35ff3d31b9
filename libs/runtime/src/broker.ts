import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { connect } from 'amqp-connection-manager';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel } from 'amqplib';
import { BROKER_SOCKET_OPTIONS, MessagingTopology } from '@spiffworks/messaging';
import type { BrokerSettings } from '@spiffworks/messaging';
import { PLATFORM_CONFIG } from './config';
import type { PlatformConfig } from './config';

/**
 * The service's own connection to RabbitMQ for publishing (the outbox relay) and health.
 * It reconnects by itself and declares the whole topology on every (re)connect.
 */
@Injectable()
export class BrokerConnection implements OnApplicationShutdown {
  readonly topology: MessagingTopology;
  readonly publisher: ChannelWrapper;
  private readonly connection: AmqpConnectionManager;
  private readonly logger = new Logger(BrokerConnection.name);

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {
    this.topology = new MessagingTopology(config.MESSAGING_NAMESPACE);
    this.connection = connect([config.RABBITMQ_URL], { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1, ...BROKER_SOCKET_OPTIONS });
    this.connection.on('disconnect', ({ err }) => this.logger.warn(`broker disconnected: ${err?.message ?? 'closed'}`));
    this.connection.on('connectFailed', ({ err }) => this.logger.warn(`broker unreachable: ${err?.message}`));
    this.publisher = this.connection.createChannel({
      confirm: true,
      publishTimeout: 10_000,
      setup: (channel: Channel) => this.topology.declare(channel),
    });
  }

  get settings(): BrokerSettings {
    return { url: this.config.RABBITMQ_URL, topology: this.topology, prefetch: this.config.CONSUMER_PREFETCH };
  }

  /** Another channel on this connection (e.g. a consumer), re-set-up on every reconnect. */
  createChannel(): ChannelWrapper {
    return this.connection.createChannel({ setup: (channel: Channel) => this.topology.declare(channel) });
  }

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  /** Resolves once connected and the topology is declared. */
  async ready(): Promise<void> {
    await this.publisher.waitForConnect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

import { Transport } from '@nestjs/microservices';
import type { RmqOptions } from '@nestjs/microservices';
import type { ConsumingService, ServiceName } from '@spiffworks/contracts';
import type { MessagingTopology } from './topology';

/**
 * Every connection to RabbitMQ disables Nagle's algorithm: with it (amqplib's default), a small
 * RPC frame waits for the peer's delayed ACK — about 40 ms added to some round trips.
 */
export const BROKER_SOCKET_OPTIONS = { connectionOptions: { noDelay: true } } as const;

export interface BrokerSettings {
  url: string;
  topology: MessagingTopology;
  prefetch: number;
}

/** The server that consumes a service's domain events from its own queue on the topic exchange. */
export function eventServerOptions(settings: BrokerSettings, service: ConsumingService): RmqOptions {
  const { topology } = settings;
  return {
    transport: Transport.RMQ,
    options: {
      urls: [settings.url],
      socketOptions: BROKER_SOCKET_OPTIONS,
      queue: topology.eventQueue(service),
      queueOptions: topology.eventQueueOptions(service),
      exchange: topology.eventsExchange,
      exchangeType: 'topic',
      wildcards: true,
      noAck: false,
      prefetchCount: settings.prefetch,
    },
  };
}

/** The server that answers the gateway's requests on the service's RPC queue. */
export function rpcServerOptions(settings: BrokerSettings, service: ServiceName): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: {
      urls: [settings.url],
      socketOptions: BROKER_SOCKET_OPTIONS,
      queue: settings.topology.rpcQueue(service),
      queueOptions: settings.topology.rpcQueueOptions(),
      noAck: false,
      prefetchCount: settings.prefetch,
    },
  };
}

/** The gateway's client for one service's RPC queue (replies come over direct reply-to). */
export function rpcClientOptions(settings: BrokerSettings, service: ServiceName): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: {
      urls: [settings.url],
      socketOptions: BROKER_SOCKET_OPTIONS,
      queue: settings.topology.rpcQueue(service),
      queueOptions: settings.topology.rpcQueueOptions(),
    },
  };
}

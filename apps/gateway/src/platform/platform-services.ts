import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import type { ClientProxy } from '@nestjs/microservices';
import { SERVICES } from '@spiffworks/contracts';
import type { ServiceName } from '@spiffworks/contracts';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { actorOf } from '@spiffworks/auth';
import { MessagingTopology, requestReply, rpcClientOptions } from '@spiffworks/messaging';
import { PLATFORM_CONFIG, PlatformMetrics } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';

/** The gateway's RPC clients, one per service; every call carries the caller, a timeout and a deadline `RPC_DEADLINE_MARGIN_MS` before it. */
@Injectable()
export class PlatformServices implements OnApplicationShutdown {
  private readonly clients = new Map<ServiceName, ClientProxy>();

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly metrics: PlatformMetrics,
  ) {
    const settings = {
      url: config.RABBITMQ_URL,
      topology: new MessagingTopology(config.MESSAGING_NAMESPACE),
      prefetch: config.CONSUMER_PREFETCH,
    };
    for (const service of SERVICES) {
      this.clients.set(service, ClientProxyFactory.create(rpcClientOptions(settings, service)) as ClientProxy);
    }
  }

  call<T>(service: ServiceName, pattern: string, body: unknown, user?: AuthenticatedUser, timeoutMs?: number): Promise<T> {
    const client = this.clients.get(service) as ClientProxy;
    return this.metrics.timeRpc(service, pattern, () =>
      requestReply<T>(client, service, pattern, body, user ? actorOf(user) : null, timeoutMs ?? this.config.RPC_TIMEOUT_MS, undefined, this.config.RPC_DEADLINE_MARGIN_MS),
    );
  }

  /**
   * A command that creates something, with the caller's `Idempotency-Key` (see `@IdempotencyKey()`):
   * the service replays the first response for the same key and body, and answers 422 for another body.
   */
  create<T>(service: ServiceName, pattern: string, body: unknown, user: AuthenticatedUser, idempotencyKey: string | undefined): Promise<T> {
    const client = this.clients.get(service) as ClientProxy;
    // Without a client key, one of our own: a request the broker redelivers after a crash then
    // replays its first answer instead of creating the thing twice.
    const key = idempotencyKey ?? `auto:${randomUUID()}`;
    return this.metrics.timeRpc(service, pattern, () =>
      requestReply<T>(client, service, pattern, body, actorOf(user), this.config.RPC_TIMEOUT_MS, key, this.config.RPC_DEADLINE_MARGIN_MS),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import type { ClientProxy } from '@nestjs/microservices';
import { SERVICES, serviceOf } from '@spiffworks/contracts';
import type { Actor, RpcCommand, RpcPattern, RpcReply, ServiceName, SystemPattern, SystemRpcContract } from '@spiffworks/contracts';
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

  /** The RPC `pattern`, sent to the service that answers it (`serviceOf`), typed by `RpcContract`. */
  call<P extends RpcPattern>(pattern: P, body: RpcCommand<P>, user?: AuthenticatedUser, timeoutMs?: number): Promise<RpcReply<P>> {
    return this.request(serviceOf(pattern), pattern, body, user ? actorOf(user) : null, timeoutMs);
  }

  /**
   * A command that creates something, with the caller's `Idempotency-Key` (see `@IdempotencyKey()`):
   * the service replays the first response for the same key and body, and answers 422 for another body.
   */
  create<P extends RpcPattern>(pattern: P, body: RpcCommand<P>, user: AuthenticatedUser, idempotencyKey: string | undefined): Promise<RpcReply<P>> {
    // Without a client key, one of our own: a request the broker redelivers after a crash then
    // replays its first answer instead of creating the thing twice.
    const key = idempotencyKey ?? `auto:${randomUUID()}`;
    return this.request(serviceOf(pattern), pattern, body, actorOf(user), undefined, key);
  }

  /** A pattern every service answers (health, dead letters): the caller names the service. */
  callSystem<P extends SystemPattern>(
    service: ServiceName,
    pattern: P,
    body: SystemRpcContract[P]['command'],
    user?: AuthenticatedUser,
    timeoutMs?: number,
  ): Promise<SystemRpcContract[P]['reply']> {
    return this.request(service, pattern, body, user ? actorOf(user) : null, timeoutMs);
  }

  private request<T>(service: ServiceName, pattern: string, body: unknown, actor: Actor | null, timeoutMs?: number, idempotencyKey?: string): Promise<T> {
    const client = this.clients.get(service) as ClientProxy;
    return this.metrics.timeRpc(service, pattern, () =>
      requestReply<T>(client, service, pattern, body, actor, timeoutMs ?? this.config.RPC_TIMEOUT_MS, idempotencyKey, this.config.RPC_DEADLINE_MARGIN_MS),
    );
  }

  /**
   * Whether every RPC client is connected to RabbitMQ (the gateway's readiness). A client connects
   * on its first call; this starts that for a client still unconnected (or whose attempt failed) and
   * waits up to `timeoutMs` for it. Answers the services whose client is not connected.
   */
  async unconnectedClients(timeoutMs: number): Promise<ServiceName[]> {
    const results = await Promise.all(
      [...this.clients].map(async ([service, client]) => {
        let timer: NodeJS.Timeout | undefined;
        const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
        await Promise.race([client.connect().catch(() => undefined), waited]);
        clearTimeout(timer);
        return { service, connected: isConnected(client) };
      }),
    );
    return results.filter((r) => !r.connected).map((r) => r.service);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }
}

/** The client's AMQP connection is up (amqp-connection-manager under Nest's ClientRMQ); false before its first connect. */
function isConnected(client: ClientProxy): boolean {
  try {
    return client.unwrap<{ isConnected(): boolean }>().isConnected();
  } catch {
    return false;
  }
}

import { ClientProxyFactory } from '@nestjs/microservices';
import type { ClientProxy } from '@nestjs/microservices';
import type { Actor, ServiceName } from '@spiffworks/contracts';
import { MessagingTopology, requestReply, rpcClientOptions } from '@spiffworks/messaging';
import type { PlatformConfig } from '@spiffworks/runtime';

export const TEST_ADMIN: Actor = { user_id: '00000000-0000-4000-8000-000000000001', role: 'admin', partner_id: null };

/** Calls a service over RPC exactly as the gateway does. */
export class TestRpcClient {
  private constructor(
    private readonly client: ClientProxy,
    private readonly service: ServiceName,
  ) {}

  static create(config: PlatformConfig, service: ServiceName): TestRpcClient {
    const settings = { url: config.RABBITMQ_URL, topology: new MessagingTopology(config.MESSAGING_NAMESPACE), prefetch: 1 };
    return new TestRpcClient(ClientProxyFactory.create(rpcClientOptions(settings, service)) as ClientProxy, service);
  }

  call<T>(pattern: string, body: unknown, actor: Actor | null = TEST_ADMIN): Promise<T> {
    return requestReply<T>(this.client, this.service, pattern, body, actor, 10_000);
  }

  close(): Promise<void> {
    return this.client.close() as Promise<void>;
  }
}

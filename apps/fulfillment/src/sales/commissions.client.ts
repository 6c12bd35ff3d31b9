import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import type { ClientProxy } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { RpcCommand, RpcReply } from '@spiffworks/contracts';
import { requestReply, rpcClientOptions } from '@spiffworks/messaging';
import { BrokerConnection, PLATFORM_CONFIG, PlatformMetrics } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';

type BySales = typeof Rpc.commissions.BySales;

/** Fulfillment's line to the commission ledger, for the booked lines of a partner's sales. */
@Injectable()
export class CommissionsClient implements OnApplicationShutdown {
  private readonly client: ClientProxy;

  constructor(
    broker: BrokerConnection,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly metrics: PlatformMetrics,
  ) {
    this.client = ClientProxyFactory.create(rpcClientOptions(broker.settings, 'commissions')) as ClientProxy;
  }

  /** The booked lines of these sales; an empty answer when the ledger is unreachable. */
  async bySales(saleIds: string[]): Promise<RpcReply<BySales>> {
    const body: RpcCommand<BySales> = { sale_ids: saleIds };
    try {
      return await this.metrics.timeRpc('commissions', Rpc.commissions.BySales, () =>
        requestReply<RpcReply<BySales>>(this.client, 'commissions', Rpc.commissions.BySales, body, null, this.config.COMMISSION_RPC_TIMEOUT_MS, undefined, this.config.RPC_DEADLINE_MARGIN_MS),
      );
    } catch {
      return {};
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

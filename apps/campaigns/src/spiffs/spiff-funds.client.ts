import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory } from '@nestjs/microservices';
import type { ClientProxy } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { LowerSpiffBudgetCommand, SpiffBudgetState } from '@spiffworks/contracts';
import { RpcCallFailed, ServiceFailure, currentDeadline, requestReply, rpcClientOptions } from '@spiffworks/messaging';
import { BrokerConnection, PLATFORM_CONFIG, PlatformMetrics } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';

/**
 * Campaigns' line to the spiff funds fulfillment keeps. A fund is lowered there first, at once and
 * under the fund's row lock, because only there is it known exactly what sales have committed:
 * a lower amount is refused (BUDGET_BELOW_COMMITTED) or in force before campaigns stores it.
 */
@Injectable()
export class SpiffFundsClient implements OnApplicationShutdown {
  private readonly client: ClientProxy;

  constructor(
    broker: BrokerConnection,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly metrics: PlatformMetrics,
  ) {
    this.client = ClientProxyFactory.create(rpcClientOptions(broker.settings, 'fulfillment')) as ClientProxy;
  }

  /** Fails with the fulfillment's ServiceFailure (BUDGET_BELOW_COMMITTED) when the amount is below what is committed. */
  async lower(command: LowerSpiffBudgetCommand): Promise<SpiffBudgetState> {
    // Within what is left of the gateway's request: fulfillment must not commit a lower fund after
    // campaigns has given up (and rolled back) the change that asked for it.
    const deadlineAt = currentDeadline();
    const timeoutMs = deadlineAt === undefined ? this.config.RPC_TIMEOUT_MS : Math.max(1, Math.min(this.config.RPC_TIMEOUT_MS, deadlineAt - Date.now()));
    try {
      return await this.metrics.timeRpc('fulfillment', Rpc.fulfillment.LowerSpiffBudget, () =>
        requestReply<SpiffBudgetState>(this.client, 'fulfillment', Rpc.fulfillment.LowerSpiffBudget, command, null, timeoutMs, undefined, this.config.RPC_DEADLINE_MARGIN_MS),
      );
    } catch (error) {
      // Passed on as fulfillment answered it (409 BUDGET_BELOW_COMMITTED, 503 …): campaigns' transaction then changes nothing.
      if (error instanceof RpcCallFailed) throw new ServiceFailure(error.error.code, error.error.message, error.error.errors);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Events, Rpc } from '@spiffworks/contracts';
import type { CommissionChangedPayload, LowerSpiffBudgetCommand, RpcRequest, SpiffBudgetState } from '@spiffworks/contracts';
import { OnEvent, Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { SpiffFundsService } from './spiff-funds.service';

@Controller()
export class SpiffFundsHandler {
  constructor(
    readonly transactions: Transactions,
    private readonly funds: SpiffFundsService,
  ) {}

  @MessagePattern(Rpc.fulfillment.SpiffBudgets)
  states(@Payload() request: RpcRequest<{ spiff_ids: string[] }>): Promise<Record<string, SpiffBudgetState>> {
    return this.funds.states(request.body.spiff_ids);
  }

  @MessagePattern(Rpc.fulfillment.LowerSpiffBudget)
  lower(@Payload() request: RpcRequest<LowerSpiffBudgetCommand>): Promise<SpiffBudgetState> {
    return this.funds.lower(request.body);
  }

  @OnEvent(Events.CommissionRejected)
  releaseRejected(line: CommissionChangedPayload, tx: Transaction): Promise<void> {
    return this.funds.releaseRejected(tx, line);
  }
}

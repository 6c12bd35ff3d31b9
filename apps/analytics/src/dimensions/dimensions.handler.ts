import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Events, Rpc } from '@spiffworks/contracts';
import type { DimensionsQuery, DimensionsView, ProductSnapshot, RpcRequest } from '@spiffworks/contracts';
import { OnEvent, Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { DimensionsService } from './dimensions.service';

@Controller()
export class DimensionsHandler {
  constructor(
    readonly transactions: Transactions,
    private readonly dimensions: DimensionsService,
  ) {}

  @OnEvent(Events.ProductCreated)
  recordProduct(product: ProductSnapshot, tx: Transaction): Promise<void> {
    return this.dimensions.recordProduct(tx.manager, product);
  }

  @MessagePattern(Rpc.analytics.Dimensions)
  list(@Payload() request: RpcRequest<DimensionsQuery>): Promise<DimensionsView> {
    return this.dimensions.dimensions(request.body);
  }
}

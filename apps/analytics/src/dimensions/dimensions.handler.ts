import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import type { RmqContext } from '@nestjs/microservices';
import { Events, Rpc } from '@spiffworks/contracts';
import type { DimensionsQuery, DimensionsView, EventEnvelope, ProductSnapshot, RpcRequest } from '@spiffworks/contracts';
import { Transactions } from '@spiffworks/runtime';
import { DimensionsService } from './dimensions.service';

@Controller()
export class DimensionsHandler {
  constructor(
    private readonly transactions: Transactions,
    private readonly dimensions: DimensionsService,
  ) {}

  @EventPattern<string>(Events.ProductCreated)
  onProductCreated(@Payload() event: EventEnvelope<ProductSnapshot>, @Ctx() ctx: RmqContext): Promise<void> {
    return this.transactions.consume(ctx, event, (tx) => this.dimensions.recordProduct(tx.manager, event.payload));
  }

  @MessagePattern(Rpc.analytics.Dimensions)
  list(@Payload() request: RpcRequest<DimensionsQuery>): Promise<DimensionsView> {
    return this.dimensions.dimensions(request.body);
  }
}

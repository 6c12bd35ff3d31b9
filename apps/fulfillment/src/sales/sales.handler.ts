import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { Actor, LogSaleCommand, MySalesQuery, Page, ReturnSaleCommand, RpcRequest, SaleReturnView, SaleView } from '@spiffworks/contracts';
import { SaleReturnsService } from './sale-returns.service';
import { idempotencyOf } from '@spiffworks/runtime';
import { SalesService } from './sales.service';

@Controller()
export class SalesHandler {
  constructor(
    private readonly sales: SalesService,
    private readonly returns: SaleReturnsService,
  ) {}

  @MessagePattern(Rpc.fulfillment.ReturnSale)
  returnSale(@Payload() request: RpcRequest<ReturnSaleCommand>): Promise<SaleReturnView> {
    return this.returns.returnSale(request.body, request.actor as Actor, idempotencyOf(request, Rpc.fulfillment.ReturnSale));
  }

  @MessagePattern(Rpc.fulfillment.LogSale)
  log(@Payload() request: RpcRequest<LogSaleCommand>): Promise<SaleView> {
    return this.sales.log(request.body, request.actor as Actor, idempotencyOf(request, Rpc.fulfillment.LogSale));
  }

  @MessagePattern(Rpc.fulfillment.MySales)
  mySales(@Payload() request: RpcRequest<MySalesQuery>): Promise<Page<SaleView>> {
    return this.sales.mySales(request.actor as Actor, request.body);
  }
}

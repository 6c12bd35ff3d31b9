import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { Actor, LogSaleCommand, MySalesQuery, Page, RpcRequest, SaleView } from '@spiffworks/contracts';
import { SalesService } from './sales.service';

@Controller()
export class SalesHandler {
  constructor(private readonly sales: SalesService) {}

  @MessagePattern(Rpc.fulfillment.LogSale)
  log(@Payload() request: RpcRequest<LogSaleCommand>): Promise<SaleView> {
    return this.sales.log(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.fulfillment.MySales)
  mySales(@Payload() request: RpcRequest<MySalesQuery>): Promise<Page<SaleView>> {
    return this.sales.mySales(request.actor as Actor, request.body);
  }
}

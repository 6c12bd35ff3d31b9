import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { Actor, RpcRequest, SalesExportPage, SalesExportPageQuery } from '@spiffworks/contracts';
import { SalesExportService } from './sales-export.service';

@Controller()
export class SalesExportHandler {
  constructor(private readonly exports: SalesExportService) {}

  @MessagePattern(Rpc.analytics.SalesExportPage)
  page(@Payload() request: RpcRequest<SalesExportPageQuery>): Promise<SalesExportPage> {
    return this.exports.page(request.body, request.actor as Actor);
  }
}

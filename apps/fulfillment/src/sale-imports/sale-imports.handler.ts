import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type {
  AbortSaleImportCommand, Actor, AppendSaleImportRowsCommand, CloseSaleImportCommand, GetSaleImportQuery, OpenSaleImportCommand, RpcRequest,
  SaleImportErrorsPage, SaleImportErrorsPageQuery, SaleImportView,
} from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { SaleImportsService } from './sale-imports.service';

@Controller()
export class SaleImportsHandler {
  constructor(private readonly imports: SaleImportsService) {}

  @MessagePattern(Rpc.fulfillment.OpenSaleImport)
  open(@Payload() request: RpcRequest<OpenSaleImportCommand>): Promise<SaleImportView> {
    return this.imports.open(request.body, request.actor as Actor, idempotencyOf(request, Rpc.fulfillment.OpenSaleImport));
  }

  @MessagePattern(Rpc.fulfillment.AppendSaleImportRows)
  append(@Payload() request: RpcRequest<AppendSaleImportRowsCommand>): Promise<{ rows_received: number }> {
    return this.imports.append(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.fulfillment.CloseSaleImport)
  close(@Payload() request: RpcRequest<CloseSaleImportCommand>): Promise<SaleImportView> {
    return this.imports.close(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.fulfillment.AbortSaleImport)
  abort(@Payload() request: RpcRequest<AbortSaleImportCommand>): Promise<SaleImportView> {
    return this.imports.abort(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.fulfillment.GetSaleImport)
  get(@Payload() request: RpcRequest<GetSaleImportQuery>): Promise<SaleImportView> {
    return this.imports.get(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.fulfillment.SaleImportErrorsPage)
  errorsPage(@Payload() request: RpcRequest<SaleImportErrorsPageQuery>): Promise<SaleImportErrorsPage> {
    return this.imports.errorsPage(request.body, request.actor as Actor);
  }
}

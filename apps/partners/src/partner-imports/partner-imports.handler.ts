import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type {
  AbortPartnerImportCommand, Actor, AppendPartnerImportRowsCommand, ClosePartnerImportCommand, GetPartnerImportQuery, OpenPartnerImportCommand,
  PartnerImportErrorsPage, PartnerImportPageQuery, PartnerImportView, PartnerInvitesPage, RpcRequest,
} from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { PartnerImportsService } from './partner-imports.service';

@Controller()
export class PartnerImportsHandler {
  constructor(private readonly imports: PartnerImportsService) {}

  @MessagePattern(Rpc.partners.OpenImport)
  open(@Payload() request: RpcRequest<OpenPartnerImportCommand>): Promise<PartnerImportView> {
    return this.imports.open(request.body, request.actor as Actor, idempotencyOf(request, Rpc.partners.OpenImport));
  }

  @MessagePattern(Rpc.partners.AppendImportRows)
  append(@Payload() request: RpcRequest<AppendPartnerImportRowsCommand>): Promise<{ rows_received: number }> {
    return this.imports.append(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.partners.CloseImport)
  close(@Payload() request: RpcRequest<ClosePartnerImportCommand>): Promise<PartnerImportView> {
    return this.imports.close(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.partners.AbortImport)
  abort(@Payload() request: RpcRequest<AbortPartnerImportCommand>): Promise<PartnerImportView> {
    return this.imports.abort(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.partners.GetImport)
  get(@Payload() request: RpcRequest<GetPartnerImportQuery>): Promise<PartnerImportView> {
    return this.imports.get(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.partners.ImportErrorsPage)
  errorsPage(@Payload() request: RpcRequest<PartnerImportPageQuery>): Promise<PartnerImportErrorsPage> {
    return this.imports.errorsPage(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.partners.ImportInvitesPage)
  invitesPage(@Payload() request: RpcRequest<PartnerImportPageQuery>): Promise<PartnerInvitesPage> {
    return this.imports.invitesPage(request.body, request.actor as Actor);
  }
}

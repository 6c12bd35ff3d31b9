import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { Actor, CreateSpiffCommand, Page, RpcRequest, SpiffView, UpdateSpiffCommand } from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { SpiffsService } from './spiffs.service';

@Controller()
export class SpiffsHandler {
  constructor(private readonly spiffs: SpiffsService) {}

  @MessagePattern(Rpc.campaigns.CreateSpiff)
  create(@Payload() request: RpcRequest<CreateSpiffCommand>): Promise<SpiffView> {
    return this.spiffs.create(request.body, request.actor as Actor, idempotencyOf(request, Rpc.campaigns.CreateSpiff));
  }

  @MessagePattern(Rpc.campaigns.UpdateSpiff)
  update(@Payload() request: RpcRequest<UpdateSpiffCommand>): Promise<SpiffView> {
    return this.spiffs.update(request.body);
  }

  @MessagePattern(Rpc.campaigns.CancelSpiff)
  cancel(@Payload() request: RpcRequest<{ id: string }>): Promise<SpiffView> {
    return this.spiffs.cancel(request.body.id);
  }

  @MessagePattern(Rpc.campaigns.GetSpiff)
  get(@Payload() request: RpcRequest<{ id: string }>): Promise<SpiffView> {
    return this.spiffs.get(request.body.id);
  }

  @MessagePattern(Rpc.campaigns.ListSpiffs)
  list(@Payload() request: RpcRequest<{ page: number; page_size: number }>): Promise<Page<SpiffView>> {
    return this.spiffs.list(request.body.page, request.body.page_size);
  }
}

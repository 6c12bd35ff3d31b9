import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { Actor, AddSaleAttachmentCommand, AttachmentView, GetSaleAttachmentQuery, RpcRequest, SaleAttachmentFile } from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { SaleAttachments } from './sale-attachments.service';

@Controller()
export class SaleAttachmentsHandler {
  constructor(private readonly attachments: SaleAttachments) {}

  @MessagePattern(Rpc.fulfillment.AddSaleAttachment)
  add(@Payload() request: RpcRequest<AddSaleAttachmentCommand>): Promise<AttachmentView> {
    return this.attachments.add(request.body, request.actor as Actor, idempotencyOf(request, Rpc.fulfillment.AddSaleAttachment));
  }

  @MessagePattern(Rpc.fulfillment.GetSaleAttachment)
  get(@Payload() request: RpcRequest<GetSaleAttachmentQuery>): Promise<SaleAttachmentFile> {
    return this.attachments.get(request.body, request.actor as Actor);
  }
}

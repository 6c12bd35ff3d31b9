import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type {
  Actor, AddDisputeAttachmentCommand, DisputeAttachmentFile, DisputeAttachmentView, DisputeView, GetDisputeAttachmentQuery, ListDisputesQuery, OpenDisputeCommand, Page,
  ResolveDisputeCommand, RpcRequest,
} from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { DisputeAttachments } from './dispute-attachments.service';
import { LineDisputes } from './line-disputes.service';

@Controller()
export class DisputesHandler {
  constructor(
    private readonly disputes: LineDisputes,
    private readonly attachments: DisputeAttachments,
  ) {}

  @MessagePattern(Rpc.commissions.OpenDispute)
  open(@Payload() request: RpcRequest<OpenDisputeCommand>): Promise<DisputeView> {
    return this.disputes.open(request.body, request.actor as Actor, idempotencyOf(request, Rpc.commissions.OpenDispute));
  }

  @MessagePattern(Rpc.commissions.ResolveDispute)
  resolve(@Payload() request: RpcRequest<ResolveDisputeCommand>): Promise<DisputeView> {
    return this.disputes.resolve(request.body, request.actor as Actor, idempotencyOf(request, Rpc.commissions.ResolveDispute));
  }

  @MessagePattern(Rpc.commissions.GetDispute)
  get(@Payload() request: RpcRequest<{ id: string }>): Promise<DisputeView> {
    return this.disputes.get(request.body.id, request.actor as Actor);
  }

  @MessagePattern(Rpc.commissions.ListDisputes)
  list(@Payload() request: RpcRequest<ListDisputesQuery>): Promise<Page<DisputeView>> {
    return this.disputes.list(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.commissions.AddDisputeAttachment)
  addAttachment(@Payload() request: RpcRequest<AddDisputeAttachmentCommand>): Promise<DisputeAttachmentView> {
    return this.attachments.add(request.body, request.actor as Actor, idempotencyOf(request, Rpc.commissions.AddDisputeAttachment));
  }

  @MessagePattern(Rpc.commissions.GetDisputeAttachment)
  getAttachment(@Payload() request: RpcRequest<GetDisputeAttachmentQuery>): Promise<DisputeAttachmentFile> {
    return this.attachments.get(request.body, request.actor as Actor);
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { Actor, CommissionDetailView, CommissionExportPage, CommissionExportPageQuery, CommissionTransitionCommand, CommissionView, ListCommissionsQuery, Page, RpcRequest } from '@spiffworks/contracts';
import { CommissionReview } from './commission-review.service';

@Controller()
export class CommissionsHandler {
  constructor(private readonly review: CommissionReview) {}

  @MessagePattern(Rpc.commissions.Get)
  get(@Payload() request: RpcRequest<{ id: string }>): Promise<CommissionDetailView> {
    return this.review.get(request.body.id);
  }

  @MessagePattern(Rpc.commissions.List)
  list(@Payload() request: RpcRequest<ListCommissionsQuery>): Promise<Page<CommissionView>> {
    return this.review.list(request.body);
  }

  @MessagePattern(Rpc.commissions.ExportPage)
  exportPage(@Payload() request: RpcRequest<CommissionExportPageQuery>): Promise<CommissionExportPage> {
    return this.review.exportPage(request.body);
  }

  @MessagePattern(Rpc.commissions.BySales)
  bySales(@Payload() request: RpcRequest<{ sale_ids: string[] }>): Promise<Record<string, CommissionView>> {
    return this.review.bySales(request.body.sale_ids);
  }

  @MessagePattern(Rpc.commissions.Approve)
  approve(@Payload() request: RpcRequest<CommissionTransitionCommand>): Promise<CommissionView[]> {
    return this.review.transition(request.body.ids, 'approve', request.actor as Actor, {});
  }

  @MessagePattern(Rpc.commissions.Pay)
  pay(@Payload() request: RpcRequest<CommissionTransitionCommand>): Promise<CommissionView[]> {
    return this.review.transition(request.body.ids, 'pay', request.actor as Actor, { payout_reference: request.body.payout_reference });
  }

  @MessagePattern(Rpc.commissions.Reject)
  reject(@Payload() request: RpcRequest<CommissionTransitionCommand>): Promise<CommissionView[]> {
    return this.review.transition(request.body.ids, 'reject', request.actor as Actor, { reason: request.body.reason });
  }
}

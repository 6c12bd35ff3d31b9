import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type {
  CreatePartnerCommand, ListPartnersQuery, Page, PartnerReachQuery, PartnerReachView, PartnerView, ReissueInviteCommand, ReissuedInvite, RpcRequest, UpdatePartnerCommand,
} from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { PartnersService } from './partners.service';

@Controller()
export class PartnersHandler {
  constructor(private readonly partners: PartnersService) {}

  @MessagePattern(Rpc.partners.Create)
  create(@Payload() request: RpcRequest<CreatePartnerCommand>): Promise<PartnerView> {
    return this.partners.register(request.body, idempotencyOf(request, Rpc.partners.Create));
  }

  @MessagePattern(Rpc.partners.Approve)
  approve(@Payload() request: RpcRequest<{ id: string }>): Promise<PartnerView> {
    return this.partners.approve(request.body.id);
  }

  @MessagePattern(Rpc.partners.Suspend)
  suspend(@Payload() request: RpcRequest<{ id: string }>): Promise<PartnerView> {
    return this.partners.suspend(request.body.id);
  }

  @MessagePattern(Rpc.partners.Update)
  update(@Payload() request: RpcRequest<UpdatePartnerCommand>): Promise<PartnerView> {
    return this.partners.update(request.body);
  }

  @MessagePattern(Rpc.partners.ReissueInvite)
  reissueInvite(@Payload() request: RpcRequest<ReissueInviteCommand>): Promise<ReissuedInvite> {
    return this.partners.reissueInvite(request.body.partner_id);
  }

  @MessagePattern(Rpc.partners.Get)
  get(@Payload() request: RpcRequest<{ id: string }>): Promise<PartnerView> {
    return this.partners.get(request.body.id);
  }

  @MessagePattern(Rpc.partners.List)
  list(@Payload() request: RpcRequest<ListPartnersQuery>): Promise<Page<PartnerView>> {
    return this.partners.list(request.body);
  }

  @MessagePattern(Rpc.partners.Reach)
  reach(@Payload() request: RpcRequest<PartnerReachQuery>): Promise<PartnerReachView> {
    return this.partners.reach(request.body);
  }

  @MessagePattern(Rpc.partners.Names)
  names(@Payload() request: RpcRequest<{ ids: string[] }>): Promise<Record<string, string>> {
    return this.partners.names(request.body.ids);
  }

  @MessagePattern(Rpc.partners.FindMissing)
  findMissing(@Payload() request: RpcRequest<{ ids: string[] }>): Promise<string[]> {
    return this.partners.findMissing(request.body.ids);
  }
}

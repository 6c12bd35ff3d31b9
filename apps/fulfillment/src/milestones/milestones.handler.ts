import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { Actor, MilestoneProgressView, RpcRequest } from '@spiffworks/contracts';
import { MilestonesService } from './milestones.service';

@Controller()
export class MilestonesHandler {
  constructor(private readonly milestones: MilestonesService) {}

  @MessagePattern(Rpc.fulfillment.MyProgress)
  myProgress(@Payload() request: RpcRequest<Record<string, never>>): Promise<{ milestones: MilestoneProgressView[] }> {
    return this.milestones.myProgress(request.actor as Actor);
  }
}

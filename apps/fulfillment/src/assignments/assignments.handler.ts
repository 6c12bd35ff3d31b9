import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { Actor, AssignmentView, CreateAssignmentCommand, ListAssignmentsQuery, Opportunity, Page, RpcRequest } from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { AssignmentsService } from './assignments.service';

@Controller()
export class AssignmentsHandler {
  constructor(private readonly assignments: AssignmentsService) {}

  @MessagePattern(Rpc.fulfillment.CreateAssignment)
  create(@Payload() request: RpcRequest<CreateAssignmentCommand>): Promise<AssignmentView> {
    return this.assignments.create(request.body, request.actor as Actor, idempotencyOf(request, Rpc.fulfillment.CreateAssignment));
  }

  @MessagePattern(Rpc.fulfillment.ListAssignments)
  list(@Payload() request: RpcRequest<ListAssignmentsQuery>): Promise<Page<AssignmentView>> {
    return this.assignments.list(request.body);
  }

  @MessagePattern(Rpc.fulfillment.CountBySpiff)
  countBySpiff(@Payload() request: RpcRequest<{ spiff_ids: string[] }>): Promise<Record<string, number>> {
    return this.assignments.countBySpiff(request.body.spiff_ids);
  }

  @MessagePattern(Rpc.fulfillment.MyOpportunities)
  myOpportunities(@Payload() request: RpcRequest<Record<string, never>>): Promise<{ opportunities: Opportunity[] }> {
    return this.assignments.myOpportunities(request.actor as Actor);
  }
}

import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { Rpc } from '@spiffworks/contracts';
import type { AssignmentView, Opportunity, Page } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { IdempotencyKey } from '../platform/idempotency-key';
import { PlatformServices } from '../platform/platform-services';
import { CreateAssignmentDto, ListAssignmentsQueryDto } from './assignments.dto';

@Controller('api/fulfillment/assignments')
export class AssignmentsController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  @Roles('admin')
  create(@Body() body: CreateAssignmentDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<AssignmentView> {
    return this.services.create('fulfillment', Rpc.fulfillment.CreateAssignment, body, user, key);
  }

  @Get()
  @Roles('admin')
  list(@Query() query: ListAssignmentsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<AssignmentView>> {
    return this.services.call('fulfillment', Rpc.fulfillment.ListAssignments, { ...query }, user);
  }

  /** The partner portal: the caller's own opportunities (the partner comes from the token). */
  @Get('my-opportunities')
  @Roles('partner')
  myOpportunities(@CurrentUser() user: AuthenticatedUser): Promise<{ opportunities: Opportunity[] }> {
    return this.services.call('fulfillment', Rpc.fulfillment.MyOpportunities, {}, user);
  }
}

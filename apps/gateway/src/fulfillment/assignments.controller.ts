import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Rpc, ErrorCode } from '@spiffworks/contracts';
import type { AssignmentView, Opportunity, Page } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { EXAMPLE, PageOf } from '../platform/common.responses';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { CreateAssignmentDto, ListAssignmentsQueryDto } from './assignments.dto';
import { AssignmentListItemResponse, AssignmentResponse, MY_OPPORTUNITIES_EXAMPLE, MyOpportunitiesResponse } from './assignments.responses';
import { withPartnerNames } from '../partners/partner-names';

@Controller('api/fulfillment/assignments')
@ApiTags('assignments')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class AssignmentsController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Assign a partner by hand (admin)',
    description: "The seed's Step 2. Spiffs assign their partners on their own; this adds one more assignment.",
  })
  @ApiBody({
    type: CreateAssignmentDto,
    examples: {
      seed: {
        summary: "The seed's manual assignment",
        value: {
          partner_id: EXAMPLE.partnerId,
          spiff_id: EXAMPLE.spiffId,
          product_ids: [EXAMPLE.productId],
          assignment_type: 'spiff',
          start_date: '2025-01-01',
          end_date: '2025-03-31',
          target_quantity: 50,
        } satisfies CreateAssignmentDto,
      },
    },
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: AssignmentResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.ASSIGNMENT_EXISTS, 'The partner already has an assignment for that spiff.', `partner ${EXAMPLE.partnerId} already has an assignment for spiff ${EXAMPLE.spiffId}`],
    [ErrorCode.PARTNER_NOT_APPROVED, 'The partner is pending or suspended: only an approved partner is assigned.', 'partner TechCorp Partners Inc. is suspended: only an approved partner can be assigned'])
  create(@Body() body: CreateAssignmentDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<AssignmentView> {
    return this.services.create(Rpc.fulfillment.CreateAssignment, body, user, key);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List assignments (admin)', description: "Filter by `partner_id` and `spiff_id`; paged. Each with its partner's name." })
  @ApiOkResponse({ type: PageOf(AssignmentListItemResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  async list(@Query() query: ListAssignmentsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<AssignmentView & { partner_name: string | null }>> {
    const page = await this.services.call(Rpc.fulfillment.ListAssignments, { ...query }, user);
    return { ...page, items: await withPartnerNames(this.services, page.items, user) };
  }

  /** The partner portal: the caller's own opportunities (the partner comes from the token). */
  @Get('my-opportunities')
  @Roles('partner')
  @ApiOperation({
    summary: "The caller's opportunities (partner)",
    description: "The seed's Step 3: each assignment with its spiff's terms and each product's commission rate for the partner's tier.",
  })
  @ApiOkResponse({ type: MyOpportunitiesResponse, example: MY_OPPORTUNITIES_EXAMPLE })
  myOpportunities(@CurrentUser() user: AuthenticatedUser): Promise<{ opportunities: Opportunity[] }> {
    return this.services.call(Rpc.fulfillment.MyOpportunities, {}, user);
  }
}

import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Rpc, ErrorCode } from '@spiffworks/contracts';
import type { Page, PartnerReachView, SpiffBudgetState, SpiffView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { EXAMPLE, PageOf } from '../platform/common.responses';
import { invalidRequest } from '../platform/http-errors';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import { PageQuery } from '../platform/paging.dto';
import { IdempotencyKey } from '../platform/idempotency-key';
import { PlatformServices } from '../platform/platform-services';
import { CreateSpiffDto, SpiffReachDto, UpdateSpiffDto } from './spiffs.dto';
import { SpiffDetailResponse, SpiffReachResponse, SpiffResponse, SpiffWithAssignmentsResponse } from './spiffs.responses';
import { UuidParam } from '../platform/uuid-param';

type SpiffWithAssignments = SpiffView & { assignment_count: number };
type SpiffDetail = SpiffWithAssignments & { budget: SpiffBudgetState | null };

@Controller('api/spiffs')
@Roles('admin')
@ApiTags('spiffs')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class SpiffsController {
  constructor(private readonly services: PlatformServices) {}

  /** Creates the spiff; fulfillment then assigns every targeted approved partner on its own. */
  @Post()
  @ApiOperation({
    summary: 'Create a spiff (admin)',
    description: "The seed's Step 1. Every approved partner the spiff targets (by tier, or listed) is assigned at once.",
  })
  @ApiBody({
    type: CreateSpiffDto,
    examples: {
      seed: {
        summary: "The seed's Q4 Laptop Promotion",
        value: {
          name: 'Q4 Laptop Promotion',
          target_products: [EXAMPLE.productId],
          assignment_type: 'tier',
          target_tiers: ['gold', 'platinum'],
          incentive_amount: 100,
          incentive_type: 'fixed',
          start_date: '2025-01-01',
          end_date: '2025-03-31',
        } satisfies CreateSpiffDto,
      },
    },
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: SpiffResponse })
  @ApiErrors([ErrorCode.VALIDATION_FAILED, 'Invalid input, e.g. end_date before start_date, unknown products or partners.', 'end_date must not be before start_date'])
  async create(@Body() body: CreateSpiffDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<SpiffView> {
    if (body.assignment_type === 'individual') await this.requireKnownPartners(body.target_partners, user);
    return this.services.create(Rpc.campaigns.CreateSpiff, body, user, key);
  }

  /** The "this reaches N approved partners" preview of a spiff form: counts only, changes nothing. */
  @Post('reach')
  @HttpCode(200)
  @ApiOperation({
    summary: "Preview whom a spiff's targeting reaches (admin)",
    description:
      'Counts the partners a spiff with this targeting would reach now, by the rule its fan-out applies: every **approved** partner of ' +
      '`target_tiers`, or the approved ones among `target_partners`. Pending and suspended partners are counted apart (they join when approved). ' +
      'Creates nothing; send the new full lists of a `PATCH` to preview an extension.',
  })
  @ApiOkResponse({ type: SpiffReachResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  reach(@Body() body: SpiffReachDto, @CurrentUser() user: AuthenticatedUser): Promise<PartnerReachView> {
    return this.services.call(Rpc.partners.Reach, body, user);
  }

  /** Extends a running spiff or adds products and targets; new targets are assigned at once. */
  @Patch(':id')
  @ApiOperation({
    summary: 'Extend a spiff, add products and targets, or change its fund (admin)',
    description: 'The lists given are the new full lists and must keep every current entry (else 400). Existing assignments take the new end date and products; newly targeted partners are assigned at once. ' +
      '`budget_amount` / `per_partner_cap` may be raised; lowered only down to what sales have committed: below it, 409 `BUDGET_BELOW_COMMITTED` and nothing changes.',
  })
  @ApiUuidParam('The spiff id.')
  @ApiOkResponse({ type: SpiffResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED, [ErrorCode.SPIFF_NOT_FOUND, 'No such spiff.', `spiff ${EXAMPLE.spiffId} not found`],
    [ErrorCode.SPIFF_CANCELLED, 'The spiff was cancelled.', `spiff ${EXAMPLE.spiffId} was cancelled on 2025-02-10`],
    [ErrorCode.BUDGET_BELOW_COMMITTED, 'The new fund (or cap) is below what sales have committed.', 'budget_amount 100 is below the 250.00 already committed'],
  )
  async update(
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateSpiffDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SpiffView> {
    await this.requireKnownPartners(body.target_partners, user);
    return this.services.call(Rpc.campaigns.UpdateSpiff, { ...body, id }, user);
  }

  /** Closes its assignments; sales dated after today earn no bonus from it; earlier ones keep theirs. */
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a spiff (admin)',
    description: 'Closes its assignments and records `cancelled_on` (today, UTC). Sales already booked keep their bonus.',
  })
  @ApiUuidParam('The spiff id.')
  @ApiOkResponse({ type: SpiffResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.SPIFF_NOT_FOUND, 'No such spiff.', `spiff ${EXAMPLE.spiffId} not found`], [ErrorCode.SPIFF_CANCELLED, 'The spiff was already cancelled.', `spiff ${EXAMPLE.spiffId} was cancelled on 2025-02-10`])
  cancel(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<SpiffView> {
    return this.services.call(Rpc.campaigns.CancelSpiff, { id }, user);
  }

  private async requireKnownPartners(ids: string[] | undefined, user: AuthenticatedUser): Promise<void> {
    if (!ids?.length) return;
    const missing = await this.services.call(Rpc.partners.FindMissing, { ids }, user);
    if (missing.length) throw invalidRequest([{ field: 'target_partners', reason: `names unknown partners: ${missing.join(', ')}` }]);
  }

  @Get()
  @ApiOperation({ summary: 'List spiffs (admin)', description: 'Each with its `assignment_count`.' })
  @ApiOkResponse({ type: PageOf(SpiffWithAssignmentsResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  async list(@Query() query: PageQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<SpiffWithAssignments>> {
    const page = await this.services.call(Rpc.campaigns.ListSpiffs, { ...query }, user);
    const counts = await this.assignmentCounts(page.items.map((s) => s.id), user);
    return { ...page, items: page.items.map((s) => ({ ...s, assignment_count: counts[s.id] ?? 0 })) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One spiff with its assignment_count and fund (admin)',
    description: '`budget`: the fund as fulfillment holds it (committed, remaining, forecast from the last 7 days\' burn); null without a budget.',
  })
  @ApiUuidParam('The spiff id.')
  @ApiOkResponse({ type: SpiffDetailResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.SPIFF_NOT_FOUND, 'No such spiff.', `spiff ${EXAMPLE.spiffId} not found`])
  async get(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<SpiffDetail> {
    const spiff = await this.services.call(Rpc.campaigns.GetSpiff, { id }, user);
    const [counts, funds] = await Promise.all([
      this.assignmentCounts([id], user),
      spiff.budget_amount === null ? Promise.resolve({} as Record<string, SpiffBudgetState>) : this.services.call(Rpc.fulfillment.SpiffBudgets, { spiff_ids: [id] }, user),
    ]);
    // A fund fulfillment has not heard of yet (its spiff.created is on its way) has committed nothing.
    const budget = spiff.budget_amount === null ? null : funds[id] ?? {
      amount: spiff.budget_amount, per_partner_cap: spiff.per_partner_cap, committed: 0, remaining: spiff.budget_amount, forecast_exhausted_on: null,
    };
    return { ...spiff, assignment_count: counts[id] ?? 0, budget };
  }

  private assignmentCounts(spiffIds: string[], user: AuthenticatedUser): Promise<Record<string, number>> {
    return this.services.call(Rpc.fulfillment.CountBySpiff, { spiff_ids: spiffIds }, user);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, Rpc } from '@spiffworks/contracts';
import type { DisputeView, Page } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { EXAMPLE, PageOf } from '../platform/common.responses';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import type { ErrorEntry } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { UuidParam } from '../platform/uuid-param';
import { DisputeFiltersDto, OpenDisputeDto, ResolveDisputeDto } from './disputes.dto';
import { DisputeResponse, ListedDisputeResponse } from './disputes.responses';
import { withPartnerNames } from '../partners/partner-names';

const EXAMPLE_DISPUTE = '4f3e2d1c-0b9a-4876-9543-210fedcba987';
const NO_DISPUTE: ErrorEntry = [ErrorCode.DISPUTE_NOT_FOUND, "No such dispute (or another partner's).", `dispute ${EXAMPLE_DISPUTE} not found`];

/**
 * Disputes of ledger lines: the line's partner opens one, an admin resolves it (declined, or
 * adjusted by a new `adjustment` line; the disputed line never changes), analysts read them.
 */
@Controller('api')
@ApiTags('disputes')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class DisputesController {
  constructor(private readonly services: PlatformServices) {}

  @Post('commissions/:id/disputes')
  @Roles('partner')
  @ApiOperation({
    summary: 'Dispute one of your ledger lines (partner)',
    description: 'One open dispute per line at a time (409). Another partner\'s line answers 404, as an unknown one. Attachments are not taken yet.',
  })
  @ApiUuidParam('The ledger line id.')
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: DisputeResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    [ErrorCode.PARTNER_USER_REQUIRED, 'The caller is not a partner user.', 'only the partner of a line may dispute it'],
    [ErrorCode.COMMISSION_NOT_FOUND, "No such line (or another partner's).", `commission ${EXAMPLE.commissionId} not found`],
    [ErrorCode.DISPUTE_ALREADY_OPEN, 'The line has an open dispute already.', `commission ${EXAMPLE.commissionId} has an open dispute already`],
  )
  open(@Param('id', UuidParam) id: string, @Body() body: OpenDisputeDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<DisputeView> {
    return this.services.create(Rpc.commissions.OpenDispute, { commission_id: id, reason: body.reason }, user, key);
  }

  @Get('disputes')
  @Roles('admin', 'partner')
  @ApiOperation({
    summary: 'Disputes, open first (admin: all; partner: its own)',
    description: 'Open disputes first, oldest first (the queue); then resolved ones, newest first. Filter by status and (admin) partner; paged.',
  })
  @ApiOkResponse({ type: PageOf(ListedDisputeResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  async list(@Query() query: DisputeFiltersDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<DisputeView & { partner_name: string | null }>> {
    // Commissions keeps a partner to its own disputes.
    const page = await this.services.call(Rpc.commissions.ListDisputes, { ...query }, user);
    return { ...page, items: await withPartnerNames(this.services, page.items, user) };
  }

  @Get('disputes/:id')
  @Roles('admin', 'partner')
  @ApiOperation({ summary: 'One dispute with its answer (admin; partner: its own)' })
  @ApiUuidParam('The dispute id.')
  @ApiOkResponse({ type: DisputeResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_DISPUTE)
  get(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<DisputeView> {
    return this.services.call(Rpc.commissions.GetDispute, { id }, user);
  }

  @Post('disputes/:id/resolve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Resolve a dispute: adjusted (books a new adjustment line) or declined (admin)',
    description:
      '`adjusted` needs a non-zero `adjustment_amount` (to the cent, positive or negative): a new pending `adjustment` line of the ' +
      "line's partner for that amount, whose trace names the dispute, the line, the reason and the answer; it is then approved and paid " +
      'like any line. `declined` must not carry an amount. The resolution, the line and their events are one transaction. A resolution is final (409).',
  })
  @ApiUuidParam('The dispute id.')
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: DisputeResponse })
  @ApiErrors(
    [ErrorCode.VALIDATION_FAILED, 'Invalid input, e.g. adjusted without an amount, or declined with one; nothing changed.', 'adjustment_amount is required when the outcome is adjusted'],
    NO_DISPUTE,
    [ErrorCode.DISPUTE_ALREADY_RESOLVED, 'The dispute is resolved already; nothing changed.', `dispute ${EXAMPLE_DISPUTE} is resolved_declined already`],
  )
  resolve(@Param('id', UuidParam) id: string, @Body() body: ResolveDisputeDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<DisputeView> {
    return this.services.create(Rpc.commissions.ResolveDispute, { id, ...body }, user, key);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Rpc, ErrorCode } from '@spiffworks/contracts';
import type { CommissionTransitionCommand, CommissionView, Page, ReviewCommand, ReviewItem } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { EXAMPLE, PageOf } from '../platform/common.responses';
import { ApiErrors, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import type { ErrorEntry } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { BulkIdsDto, BulkPayDto, BulkRejectDto, BulkReviewDto, CommissionFiltersDto, MyCommissionsQueryDto, PayDto, RejectDto, ReviewDto, ReviewQueueQueryDto } from './commissions.dto';
import { AdminCommissionResponse, CommissionDetailResponse, CommissionListResponse, CommissionResponse, ReviewItemResponse } from './commissions.responses';
import { withPartnerNames } from '../partners/partner-names';
import { withUserEmails } from '../users/user-emails';
import { PAYOUT_FILE_PAGE_LINES, payoutFile } from './payout-file';
import { UuidParam } from '../platform/uuid-param';
import { problem } from '../platform/http-errors';

const NO_LINE: ErrorEntry = [ErrorCode.COMMISSION_NOT_FOUND, 'No such line.', `commission ${EXAMPLE.commissionId} not found`];
const UNKNOWN_ID: ErrorEntry = [ErrorCode.COMMISSION_NOT_FOUND, 'An id names no line; nothing changed.', `commission ${EXAMPLE.commissionId} not found`];
const cannot = (status: string, moved: string): string => `commission ${EXAMPLE.commissionId} is ${status}; it cannot be ${moved}`;

type TransitionPattern = typeof Rpc.commissions.Approve | typeof Rpc.commissions.Pay | typeof Rpc.commissions.Reject;

/** The commission ledger for admins: review, approve, pay, reject (one line or many), export. */
@Controller('api/commissions')
@Roles('admin')
@ApiTags('commissions')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class CommissionsController {
  constructor(private readonly services: PlatformServices) {}

  @Get()
  @ApiOperation({ summary: 'Ledger lines with their trace (admin)', description: "Filter by partner, status, spiff and sale date range; paged. Each with its partner's name." })
  @ApiOkResponse({ type: PageOf(AdminCommissionResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  async list(@Query() query: CommissionFiltersDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<CommissionView & { partner_name: string | null }>> {
    const page = await this.services.call(Rpc.commissions.List, { ...query }, user);
    return { ...page, items: await withPartnerNames(this.services, page.items, user) };
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The payout file as CSV (admin)', description: 'Every line the filters select (paging ignored), oldest first.' })
  @ApiOkResponse({
    description: 'CSV with a header row.',
    content: {
      'text/csv': {
        schema: { type: 'string' },
        example:
          'commission_id,partner_id,kind,sale_id,sale_date,revenue,commission_amount,spiff_bonus,reward_amount,total_commission,status,payout_reference,created_at\n' +
          '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d,8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70,sale,f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e,2025-01-15,2000.00,240.00,200.00,0.00,440.00,pending,,2025-01-15T10:30:00.000Z\n',
      },
    },
  })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  async exportCsv(@Query() query: CommissionFiltersDto, @CurrentUser() user: AuthenticatedUser): Promise<StreamableFile> {
    const { page: _page, page_size: _pageSize, ...filters } = query;
    const file = await payoutFile((after) => this.services.call(Rpc.commissions.ExportPage, { ...filters, after, limit: PAYOUT_FILE_PAGE_LINES }, user));
    return new StreamableFile(file, { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="commissions.csv"' });
  }

  /** Declared before `:id`, so that the path is never read as a line id. */
  @Get('my-commissions')
  @Roles('partner')
  @ApiOperation({
    summary: "The caller's ledger lines with their trace (partner)",
    description: 'Newest first; filter by status and sale date range; paged. The partner comes from the token: a partner sees its own lines only.',
  })
  @ApiOkResponse({ type: PageOf(CommissionResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.PARTNER_USER_REQUIRED, 'The caller is not a partner user.', 'this action needs a partner user'])
  mine(@Query() query: MyCommissionsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<CommissionView>> {
    if (!user.partner_id) throw problem(ErrorCode.PARTNER_USER_REQUIRED, 'this action needs a partner user');
    return this.services.call(Rpc.commissions.List, { ...query, partner_id: user.partner_id }, user);
  }

  /** Declared before `:id`, so that the path is never read as a line id. */
  @Get('reviews')
  @ApiOperation({
    summary: 'The review queue: lines awaiting review of their proof of sale (admin)',
    description:
      "Oldest first; filter by spiff, partner and age (days waiting); paged. Each line with its partner's name, its sale's invoice number and " +
      'attachments (download each from fulfillment), and duplicate flags: the same invoice number (normalized) claimed by another partner, or ' +
      'the same file (sha256) on another sale, with the other claim linked.',
  })
  @ApiOkResponse({ type: PageOf(ReviewItemResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  async reviews(@Query() query: ReviewQueueQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<ReviewItem & { line: CommissionView & { partner_name: string | null } }>> {
    const page = await this.services.call(Rpc.commissions.ListReviews, { ...query }, user);
    const named = await withPartnerNames(this.services, page.items.map((i) => i.line), user);
    return { ...page, items: page.items.map((item, i) => ({ ...item, line: named[i] })) };
  }

  @Post('review')
  @HttpCode(200)
  @ApiOperation({ summary: 'Review many lines awaiting proof (admin)', description: 'One decision for all; all or nothing: a line not awaiting review and nothing changes (409). Each decision is in the line\'s history.' })
  @ApiOkResponse({ type: CommissionListResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, UNKNOWN_ID, [ErrorCode.COMMISSION_STATUS_CONFLICT, 'A line is not awaiting review; nothing changed.', cannot('pending', 'approved on review')])
  async reviewMany(@Body() body: BulkReviewDto, @CurrentUser() user: AuthenticatedUser): Promise<{ items: CommissionView[] }> {
    return { items: await this.services.call(Rpc.commissions.Review, reviewOf(body.ids, body), user) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One ledger line with its status history (admin)' })
  @ApiUuidParam('The ledger line id.')
  @ApiOkResponse({ type: CommissionDetailResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_LINE)
  async get(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<CommissionDetailResponse> {
    const line = await this.services.call(Rpc.commissions.Get, { id }, user);
    const [[named], history] = await Promise.all([withPartnerNames(this.services, [line], user), withUserEmails(this.services, line.history, user)]);
    return { ...named, history };
  }

  @Post('approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve many lines (admin)', description: 'All or nothing: one illegal move and nothing changes (409).' })
  @ApiOkResponse({ type: CommissionListResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, UNKNOWN_ID, [ErrorCode.COMMISSION_STATUS_CONFLICT, 'A line cannot make that move (e.g. it is paid); nothing changed.', cannot('paid', 'approved')])
  approveMany(@Body() body: BulkIdsDto, @CurrentUser() user: AuthenticatedUser): Promise<{ items: CommissionView[] }> {
    return this.many(Rpc.commissions.Approve, body, user);
  }

  @Post('pay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pay many approved lines (admin)', description: 'All or nothing: one illegal move and nothing changes (409).' })
  @ApiOkResponse({ type: CommissionListResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, UNKNOWN_ID, [ErrorCode.COMMISSION_STATUS_CONFLICT, 'A line cannot make that move (e.g. it is not approved); nothing changed.', cannot('pending', 'paid')])
  payMany(@Body() body: BulkPayDto, @CurrentUser() user: AuthenticatedUser): Promise<{ items: CommissionView[] }> {
    return this.many(Rpc.commissions.Pay, body, user);
  }

  @Post('reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject many lines (admin)', description: 'From pending or approved; all or nothing (409).' })
  @ApiOkResponse({ type: CommissionListResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, UNKNOWN_ID, [ErrorCode.COMMISSION_STATUS_CONFLICT, 'A line cannot make that move (e.g. it is paid); nothing changed.', cannot('paid', 'rejected')])
  rejectMany(@Body() body: BulkRejectDto, @CurrentUser() user: AuthenticatedUser): Promise<{ items: CommissionView[] }> {
    return this.many(Rpc.commissions.Reject, body, user);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a pending line (admin)' })
  @ApiUuidParam('The ledger line id.')
  @ApiOkResponse({ type: CommissionResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_LINE, [ErrorCode.COMMISSION_STATUS_CONFLICT, 'The line is not pending.', cannot('paid', 'approved')])
  approve(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<CommissionView> {
    return this.one(Rpc.commissions.Approve, { ids: [id] }, user);
  }

  @Post(':id/pay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pay an approved line (admin)' })
  @ApiUuidParam('The ledger line id.')
  @ApiOkResponse({ type: CommissionResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_LINE, [ErrorCode.COMMISSION_STATUS_CONFLICT, 'The line is not approved.', cannot('pending', 'paid')])
  pay(@Param('id', UuidParam) id: string, @Body() body: PayDto, @CurrentUser() user: AuthenticatedUser): Promise<CommissionView> {
    return this.one(Rpc.commissions.Pay, { ids: [id], ...body }, user);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending or approved line (admin)' })
  @ApiUuidParam('The ledger line id.')
  @ApiOkResponse({ type: CommissionResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_LINE, [ErrorCode.COMMISSION_STATUS_CONFLICT, 'The line is paid or already rejected.', cannot('paid', 'rejected')])
  reject(@Param('id', UuidParam) id: string, @Body() body: RejectDto, @CurrentUser() user: AuthenticatedUser): Promise<CommissionView> {
    return this.one(Rpc.commissions.Reject, { ids: [id], ...body }, user);
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Review a line awaiting proof of sale (admin)',
    description: '`approve`: awaiting_review → pending (the normal lifecycle follows); `decline`: awaiting_review → rejected, no commission, the reason shown to the partner. In the line\'s history either way.',
  })
  @ApiUuidParam('The ledger line id.')
  @ApiOkResponse({ type: CommissionResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_LINE, [ErrorCode.COMMISSION_STATUS_CONFLICT, 'The line is not awaiting review.', cannot('pending', 'approved on review')])
  async review(@Param('id', UuidParam) id: string, @Body() body: ReviewDto, @CurrentUser() user: AuthenticatedUser): Promise<CommissionView> {
    const [line] = await this.services.call(Rpc.commissions.Review, reviewOf([id], body), user);
    return line;
  }

  private async one(pattern: TransitionPattern, body: CommissionTransitionCommand, user: AuthenticatedUser): Promise<CommissionView> {
    const [line] = await this.services.call(pattern, body, user);
    return line;
  }

  private async many(pattern: TransitionPattern, body: CommissionTransitionCommand, user: AuthenticatedUser): Promise<{ items: CommissionView[] }> {
    return { items: await this.services.call(pattern, body, user) };
  }
}

function reviewOf(ids: string[], body: ReviewDto): ReviewCommand {
  return { ids, decision: body.decision, reason: body.reason ?? '' };
}

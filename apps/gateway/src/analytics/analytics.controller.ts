import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, Rpc } from '@spiffworks/contracts';
import { problem } from '../platform/http-errors';
import type { DimensionsView, OverviewView, PartnerMetricsView, SalesExportFilters, SpiffAnalyticsView, TimeseriesView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { EXAMPLE } from '../platform/common.responses';
import { invalidRequest } from '../platform/http-errors';
import { ApiErrors, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { DimensionsQueryDto, SalesExportQueryDto, TimeseriesQueryDto } from './analytics.dto';
import { DimensionsResponse, OverviewResponse, PartnerMetricsResponse, SpiffAnalyticsResponse, TimeseriesResponse } from './analytics.responses';
import { SALES_FILE_PAGE_ROWS, salesFile } from './sales-file';
import { timeseriesRangeErrors } from './timeseries-range';
import { UuidParam } from '../platform/uuid-param';

/** Analytics read models: the seed's paths under /api/fulfillment/analytics, and /api/analytics. */
@Controller()
@ApiTags('analytics')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class AnalyticsController {
  constructor(private readonly services: PlatformServices) {}

  /** A partner's metrics; a partner user may ask only for its own. */
  @Get(['api/fulfillment/analytics/partner/:id', 'api/analytics/partners/:id'])
  @Roles('admin', 'analyst', 'partner')
  @ApiOperation({
    summary: "A partner's metrics (admin, analyst, partner its own)",
    description: "The seed's Step 5, on the seed's path and on `/api/analytics/partners/{id}`.",
  })
  @ApiUuidParam('The partner id.')
  @ApiOkResponse({
    type: PartnerMetricsResponse,
    example: {
      partner_id: EXAMPLE.partnerId,
      partner_name: 'TechCorp Partners Inc.',
      metrics: {
        total_sales: 1, total_revenue: 2000, total_commission: 440, base_commission: 240, spiff_bonus: 200,
        pending_commission: 440, approved_commission: 0, paid_commission: 0, active_assignments: 1, milestones_achieved: 0, milestone_rewards: 0,
        open_disputes: 0, adjustments: 0, adjustment_amount: 0,
      },
    } satisfies PartnerMetricsView,
  })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.NOT_YOUR_PARTNER, "The caller's role may not do this, or a partner asked for another partner's metrics.", 'a partner may only see its own analytics'], ErrorCode.PARTNER_NOT_FOUND)
  partner(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerMetricsView> {
    if (user.role === 'partner' && user.partner_id !== id) {
      throw problem(ErrorCode.NOT_YOUR_PARTNER, 'a partner may only see its own analytics');
    }
    return this.services.call(Rpc.analytics.PartnerMetrics, { partner_id: id }, user);
  }

  @Get(['api/fulfillment/analytics/overview', 'api/analytics/overview'])
  @Roles('admin', 'analyst')
  @ApiOperation({
    summary: 'The system overview with the top 5 partners (admin, analyst)',
    description: "The seed's Step 5, on the seed's path and on `/api/analytics/overview`.",
  })
  @ApiOkResponse({
    type: OverviewResponse,
    example: {
      overview: { total_assignments: 1, active_assignments: 1, total_sales: 1, total_revenue: 2000, total_commission: 440 },
      top_partners: [{ partner_id: EXAMPLE.partnerId, partner_name: 'TechCorp Partners Inc.', sales_count: 1, revenue: 2000, commission: 440 }],
    } satisfies OverviewView,
  })
  overview(@CurrentUser() user: AuthenticatedUser): Promise<OverviewView> {
    return this.services.call(Rpc.analytics.Overview, {}, user);
  }

  @Get('api/analytics/spiffs/:id')
  @Roles('admin', 'analyst')
  @ApiOperation({
    summary: "A spiff's performance (admin, analyst)",
    description: 'Sales, revenue and bonus cost; partners assigned vs sold; revenue during the spiff vs the same-length period before.',
  })
  @ApiUuidParam('The spiff id.')
  @ApiOkResponse({ type: SpiffAnalyticsResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.SPIFF_NOT_FOUND, 'No such spiff.', `spiff ${EXAMPLE.spiffId} not found`])
  spiff(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<SpiffAnalyticsView> {
    return this.services.call(Rpc.analytics.Spiff, { spiff_id: id }, user);
  }

  @Get('api/analytics/timeseries')
  @Roles('admin', 'analyst')
  @ApiOperation({
    summary: 'A metric over time (admin, analyst)',
    description: 'Revenue, sales or commission per day, week (from Monday) or month, every bucket included (empty ones as 0); optionally for one partner, tier, product or spiff.',
  })
  @ApiOkResponse({ type: TimeseriesResponse })
  @ApiErrors([ErrorCode.VALIDATION_FAILED, 'Invalid query, `to` before `from`, or a range over 3660 days.', 'to must not be before from'])
  timeseries(@Query() query: TimeseriesQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<TimeseriesView> {
    const errors = timeseriesRangeErrors(query.from, query.to);
    if (errors.length) throw invalidRequest(errors);
    return this.services.call(Rpc.analytics.Timeseries, { ...query }, user);
  }

  @Get('api/analytics/dimensions')
  @Roles('admin', 'analyst')
  @ApiOperation({
    summary: 'The choices of a time-series filter (admin, analyst)',
    description: "Partners, products or spiffs as analytics knows them, by name, optionally those whose name contains `search`: what the portal's filters offer, also to analysts, who may not list partners, products or spiffs.",
  })
  @ApiOkResponse({ type: DimensionsResponse })
  @ApiErrors([ErrorCode.VALIDATION_FAILED, 'Invalid query (`kind`, `search` over 100 characters, `limit` outside 1..50).', 'kind must be one of the following values: partner, product, spiff'])
  dimensions(@Query() query: DimensionsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<DimensionsView> {
    return this.services.call(Rpc.analytics.Dimensions, { ...query }, user);
  }

  @Get('api/analytics/export.csv')
  @Roles('admin', 'analyst', 'partner')
  @ApiOperation({
    summary: 'Every sale as CSV, one row per sale (admin, analyst; a partner its own)',
    description:
      'Every sale analytics has counted that the filters select (the time series\' filters, each optional), by sale date then sale id, streamed. ' +
      'A partner user gets its own partner\'s sales only, whatever `partner_id` it sends. Revenue and quantity as logged (returns are not netted); ' +
      'the commission columns are the sale\'s ledger line as analytics last heard of it (empty until it has). Amounts are exact decimals to the cent; ' +
      'a cell that could run as a formula gets a leading `\'`.',
  })
  @ApiOkResponse({
    description: 'CSV with a header row; `Content-Disposition: attachment; filename="sales.csv"`.',
    content: {
      'text/csv': {
        schema: { type: 'string' },
        example:
          'sale_id,sale_date,partner_id,partner_name,tier,product_id,product_name,quantity,revenue,base_commission,spiff_bonus,total_commission,commission_status,spiff_ids\n' +
          `f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e,2025-01-15,${EXAMPLE.partnerId},TechCorp Partners Inc.,gold,${EXAMPLE.productId},Test Laptop Pro,2,2000.00,240.00,200.00,440.00,pending,${EXAMPLE.spiffId}\n`,
      },
    },
  })
  @ApiErrors(
    [ErrorCode.VALIDATION_FAILED, 'Invalid filter (a date, an id, the tier), or `to` before `from`; `errors` names the field.', 'to must not be before from'],
    ErrorCode.FORBIDDEN,
    [ErrorCode.PARTNER_USER_REQUIRED, 'A partner-role caller with no partner.', 'this action needs a partner user'],
  )
  async exportCsv(@Query() query: SalesExportQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<StreamableFile> {
    // Analytics checks the filters (a 400 from the first page) and keeps a partner to its own sales.
    const filters: SalesExportFilters = { ...query };
    const file = await salesFile((after) => this.services.call(Rpc.analytics.SalesExportPage, { ...filters, after, limit: SALES_FILE_PAGE_ROWS }, user));
    return new StreamableFile(file, { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="sales.csv"' });
  }
}

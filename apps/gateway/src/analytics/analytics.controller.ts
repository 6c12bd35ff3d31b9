import { Controller, ForbiddenException, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Rpc } from '@spiffworks/contracts';
import type { OverviewView, PartnerMetricsView, SpiffAnalyticsView, TimeseriesView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { invalidRequest } from '../platform/http-errors';
import { PlatformServices } from '../platform/platform-services';
import { TimeseriesQueryDto } from './analytics.dto';
import { timeseriesRangeErrors } from './timeseries-range';

/** Analytics read models: the seed's paths under /api/fulfillment/analytics, and /api/analytics. */
@Controller()
export class AnalyticsController {
  constructor(private readonly services: PlatformServices) {}

  /** A partner's metrics; a partner user may ask only for its own. */
  @Get(['api/fulfillment/analytics/partner/:id', 'api/analytics/partners/:id'])
  @Roles('admin', 'analyst', 'partner')
  partner(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerMetricsView> {
    if (user.role === 'partner' && user.partner_id !== id) {
      throw new ForbiddenException('a partner may only see its own analytics');
    }
    return this.services.call('analytics', Rpc.analytics.PartnerMetrics, { partner_id: id }, user);
  }

  @Get(['api/fulfillment/analytics/overview', 'api/analytics/overview'])
  @Roles('admin', 'analyst')
  overview(@CurrentUser() user: AuthenticatedUser): Promise<OverviewView> {
    return this.services.call('analytics', Rpc.analytics.Overview, {}, user);
  }

  @Get('api/analytics/spiffs/:id')
  @Roles('admin', 'analyst')
  spiff(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<SpiffAnalyticsView> {
    return this.services.call('analytics', Rpc.analytics.Spiff, { spiff_id: id }, user);
  }

  @Get('api/analytics/timeseries')
  @Roles('admin', 'analyst')
  timeseries(@Query() query: TimeseriesQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<TimeseriesView> {
    const errors = timeseriesRangeErrors(query.from, query.to);
    if (errors.length) throw invalidRequest(errors);
    return this.services.call('analytics', Rpc.analytics.Timeseries, { ...query }, user);
  }
}

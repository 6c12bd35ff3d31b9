import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { OverviewView, RpcRequest, TimeseriesQuery, TimeseriesView } from '@spiffworks/contracts';
import { PlatformAnalyticsService } from './platform-analytics.service';

@Controller()
export class PlatformAnalyticsHandler {
  constructor(private readonly analytics: PlatformAnalyticsService) {}

  @MessagePattern(Rpc.analytics.Overview)
  overview(): Promise<OverviewView> {
    return this.analytics.overview();
  }

  @MessagePattern(Rpc.analytics.Timeseries)
  timeseries(@Payload() request: RpcRequest<TimeseriesQuery>): Promise<TimeseriesView> {
    return this.analytics.timeseries(request.body);
  }
}

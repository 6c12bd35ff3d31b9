import { Module } from '@nestjs/common';
import { PartnerEventsHandler } from './partner-events.handler';
import { PartnerMetricsHandler } from './partner-metrics.handler';
import { PartnerMetricsService } from './partner-metrics.service';

@Module({ controllers: [PartnerEventsHandler, PartnerMetricsHandler], providers: [PartnerMetricsService] })
export class PartnerMetricsModule {}

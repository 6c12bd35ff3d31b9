import { Module } from '@nestjs/common';
import { PartnerEventsHandler } from './partner-events.handler';
import { PartnerMetricsService } from './partner-metrics.service';

@Module({ controllers: [PartnerEventsHandler], providers: [PartnerMetricsService] })
export class PartnerMetricsModule {}

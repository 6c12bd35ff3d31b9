import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { PartnerEventsHandler } from './partner-events.handler';
import { PartnerMetricsHandler } from './partner-metrics.handler';
import { PartnerMetricsService } from './partner-metrics.service';

@Module({ controllers: [PartnerEventsHandler, PartnerMetricsHandler], imports: [ReadModelsModule], providers: [PartnerMetricsService] })
export class PartnerMetricsModule {}

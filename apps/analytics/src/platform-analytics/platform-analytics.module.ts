import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { PlatformAnalyticsHandler } from './platform-analytics.handler';
import { PlatformAnalyticsService } from './platform-analytics.service';
import { DailyFactsRepository } from './daily-facts.repository';
import { PlatformTotalsRepository } from './platform-totals.repository';

@Module({ controllers: [PlatformAnalyticsHandler], imports: [ReadModelsModule], providers: [PlatformAnalyticsService, PlatformTotalsRepository, DailyFactsRepository] })
export class PlatformAnalyticsModule {}

import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { SpiffAnalyticsHandler } from './spiff-analytics.handler';
import { SpiffAnalyticsService } from './spiff-analytics.service';

@Module({ controllers: [SpiffAnalyticsHandler], imports: [ReadModelsModule], providers: [SpiffAnalyticsService] })
export class SpiffAnalyticsModule {}

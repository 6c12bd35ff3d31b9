import { Module } from '@nestjs/common';
import { SpiffAnalyticsHandler } from './spiff-analytics.handler';
import { SpiffAnalyticsService } from './spiff-analytics.service';

@Module({ controllers: [SpiffAnalyticsHandler], providers: [SpiffAnalyticsService] })
export class SpiffAnalyticsModule {}

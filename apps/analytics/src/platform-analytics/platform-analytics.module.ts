import { Module } from '@nestjs/common';
import { PlatformAnalyticsHandler } from './platform-analytics.handler';
import { PlatformAnalyticsService } from './platform-analytics.service';

@Module({ controllers: [PlatformAnalyticsHandler], providers: [PlatformAnalyticsService] })
export class PlatformAnalyticsModule {}

// First: tracing starts before the modules it instruments are loaded.
import './tracing';
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp, runService } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { AnalyticsAppModule } from './analytics-app.module';

export function createAnalyticsApp(config: PlatformConfig): Promise<INestApplication> {
  return createServiceApp('analytics', AnalyticsAppModule.register(config), config);
}

if (require.main === module) {
  void runService('analytics', createAnalyticsApp, 3005, (config) => AnalyticsAppModule.register(config));
}

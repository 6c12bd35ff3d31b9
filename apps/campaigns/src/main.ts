// First: tracing starts before the modules it instruments are loaded.
import './tracing';
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp, runService } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { CampaignsAppModule } from './campaigns-app.module';

export function createCampaignsApp(config: PlatformConfig): Promise<INestApplication> {
  return createServiceApp('campaigns', CampaignsAppModule.register(config), config);
}

if (require.main === module) {
  void runService('campaigns', createCampaignsApp, 3002, (config) => CampaignsAppModule.register(config));
}

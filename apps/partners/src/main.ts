// First: tracing starts before the modules it instruments are loaded.
import './tracing';
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp, runService } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { PartnersAppModule } from './partners-app.module';

export function createPartnersApp(config: PlatformConfig): Promise<INestApplication> {
  return createServiceApp('partners', PartnersAppModule.register(config), config);
}

if (require.main === module) {
  void runService('partners', createPartnersApp, 3001, (config) => PartnersAppModule.register(config));
}

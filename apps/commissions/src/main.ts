// First: tracing starts before the modules it instruments are loaded.
import './tracing';
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp, runService } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { CommissionsAppModule } from './commissions-app.module';

export function createCommissionsApp(config: PlatformConfig): Promise<INestApplication> {
  return createServiceApp('commissions', CommissionsAppModule.register(config), config);
}

if (require.main === module) {
  void runService('commissions', createCommissionsApp, 3004, (config) => CommissionsAppModule.register(config));
}

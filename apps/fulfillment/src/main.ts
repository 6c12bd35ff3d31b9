// First: tracing starts before the modules it instruments are loaded.
import './tracing';
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp, runService } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { FulfillmentAppModule } from './fulfillment-app.module';

export function createFulfillmentApp(config: PlatformConfig): Promise<INestApplication> {
  return createServiceApp('fulfillment', FulfillmentAppModule.register(config), config);
}

if (require.main === module) {
  void runService('fulfillment', createFulfillmentApp, 3003, (config) => FulfillmentAppModule.register(config));
}

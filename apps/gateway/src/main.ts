import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, nestLogLevels } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayAppModule } from './gateway-app.module';

export async function createGatewayApp(config: PlatformConfig): Promise<INestApplication> {
  const app = await NestFactory.create(GatewayAppModule.register(config), { logger: nestLogLevels(config), abortOnError: false });
  app.enableShutdownHooks();
  return app;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createGatewayApp(config);
  await app.listen(config.PORT ?? 3000);
  console.log(JSON.stringify({ level: 'info', service: 'gateway', msg: `listening on ${await app.getUrl()}` }));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(JSON.stringify({ level: 'fatal', service: 'gateway', msg: 'failed to start', error: String(error) }));
    process.exit(1);
  });
}

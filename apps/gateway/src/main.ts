import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { exitGracefullyOnSignals, loadConfig, platformLogger } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayAppModule } from './gateway-app.module';
import { jsonBodyOptions, requireJsonBody } from './platform/request-body';

export async function createGatewayApp(config: PlatformConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(GatewayAppModule.register(config), {
    logger: platformLogger(config),
    abortOnError: false,
  });
  // Bodies are JSON only, at most 100 kB and a few levels deep; anything else is a 4xx with a message.
  app.use(requireJsonBody);
  app.useBodyParser('json', jsonBodyOptions);
  return app;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createGatewayApp(config);
  exitGracefullyOnSignals(app, 'gateway');
  await app.listen(config.PORT ?? 3000);
  console.log(JSON.stringify({ level: 'info', service: 'gateway', msg: `listening on ${await app.getUrl()}` }));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(JSON.stringify({ level: 'fatal', service: 'gateway', msg: 'failed to start', error: String(error) }));
    process.exit(1);
  });
}

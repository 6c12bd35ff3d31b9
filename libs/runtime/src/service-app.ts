import { NestFactory } from '@nestjs/core';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { EventSubscriptions } from '@spiffworks/contracts';
import type { ConsumingService, ServiceName } from '@spiffworks/contracts';
import { MessageContextInterceptor, ServiceErrorFilter, eventServerOptions, rpcServerOptions } from '@spiffworks/messaging';
import type { NestMicroservice, RmqOptions } from '@nestjs/microservices';
import { BrokerConnection } from './broker';
import { loadConfig } from './config';
import type { PlatformConfig } from './config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];

export function nestLogLevels(config: PlatformConfig): LogLevel[] {
  const wanted = config.LOG_LEVEL === 'info' ? 'log' : config.LOG_LEVEL;
  return LEVELS.slice(0, LEVELS.indexOf(wanted) + 1);
}

/**
 * Creates a service: an HTTP server for health, an RPC server on its own queue and, for services
 * that consume events, an event server on its own queue bound to the topic exchange.
 * The caller decides the port (`listen`), so tests can run it in-process on port 0.
 */
export async function createServiceApp(
  service: ServiceName,
  rootModule: unknown,
  config: PlatformConfig,
): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule as never, { logger: nestLogLevels(config), abortOnError: false });
  app.enableShutdownHooks();
  const broker = app.get(BrokerConnection);
  await broker.ready();
  connect(app, rpcServerOptions(broker.settings, service));
  if (service in EventSubscriptions) {
    connect(app, eventServerOptions(broker.settings, service as ConsumingService));
  }
  await app.init();
  await app.startAllMicroservices();
  return app;
}

function connect(app: INestApplication, options: RmqOptions): void {
  // Deferred so the filter and interceptor register before the listeners are wired; the app's own
  // init runs the lifecycle hooks, so the microservice must not run them a second time.
  const server = app.connectMicroservice(options, { deferInitialization: true });
  server.useGlobalFilters(new ServiceErrorFilter());
  server.useGlobalInterceptors(new MessageContextInterceptor());
  (server as unknown as NestMicroservice).setIsInitHookCalled(true);
}

/** The entry point of a service process: validated config, then listen on PORT. */
export async function runService(
  service: ServiceName,
  createApp: (config: PlatformConfig) => Promise<INestApplication>,
  defaultPort: number,
  config: PlatformConfig = loadConfig(),
): Promise<void> {
  try {
    const app = await createApp(config);
    await app.listen(config.PORT ?? defaultPort);
    console.log(JSON.stringify({ level: 'info', service, msg: `listening on ${await app.getUrl()}` }));
  } catch (error) {
    console.error(JSON.stringify({ level: 'fatal', service, msg: 'failed to start', error: String(error) }));
    process.exit(1);
  }
}

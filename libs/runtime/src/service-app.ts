import { NestFactory } from '@nestjs/core';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { EventSubscriptions } from '@spiffworks/contracts';
import type { ConsumingService, ServiceName } from '@spiffworks/contracts';
import { MessageContextInterceptor, ServiceErrorFilter, eventServerOptions, rpcServerOptions } from '@spiffworks/messaging';
import type { NestMicroservice, RmqOptions } from '@nestjs/microservices';
import { BrokerConnection } from './broker';
import { ConsumerDrain } from './consumer-drain';
import { DrainableRmqServer } from './drainable-server';
import { RedactingLogger } from './redaction';
import { loadConfig } from './config';
import type { PlatformConfig } from './config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];

export function nestLogLevels(config: PlatformConfig): LogLevel[] {
  const wanted = config.LOG_LEVEL === 'info' ? 'log' : config.LOG_LEVEL;
  return LEVELS.slice(0, LEVELS.indexOf(wanted) + 1);
}

/** The logger every process uses: the configured levels, secrets masked (see redaction.ts). */
export function platformLogger(config: PlatformConfig): RedactingLogger {
  return new RedactingLogger(nestLogLevels(config));
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
  const app = await NestFactory.create(rootModule as never, { logger: platformLogger(config), abortOnError: false });
  // No enableShutdownHooks: `runService` handles SIGTERM itself (drain, then exit 0).
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
  // Our RabbitMQ server can stop consuming and wait for in-flight messages (ConsumerDrain).
  const strategy = new DrainableRmqServer(options.options);
  app.get(ConsumerDrain).register(strategy);
  // Deferred so the filter and interceptor register before the listeners are wired; the app's own
  // init runs the lifecycle hooks, so the microservice must not run them a second time.
  const server = app.connectMicroservice({ strategy }, { deferInitialization: true });
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
    exitGracefullyOnSignals(app, service);
    await app.listen(config.PORT ?? defaultPort);
    console.log(JSON.stringify({ level: 'info', service, msg: `listening on ${await app.getUrl()}` }));
  } catch (error) {
    console.error(JSON.stringify({ level: 'fatal', service, msg: 'failed to start', error: String(error) }));
    process.exit(1);
  }
}

/**
 * SIGTERM / SIGINT: close the app (stop consuming, finish in-flight messages, flush the outbox,
 * close connections, in that order; see ConsumerDrain) and exit 0; exit 1 if closing fails.
 * Nest's own shutdown hooks would re-raise the signal, so the process would not exit 0.
 */
export function exitGracefullyOnSignals(app: INestApplication, service: string): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    console.log(JSON.stringify({ level: 'info', service, msg: `${signal}: shutting down` }));
    app
      .close()
      .then(() => {
        console.log(JSON.stringify({ level: 'info', service, msg: 'stopped' }));
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'error', service, msg: 'shutdown failed', error: String(error) }));
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

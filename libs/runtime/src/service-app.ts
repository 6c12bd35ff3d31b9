import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { EventSubscriptions, HEALTH_PATTERN } from '@spiffworks/contracts';
import type { ConsumingService, ServiceName } from '@spiffworks/contracts';
import { MessageContextInterceptor, ServiceErrorFilter, eventServerOptions, flushSpans, rpcServerOptions } from '@spiffworks/messaging';
import type { HandledRequest } from '@spiffworks/messaging';
import type { NestMicroservice, RmqOptions } from '@nestjs/microservices';
import { BrokerConnection } from './broker';
import { ConsumerDrain } from './consumer-drain';
import { DrainableRmqServer } from './drainable-server';
import { observeHttpRequests } from './http-observability';
import { lifecycleLogger, platformLogger } from './logging';
import type { PinoLogger } from './logging';
import { PlatformMetrics } from './metrics';
import { keepMetricsOffMainPort, listenForMetrics } from './metrics-port';
import { loadConfig } from './config';
import { openServiceDataSource } from '@spiffworks/persistence';
import { registeredRuntime, serviceDataSourceSpec } from './service-runtime.module';
import type { PlatformConfig } from './config';

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
  const logger = platformLogger(config, service);
  const app = await NestFactory.create(rootModule as never, { logger, abortOnError: false });
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  // No enableShutdownHooks: `runService` handles SIGTERM itself (drain, then exit 0).
  const metrics = app.get(PlatformMetrics);
  app.use(observeHttpRequests(metrics, logger.pino));
  keepMetricsOffMainPort(app, config);
  const broker = app.get(BrokerConnection);
  await broker.ready();
  const onRequest = reportHandledRequest(metrics, logger.pino);
  connect(app, rpcServerOptions(broker.settings, service), onRequest);
  if (service in EventSubscriptions) {
    connect(app, eventServerOptions(broker.settings, service as ConsumingService), onRequest);
  }
  await app.init();
  await app.startAllMicroservices();
  return app;
}

/** One log line (debug for health checks) and one metric observation per handled RPC request. */
function reportHandledRequest(metrics: PlatformMetrics, logger: PinoLogger): (request: HandledRequest) => void {
  return (request) => {
    metrics.observeHandledRequest(request);
    const line = {
      correlation_id: request.correlationId,
      pattern: request.pattern,
      outcome: request.outcome,
      status: request.status,
      duration_ms: Math.round(request.durationMs * 10) / 10,
    };
    const msg = `rpc ${request.pattern} ${request.outcome}`;
    if (request.outcome === 'expired') logger.warn({ ...line, late_by_ms: Math.round(request.lateByMs ?? 0) }, `${msg}: past its caller's deadline, nothing done`);
    else if (request.pattern === HEALTH_PATTERN) logger.debug(line, msg);
    else logger.info(line, msg);
  };
}

function connect(app: INestApplication, options: RmqOptions, onRequest: (request: HandledRequest) => void): void {
  // Our RabbitMQ server can stop consuming and wait for in-flight messages (ConsumerDrain).
  const strategy = new DrainableRmqServer(options.options);
  app.get(ConsumerDrain).register(strategy);
  // Deferred so the filter and interceptor register before the listeners are wired; the app's own
  // init runs the lifecycle hooks, so the microservice must not run them a second time.
  const server = app.connectMicroservice({ strategy }, { deferInitialization: true });
  server.useGlobalFilters(new ServiceErrorFilter());
  server.useGlobalInterceptors(new MessageContextInterceptor(onRequest));
  (server as unknown as NestMicroservice).setIsInitHookCalled(true);
}

/** Whether the process was started to migrate and exit: `main.js migrate` or RUN_MODE=migrate. */
export function migrateMode(config: Pick<PlatformConfig, 'RUN_MODE'>, argv: string[] = process.argv): boolean {
  return config.RUN_MODE === 'migrate' || argv.slice(2).includes('migrate');
}

/**
 * The `migrate` step of a service (an init container or a Job): creates its database if missing,
 * applies pending migrations under the advisory lock, grants DATABASE_GRANT_TO the use of the tables,
 * and closes. Needs neither the broker nor a port. `registerModule` is the app module's `register`
 * (it names the service's entities and migrations).
 */
export async function migrateService(service: ServiceName, registerModule: (config: PlatformConfig) => unknown, config: PlatformConfig): Promise<void> {
  registerModule(config);
  const options = registeredRuntime(service);
  if (!options) throw new Error(`${service} registered no ServiceRuntimeModule: nothing to migrate`);
  const log = lifecycleLogger(service);
  log.info(`migrating ${options.config.DATABASE_NAME_PREFIX}_${service}`);
  // Two connections: one holds the advisory lock while the migrations run on the other.
  const dataSource = await openServiceDataSource({ ...serviceDataSourceSpec(options), poolSize: 2, migrate: true });
  await dataSource.destroy();
  log.info(config.DATABASE_GRANT_TO ? `migrated; ${config.DATABASE_GRANT_TO} may use the tables` : 'migrated');
}

/**
 * The entry point of a service process: validated config, then listen on PORT; or, in migrate mode
 * (`main.js migrate`, RUN_MODE=migrate), migrate and exit 0.
 */
export async function runService(
  service: ServiceName,
  createApp: (config: PlatformConfig) => Promise<INestApplication>,
  defaultPort: number,
  registerModule?: (config: PlatformConfig) => unknown,
  config: PlatformConfig = loadConfig(),
): Promise<void> {
  try {
    if (migrateMode(config)) {
      if (!registerModule) throw new Error(`${service} has no migrate step`);
      await migrateService(service, registerModule, config);
      process.exit(0);
    }
    const app = await createApp(config);
    exitGracefullyOnSignals(app, service);
    await app.listen(config.PORT ?? defaultPort);
    const metricsServer = await listenForMetrics(app, config);
    lifecycleLogger(service).info(`listening on ${await app.getUrl()}${metricsServer ? `, metrics on port ${config.METRICS_PORT}` : ''}`);
  } catch (error) {
    lifecycleLogger(service).fatal({ error: String(error) }, 'failed to start');
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
    const log = lifecycleLogger(service);
    log.info(`${signal}: shutting down`);
    app
      .close()
      // Spans still batched for export leave before the process does.
      .then(() => flushSpans())
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ error: String(error) }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

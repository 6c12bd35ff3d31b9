// First: tracing starts before the modules it instruments are loaded.
import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  PlatformMetrics,
  exitGracefullyOnSignals,
  keepMetricsOffMainPort,
  keepRequestCorrelation,
  lifecycleLogger,
  listenForMetrics,
  loadConfig,
  migrateMode,
  observeHttpRequests,
  platformLogger,
} from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { GatewayAppModule } from './gateway-app.module';
import { answerMiddlewareErrors, jsonBodyOptions, requireJsonBody } from './platform/request-body';
import { SALE_IMPORT_UPLOAD } from './fulfillment/sale-imports.controller';
import { DISPUTE_ATTACHMENT_UPLOAD, SALE_ATTACHMENT_UPLOAD } from './platform/attachment-upload';
import { PARTNER_IMPORT_UPLOAD } from './partners/partner-imports.controller';
import { hardenHttp } from './platform/http-hardening';
import { setupApiDocs } from './platform/openapi';
import { servePortal, webRootOf } from './platform/web-portal';

export async function createGatewayApp(config: PlatformConfig): Promise<INestApplication> {
  const logger = platformLogger(config, 'gateway');
  const app = await NestFactory.create<NestExpressApplication>(GatewayAppModule.register(config), {
    logger,
    abortOnError: false,
  });
  // Which hops' X-Forwarded-For to believe for req.ip (the login limits count per client address):
  // none by default, one behind the Ingress (TRUST_PROXY, docs/configuration.md).
  app.set('trust proxy', config.TRUST_PROXY);
  // First: the request's correlation id (X-Request-Id), its log line and its duration metric.
  app.use(observeHttpRequests(app.get(PlatformMetrics), logger.pino));
  // Security headers (a CSP the portal and the API docs work with), no X-Powered-By, CORS only for CORS_ORIGINS.
  hardenHttp(app, config);
  // With METRICS_PORT, /metrics answers there only (listenForMetrics), not on the public port.
  keepMetricsOffMainPort(app, config);
  // Bodies are JSON only, at most 100 kB and a few levels deep; anything else is a 4xx with a message.
  // The file imports (sales, partners) read their CSV themselves, as a stream.
  app.use(requireJsonBody([SALE_IMPORT_UPLOAD, PARTNER_IMPORT_UPLOAD, SALE_ATTACHMENT_UPLOAD, DISPUTE_ATTACHMENT_UPLOAD]));
  app.useBodyParser('json', jsonBodyOptions);
  app.use(keepRequestCorrelation);
  // Errors of the middleware above (body parser: 400, 413) never reach Nest's filters.
  app.use(answerMiddlewareErrors);
  // OpenAPI 3 from the controllers and DTOs: the UI at /api/docs, the document at /api/docs-json (no token).
  setupApiDocs(app);
  // Last of the middleware, before the routes: the portal (apps/web) at /, with deep links; /api untouched.
  const webRoot = webRootOf(config.WEB_ROOT);
  if (servePortal(app, webRoot)) logger.pino.info({ web_root: webRoot }, 'serving the portal at /');
  else logger.pino.warn({ web_root: webRoot }, 'no built portal (index.html) there: serving the API only (npm run build:web)');
  return app;
}

async function main(): Promise<void> {
  const config = loadConfig();
  // The same migrate step runs for every app; the gateway has no database.
  if (migrateMode(config)) {
    lifecycleLogger('gateway').info('migrate: the gateway has no database, nothing to do');
    process.exit(0);
  }
  const app = await createGatewayApp(config);
  exitGracefullyOnSignals(app, 'gateway');
  await app.listen(config.PORT ?? 3000);
  const metricsServer = await listenForMetrics(app, config);
  lifecycleLogger('gateway').info(`listening on ${await app.getUrl()}${metricsServer ? `, metrics on port ${config.METRICS_PORT}` : ''}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    lifecycleLogger('gateway').fatal({ error: String(error) }, 'failed to start');
    process.exit(1);
  });
}

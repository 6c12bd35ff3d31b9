import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { PlatformConfig } from './config';

/** Marks a request that arrived on the metrics port (the main port's /metrics is then a 404). */
const VIA_METRICS_PORT = Symbol('spiffworks.via-metrics-port');
type Marked = IncomingMessage & { [VIA_METRICS_PORT]?: true };

const isMetricsPath = (url: string | undefined): boolean => /^\/metrics(\/|\?|$)/.test(url ?? '');

function notFound(res: ServerResponse): void {
  res.statusCode = 404;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end('Not Found');
}

/**
 * With `METRICS_PORT` set, `GET /metrics` is kept off the app's main port (`PORT`, the one a Service
 * and the Ingress expose): there it answers 404. Call before the routes are registered (before init).
 * Unset, nothing changes: /metrics answers on PORT, as on a developer machine.
 */
export function keepMetricsOffMainPort(app: INestApplication, config: Pick<PlatformConfig, 'METRICS_PORT'>): void {
  if (config.METRICS_PORT === undefined) return;
  app.use((req: Marked, res: ServerResponse, next: () => void) => (isMetricsPath(req.url) && !req[VIA_METRICS_PORT] ? notFound(res) : next()));
}

/**
 * With `METRICS_PORT` set, a second HTTP server on that port that answers `/metrics` (and nothing
 * else) through the app's own routes: the same controller, registry and middleware as before, on a
 * port no Ingress routes to. Closes when the app's main server closes. Answers the server, or
 * undefined when METRICS_PORT is unset. Call after `app.listen`.
 */
export async function listenForMetrics(app: INestApplication, config: Pick<PlatformConfig, 'METRICS_PORT'>): Promise<Server | undefined> {
  if (config.METRICS_PORT === undefined) return undefined;
  const handle = app.getHttpAdapter().getInstance() as (req: IncomingMessage, res: ServerResponse) => void;
  const server = createServer((req: Marked, res) => {
    if (!isMetricsPath(req.url)) return notFound(res);
    req[VIA_METRICS_PORT] = true;
    handle(req, res);
  });
  // Scrapers keep connections open; they must not hold the process after the app closed.
  (app.getHttpServer() as Server).once('close', () => {
    server.close();
    server.closeAllConnections();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.METRICS_PORT, () => resolve());
  });
  return server;
}

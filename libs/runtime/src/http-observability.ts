import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSaneCorrelationId, runWithCorrelation } from '@spiffworks/messaging';
import type { PinoLogger } from './logging';
import type { PlatformMetrics } from './metrics';

/** The header a caller may send its own request id in, and that every response carries. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

const CORRELATION = Symbol('correlationId');

type ObservedRequest = IncomingMessage & {
  [CORRELATION]?: string;
  route?: { path?: unknown };
  originalUrl?: string;
};

type Next = (error?: unknown) => void;

/** Requests that probes and scrapers make all the time: counted, logged at debug only. */
function isRoutine(path: string): boolean {
  return path === '/metrics' || path === '/health' || path.startsWith('/health/');
}

/** The route template Express matched (`/api/partners/:id`), or `unmatched`: never the raw path. */
function routeOf(req: ObservedRequest): string {
  const path = req.route?.path;
  return typeof path === 'string' && path.length > 0 ? path : 'unmatched';
}

/**
 * The first middleware of every HTTP server: the request's correlation id (its sane `X-Request-Id`,
 * else a new uuid) is set on the response's `X-Request-Id` and the rest of the request runs with
 * it, so every log line, RPC and event of the request carries it. When the response is finished,
 * one log line and one observation of `spiffworks_http_request_duration_seconds`.
 */
export function observeHttpRequests(metrics: PlatformMetrics, logger: PinoLogger) {
  return (req: ObservedRequest, res: ServerResponse, next: Next): void => {
    const header = req.headers[REQUEST_ID_HEADER.toLowerCase()];
    const correlationId = isSaneCorrelationId(header) ? header : randomUUID();
    req[CORRELATION] = correlationId;
    res.setHeader(REQUEST_ID_HEADER, correlationId);
    const started = performance.now();
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(req);
      const method = req.method ?? 'GET';
      const status = res.statusCode;
      metrics.httpRequestDuration.observe({ method, route, status: String(status) }, seconds);
      const path = (req.originalUrl ?? req.url ?? '').split('?')[0].slice(0, 200);
      const line = { correlation_id: correlationId, method, route, path, status, duration_ms: Math.round(seconds * 10_000) / 10 };
      const msg = `${method} ${route} ${status}`;
      if (isRoutine(path)) logger.debug(line, msg);
      else if (status >= 500) logger.error(line, msg);
      else logger.info(line, msg);
    });
    runWithCorrelation(correlationId, () => next());
  };
}

/**
 * Enters the request's correlation id again: registered after the body parser, whose stream
 * callbacks need not run in the context the first middleware set.
 */
export function keepRequestCorrelation(req: ObservedRequest, _res: ServerResponse, next: Next): void {
  const correlationId = req[CORRELATION];
  if (correlationId) runWithCorrelation(correlationId, () => next());
  else next();
}

import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IDEMPOTENCY_KEY_HEADER } from '@spiffworks/contracts';
import { REQUEST_ID_HEADER } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';

/**
 * The Content-Security-Policy of everything the gateway serves: the portal (apps/web), the OpenAPI
 * UI at /api/docs and the API. Only our own origin's scripts run (no inline script, no eval), and
 * the pages call only our own API. Two allowances, each for a reason:
 * - `style-src 'unsafe-inline'`: Mantine writes its CSS variables into a <style> element at run time
 *   and both Mantine and Swagger UI set `style` attributes; styles cannot run code.
 * - `img-src blob: data:`: the proof-of-sale review shows the fetched file from a blob: URL, and
 *   Mantine and Swagger UI draw icons as data: URIs.
 * No other page may frame ours (clickjacking), and forms post only to us.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/** Headers a browser on an allowed origin may send (traceparent: a traced client's trace continues here), and read from the answer. */
const CORS_REQUEST_HEADERS = ['authorization', 'content-type', IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER, 'traceparent', 'tracestate'];
const CORS_EXPOSED_HEADERS = [REQUEST_ID_HEADER, 'retry-after', 'content-disposition', 'location'];

/**
 * Security headers on every answer (helmet: the CSP above, HSTS, nosniff, frame and referrer
 * policies), no `X-Powered-By`, and CORS for the origins of `CORS_ORIGINS` only. With none (the
 * default) no CORS header is ever sent: the portal is served from the API's own origin, and the
 * browser keeps every other site from reading the API's answers. Call first, before any route.
 */
export function hardenHttp(app: NestExpressApplication, config: Pick<PlatformConfig, 'CORS_ORIGINS'>): void {
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      // The same as frame-ancestors 'none', for browsers that predate CSP 2.
      xFrameOptions: { action: 'deny' },
      // Only over HTTPS (browsers ignore it on http://); not for sibling hosts, which are not ours to pin.
      strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
    }),
  );
  if (config.CORS_ORIGINS.length === 0) return;
  const allowed = new Set(config.CORS_ORIGINS);
  app.enableCors({
    // An origin off the list gets no CORS header (its browser then refuses the answer), not an error.
    origin: (origin: string | undefined, done: (error: Error | null, allow?: boolean) => void) => done(null, origin !== undefined && allowed.has(origin)),
    // Bearer tokens, not cookies: nothing rides along by itself, so no credentials mode.
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PATCH'],
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
}

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of Express's request and response the fallback uses (express ships no types here). */
type Request = IncomingMessage & { path: string; accepts: (type: string) => string | false };
type Response = ServerResponse & { sendFile: (path: string, options: object, done: (error?: Error) => void) => void };
type NextFunction = (error?: unknown) => void;

/** Content-hashed files (Vite's `assets/`): a new build gets new names, so they never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and other unhashed files: always revalidate, so a deploy is seen at once. */
export const REVALIDATE = 'no-cache';

/** Paths that belong to the API and operations, never to the portal's history fallback. */
const NOT_THE_PORTAL = /^\/(api|health|metrics|assets)(\/|$)/;

/** The built portal: `WEB_ROOT`, else dist/web (from dist/apps/gateway/src or from the sources). */
export function webRootOf(configured: string | undefined): string {
  if (configured) return resolve(configured);
  const candidates = [resolve(__dirname, '../../../../web'), resolve(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

/**
 * Serves the portal (apps/web) from the gateway: one origin for the pages and the API, so no CORS
 * and one Ingress route. Static files first (`/assets/*` immutable, the rest `no-cache`), then the
 * history fallback: a GET or HEAD that accepts HTML, outside /api, /health, /metrics and /assets,
 * answers index.html, so deep links work. Everything else falls through to the API (and its JSON
 * 404 problem). Answers false (API only) when the directory holds no index.html.
 */
export function servePortal(app: NestExpressApplication, root: string): boolean {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  // serve-static's own `cacheControl` off: the header is ours (ServeStaticOptions does not list it).
  const options = {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders: (res: ServerResponse, path: string) => {
      res.setHeader('Cache-Control', path.startsWith(join(root, 'assets')) ? IMMUTABLE : REVALIDATE);
    },
  };
  app.useStaticAssets(root, options as Parameters<NestExpressApplication['useStaticAssets']>[1]);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_THE_PORTAL.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(index, { cacheControl: false }, (error) => error && next(error));
  });
  return true;
}

/**
 * The one API client: openapi-fetch over the types generated from the gateway's OpenAPI document
 * (schema.d.ts, `npm run web:api`). Never hand-write a request or response shape: take it from
 * `Schemas` / `paths`. Same origin (the gateway serves the portal), so no base URL and no CORS.
 */
import createClient from 'openapi-fetch';
import type { Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { sessionStore } from '../auth/session-store';

export type { paths } from './schema';
/** Every documented schema, e.g. `Schemas['SaleResponse']`. */
export type Schemas = components['schemas'];

/** Adds the bearer token; any 401 (but a failed sign-in's) ends the session, with a message. */
const session: Middleware = {
  onRequest({ request }) {
    const token = sessionStore.get()?.token;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url, 'http://x').pathname.endsWith('/api/auth/login')) {
      sessionStore.clear('Your session has ended. Please sign in again.');
    }
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  // Looked up per call (not captured once), so tests can stub the global fetch.
  fetch: (request) => globalThis.fetch(request),
});
api.use(session);

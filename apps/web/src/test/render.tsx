/**
 * Test helpers.
 *
 *   const api = mockApi({
 *     'GET /api/partners': () => ({ items: [], total: 0, page: 1, page_size: 20 }),
 *     'POST /api/partners': async (request) => problem(400, 'VALIDATION_FAILED', 'email must be an email', [{ field: 'email', reason: 'must be an email' }]),
 *   });
 *   renderApp('/admin/partners', { role: 'admin' });
 *   expect(await screen.findByRole('heading', { name: 'Partners' })).toBeVisible();
 *   expect(api.calls('POST /api/partners')[0].body).toMatchObject({ name: 'TechCorp' });
 *
 * A handler answers a plain object (200 JSON), a Response, or throws. Keys are "METHOD /path" with
 * `{id}` placeholders matching any segment. Unmatched calls answer a 404 problem and are recorded.
 */
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { App, theme } from '../app/App';
import { SessionProvider } from '../auth/session';
import { sessionStore } from '../auth/session-store';
import type { Role, SessionUser } from '../auth/session-store';

export const TEST_PARTNER_ID = '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70';

export function testUser(role: Role): SessionUser {
  return {
    id: '5d2c9a10-0000-4000-8000-000000000001',
    email: `${role}@example.test`,
    role,
    partner_id: role === 'partner' ? TEST_PARTNER_ID : null,
    status: 'active',
  };
}

/** A JWT-shaped token (unsigned: the portal only reads `exp`). */
export function testToken(expiresInSeconds = 3600): string {
  const b64 = (value: object): string => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'test', exp: Math.floor(Date.now() / 1000) + expiresInSeconds })}.signature`;
}

export function signInAs(role: Role): SessionUser {
  const user = testUser(role);
  sessionStore.signIn(testToken(), user);
  return user;
}

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
}

/** The whole portal at `path` (memory history), signed in as `role` (or signed out). */
export function renderApp(path: string, { role }: { role?: Role } = {}) {
  if (role) signInAs(role);
  else sessionStore.clear(null);
  const history = createMemoryHistory({ initialEntries: [path] });
  const queryClient = testQueryClient();
  return { history, queryClient, ...render(<App history={history} queryClient={queryClient} />) };
}

/** Providers for rendering one component alone (no router). */
export function TestProviders({ children, queryClient = testQueryClient() }: { children: ReactNode; queryClient?: QueryClient }) {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>{children}</SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

/** A problem-details answer as the gateway sends it. */
export function problem(status: number, code: string, detail: string, errors: Array<{ field: string; reason: string }> = []): Response {
  return json({ type: `urn:spiffworks:problem:${code}`, title: code, status, detail, code, errors, statusCode: status, error: code, message: detail }, status);
}

type Handler = (request: Request, body: unknown) => unknown | Promise<unknown>;
interface Call {
  key: string;
  url: URL;
  body: unknown;
  headers: Headers;
}

/** A JSON body parsed; any other (a multipart form) as its text. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function mockApi(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const routes = Object.entries(handlers).map(([key, handler]) => {
    const [method, path] = key.split(' ');
    const pattern = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`)).replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return { key, method, pattern, handler };
  });
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.clone().text();
    const body = text ? jsonOrText(text) : undefined;
    const route = routes.find((r) => r.method === request.method && r.pattern.test(url.pathname));
    const key = route?.key ?? `${request.method} ${url.pathname}`;
    calls.push({ key, url, body, headers: request.headers });
    if (!route) return problem(404, 'ROUTE_NOT_FOUND', `no mock for ${key}`);
    const answer = await route.handler(request, body);
    return answer instanceof Response ? answer : json(answer);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetch: fetchMock,
    calls: (key?: string): Call[] => (key ? calls.filter((c) => c.key === key) : calls),
  };
}

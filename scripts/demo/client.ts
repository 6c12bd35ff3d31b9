/**
 * The few calls the demo makes on the gateway's public API: JSON in and out, the bearer token, an
 * Idempotency-Key on every creating POST, and problem details turned into errors naming the code.
 */
import type { Page } from '@spiffworks/contracts';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`${status}${code ? ` ${code}` : ''}: ${detail}`);
  }
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  idempotencyKey?: string;
}

export class DemoApi {
  constructor(readonly baseUrl: string) {}

  async call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, options: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    // A 503 is never carried out later (docs/api.md), so trying again is safe; with a key, always.
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      if (response.ok) return body as T;
      if (response.status === 503 && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        continue;
      }
      throw new ApiProblem(response.status, body?.code as string | undefined, String(body?.detail ?? body?.message ?? text));
    }
  }

  get<T>(path: string, token: string): Promise<T> {
    return this.call<T>('GET', path, { token });
  }

  post<T>(path: string, body: unknown, token: string, idempotencyKey?: string): Promise<T> {
    return this.call<T>('POST', path, { token, body, idempotencyKey });
  }

  /** Every item of a paged list (500 a page). */
  async all<T>(path: string, token: string): Promise<T[]> {
    const items: T[] = [];
    const join = path.includes('?') ? '&' : '?';
    for (let page = 1; ; page++) {
      const result = await this.get<Page<T>>(`${path}${join}page=${page}&page_size=500`, token);
      items.push(...result.items);
      if (items.length >= result.total || result.items.length === 0) return items;
    }
  }

  async login(email: string, password: string): Promise<string> {
    const result = await this.call<{ access_token: string }>('POST', '/api/auth/login', { body: { email, password } });
    return result.access_token;
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function eachLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** Polls `read` until `done` holds, or fails after `timeoutMs` with `what` (the platform applies events asynchronously). */
export async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

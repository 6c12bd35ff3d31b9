export interface HttpResult<T = any> {
  status: number;
  body: T;
}

/** A small JSON client for the gateway, remembering nothing between calls. */
export class GatewayClient {
  constructor(private readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, options: { body?: unknown; token?: string; raw?: string } = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as T) : (undefined as T) };
  }

  get<T = any>(path: string, token?: string): Promise<HttpResult<T>> {
    return this.request<T>('GET', path, { token });
  }

  post<T = any>(path: string, body: unknown, token?: string): Promise<HttpResult<T>> {
    return this.request<T>('POST', path, { body, token });
  }

  patch<T = any>(path: string, body: unknown, token?: string): Promise<HttpResult<T>> {
    return this.request<T>('PATCH', path, { body, token });
  }

  async login(email: string, password: string): Promise<string> {
    const result = await this.post<{ access_token: string }>('/api/auth/login', { email, password });
    if (result.status !== 200) throw new Error(`login as ${email} failed: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body.access_token;
  }
}

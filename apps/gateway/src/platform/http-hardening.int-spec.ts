import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { listenForMetrics } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { isolatedConfig, removeNamespace } from '@spiffworks/testing';
import { createGatewayApp } from '../main';

const INDEX = '<!doctype html><html><head><title>SpiffWorks</title></head><body><div id="root"></div></body></html>';
const PORTAL_ORIGIN = 'https://portal.example.com';
/** A port nothing listens on: a broker or a Redis that is down. */
const CLOSED_PORT = 1;

interface Running {
  app: INestApplication;
  url: string;
  metrics?: Server;
}

async function start(config: PlatformConfig): Promise<Running> {
  const app = await createGatewayApp(config);
  await app.listen(0);
  const metrics = await listenForMetrics(app, config);
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), metrics };
}

const preflight = (url: string, origin: string): Promise<Response> =>
  fetch(`${url}/api/partners`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
  });

/** Security headers, CORS, the metrics port and readiness of the gateway, over real HTTP. */
describe('gateway: hardened HTTP', () => {
  let config: PlatformConfig;
  let webRoot: string;
  let gateway: Running;
  let withCors: Running;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'spiffworks-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), INDEX);
    config = isolatedConfig({ WEB_ROOT: webRoot, METRICS_PORT: '0' });
    gateway = await start(config);
    withCors = await start({ ...config, METRICS_PORT: undefined, CORS_ORIGINS: [PORTAL_ORIGIN] });
  });

  afterAll(async () => {
    await gateway?.app.close();
    await withCors?.app.close();
    await removeNamespace(config);
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('sends the CSP and the other security headers on the portal, the API docs and the API, and no X-Powered-By', async () => {
    for (const path of ['/', '/partner/sales', '/api/docs', '/api/docs-json', '/api/unknown', '/health/live']) {
      const response = await fetch(`${gateway.url}${path}`, { headers: { accept: 'text/html,*/*' } });
      await response.arrayBuffer();
      const headers = Object.fromEntries(['content-security-policy', 'x-content-type-options', 'x-frame-options', 'x-powered-by', 'referrer-policy'].map((h) => [h, response.headers.get(h)]));
      expect({ path, ...headers }).toEqual({
        path,
        'content-security-policy': expect.stringContaining("script-src 'self'"),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'x-powered-by': null,
        'referrer-policy': 'no-referrer',
      });
      const csp = headers['content-security-policy']!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      // No inline or eval'd script, and no upgrade of http:// (a developer's gateway has no TLS).
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });

  it('sends no CORS header to any origin by default: the browser keeps other sites out', async () => {
    const response = await preflight(gateway.url, PORTAL_ORIGIN);
    await response.arrayBuffer();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${gateway.url}/health/live`, { headers: { origin: PORTAL_ORIGIN } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    await get.arrayBuffer();
  });

  it('allows the origins of CORS_ORIGINS only, with the headers the API takes and answers', async () => {
    const allowed = await preflight(withCors.url, PORTAL_ORIGIN);
    await allowed.arrayBuffer();
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-request-id']),
    );
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const answer = await fetch(`${withCors.url}/health/live`, { headers: { origin: PORTAL_ORIGIN } });
    await answer.arrayBuffer();
    expect(answer.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);
    expect(answer.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');

    for (const origin of ['https://evil.example.com', 'https://portal.example.com.evil.example', 'http://portal.example.com']) {
      const refused = await preflight(withCors.url, origin);
      await refused.arrayBuffer();
      expect({ origin, allow: refused.headers.get('access-control-allow-origin') }).toEqual({ origin, allow: null });
    }
  });

  it('serves /metrics on METRICS_PORT only: the public port answers 404', async () => {
    const port = (gateway.metrics!.address() as AddressInfo).port;
    const scrape = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await scrape.text()).toContain('spiffworks_http_request_duration_seconds');
    const onMain = await fetch(`${gateway.url}/metrics`);
    expect(onMain.status).toBe(404);
    await onMain.arrayBuffer();
    // The metrics port answers nothing else: not the API, not the portal.
    const other = await fetch(`http://127.0.0.1:${port}/api/docs-json`);
    expect(other.status).toBe(404);
    await other.arrayBuffer();
    // Without METRICS_PORT, /metrics stays on the main port (a developer machine).
    const local = await fetch(`${withCors.url}/metrics`);
    expect(local.status).toBe(200);
    await local.arrayBuffer();
  });

  it('is ready when connected to the broker, reporting Redis', async () => {
    const response = await fetch(`${gateway.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { broker: 'up', redis: 'up' } });
  });

  it('stays ready without Redis (logins are then limited per replica), and is not ready without the broker', async () => {
    const noRedis = await start({ ...config, METRICS_PORT: undefined, REDIS_URL: `redis://127.0.0.1:${CLOSED_PORT}` });
    try {
      const response = await fetch(`${noRedis.url}/health/ready`);
      expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: 'ok', checks: { broker: 'up', redis: 'down' } } });
    } finally {
      await noRedis.app.close();
    }
    const noBroker = await start({ ...config, METRICS_PORT: undefined, RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${CLOSED_PORT}` });
    try {
      const response = await fetch(`${noBroker.url}/health/ready`);
      expect({ status: response.status, body: await response.json() }).toEqual({ status: 503, body: { status: 'down', checks: { broker: 'down', redis: 'up' } } });
      // Liveness is the process alone: restarting would not bring the broker back.
      const live = await fetch(`${noBroker.url}/health/live`);
      expect(live.status).toBe(200);
      await live.arrayBuffer();
    } finally {
      await noBroker.app.close();
    }
  });
});

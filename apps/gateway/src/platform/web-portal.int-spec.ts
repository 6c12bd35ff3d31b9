import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ErrorCode } from '@spiffworks/contracts';
import type { PlatformConfig } from '@spiffworks/runtime';
import { isolatedConfig, removeNamespace } from '@spiffworks/testing';
import { createGatewayApp } from '../main';

const INDEX = '<!doctype html><html><head><title>SpiffWorks</title></head><body><div id="root"></div></body></html>';
const ASSET = 'assets/index-Ab12Cd34.js';

/** The gateway serves the built portal (WEB_ROOT) at /, with deep links and cached hashed assets; /api as before. */
describe('gateway: the portal at /', () => {
  let config: PlatformConfig;
  let app: INestApplication;
  let baseUrl: string;
  let webRoot: string;
  const html = { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } };

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'spiffworks-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), INDEX);
    writeFileSync(join(webRoot, ASSET), 'console.log("portal")');
    config = isolatedConfig({ WEB_ROOT: webRoot });
    app = await createGatewayApp(config);
    await app.listen(0);
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await removeNamespace(config);
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('answers index.html at / and at a deep link, never cached without revalidation', async () => {
    for (const path of ['/', '/partner/sales', '/admin/spiffs/8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70?tab=milestones']) {
      const response = await fetch(`${baseUrl}${path}`, html);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('serves a hashed asset as immutable for a year', async () => {
    const response = await fetch(`${baseUrl}/${ASSET}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('console.log("portal")');
    // A missing asset is a 404, not the page.
    const missing = await fetch(`${baseUrl}/assets/gone-00000000.js`, html);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it('leaves the API alone: an unknown /api path is still the JSON 404 problem, health and docs still answer', async () => {
    const unknown = await fetch(`${baseUrl}/api/unknown`, html);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await unknown.json()).toMatchObject({ code: ErrorCode.ROUTE_NOT_FOUND, status: 404 });
    const docs = await fetch(`${baseUrl}/api/docs-json`);
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    const metrics = await fetch(`${baseUrl}/metrics`, html);
    expect(metrics.headers.get('content-type')).not.toMatch(/text\/html/);
    await metrics.arrayBuffer();
  });

  it('does not answer the page to a request that does not accept HTML, or to a POST', async () => {
    const json = await fetch(`${baseUrl}/partner/sales`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(await json.json()).toMatchObject({ code: ErrorCode.ROUTE_NOT_FOUND });
    const post = await fetch(`${baseUrl}/partner/sales`, { method: 'POST', headers: { ...html.headers, 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(404);
    await post.arrayBuffer();
  });
});

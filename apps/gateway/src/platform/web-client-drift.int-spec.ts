import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { PlatformConfig } from '@spiffworks/runtime';
import { isolatedConfig, removeNamespace } from '@spiffworks/testing';
import { createGatewayApp } from '../main';

const REPO = resolve(__dirname, '../../../..');
const CHECKED_IN_JSON = join(REPO, 'apps/web/src/api/openapi.json');
const CHECKED_IN_TYPES = join(REPO, 'apps/web/src/api/schema.d.ts');
const HINT = 'the portal\'s API client is stale: run `npm run web:api` and commit apps/web/src/api/{openapi.json,schema.d.ts}';

/**
 * The portal's typed client (apps/web/src/api) is generated from the gateway's OpenAPI document.
 * This fails when the document the gateway serves and the checked-in document or types disagree.
 */
describe('portal API client vs the served OpenAPI document', () => {
  let config: PlatformConfig;
  let app: INestApplication;
  let served: unknown;
  let work: string;

  beforeAll(async () => {
    config = isolatedConfig();
    app = await createGatewayApp(config);
    await app.listen(0);
    const response = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/docs-json`);
    served = await response.json();
    work = mkdtempSync(join(tmpdir(), 'spiffworks-openapi-'));
  });

  afterAll(async () => {
    await app?.close();
    await removeNamespace(config);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has the served document checked in as apps/web/src/api/openapi.json', () => {
    const checkedIn = JSON.parse(readFileSync(CHECKED_IN_JSON, 'utf8'));
    if (JSON.stringify(checkedIn) !== JSON.stringify(served)) {
      const paths = (d: any): string[] => Object.keys(d?.paths ?? {});
      const added = paths(served).filter((p) => !paths(checkedIn).includes(p));
      const removed = paths(checkedIn).filter((p) => !paths(served).includes(p));
      throw new Error(`${HINT}\n  paths only served: ${added.join(', ') || '(none)'}\n  paths only checked in: ${removed.join(', ') || '(none)'}`);
    }
  });

  it('has the types openapi-typescript generates from it checked in as apps/web/src/api/schema.d.ts', () => {
    const input = join(work, 'openapi.json');
    const output = join(work, 'schema.d.ts');
    writeFileSync(input, `${JSON.stringify(served, null, 2)}\n`);
    execFileSync(process.execPath, [join(REPO, 'node_modules/openapi-typescript/bin/cli.js'), input, '-o', output], { cwd: REPO, stdio: 'pipe' });
    const generated = readFileSync(output, 'utf8');
    const checkedIn = readFileSync(CHECKED_IN_TYPES, 'utf8');
    expect({ upToDate: generated === checkedIn, hint: HINT }).toEqual({ upToDate: true, hint: HINT });
  });
});

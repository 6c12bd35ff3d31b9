/**
 * `npm run web:api`: writes the gateway's OpenAPI document to apps/web/src/api/openapi.json, from
 * which openapi-typescript generates apps/web/src/api/schema.d.ts (the portal's typed client).
 * The app is only created, never started: nothing connects to PostgreSQL, RabbitMQ or Redis.
 * The drift test (apps/gateway/src/platform/web-client-drift.int-spec.ts) fails when the served
 * document and these two files disagree.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '@spiffworks/runtime';
import { createGatewayApp } from '../apps/gateway/src/main';
import { buildApiDocument } from '../apps/gateway/src/platform/openapi';

export const WEB_OPENAPI_JSON = 'apps/web/src/api/openapi.json';

/** The document as the checked-in file holds it: two-space JSON and a final newline. */
export const serializeDocument = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;

async function main(): Promise<void> {
  const app = await createGatewayApp(loadConfig({ ...process.env, LOG_LEVEL: 'error' }));
  const document = buildApiDocument(app);
  await app.close();
  const target = resolve(process.argv[2] ?? WEB_OPENAPI_JSON);
  writeFileSync(target, serializeDocument(document));
  console.log(`wrote ${target} (${Object.keys(document.paths).length} paths)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

import type { INestApplication } from '@nestjs/common';
import { HEALTH_PATTERN } from '@spiffworks/contracts';
import type { HealthReport } from '@spiffworks/contracts';
import type { PlatformConfig } from '@spiffworks/runtime';
import { TestRpcClient, countRows, isolatedConfig, openServiceDb, removeNamespace } from '@spiffworks/testing';
import { createCommissionsApp } from '../src/main';

describe('commissions service foundation (real PostgreSQL and RabbitMQ)', () => {
  let config: PlatformConfig;
  let app: INestApplication;
  let rpc: TestRpcClient;

  beforeAll(async () => {
    config = isolatedConfig();
    app = await createCommissionsApp(config);
    await app.listen(0);
    rpc = TestRpcClient.create(config, 'commissions');
  });

  afterAll(async () => {
    await rpc?.close();
    await app?.close();
    await removeNamespace(config);
  });

  it('creates its own database with the ledger, outbox and inbox tables, migrated at start', async () => {
    const db = openServiceDb(config, 'commissions');
    try {
      expect(await countRows(db, `SELECT count(*) FROM information_schema.tables WHERE table_name IN ('outbox', 'inbox', 'commission_lines', 'commission_status_changes')`)).toBe(4);
      expect(await countRows(db, `SELECT count(*) FROM migrations`)).toBe(6); // messaging, idempotency keys, delivery failures, ledger, line tier, line reversals
    } finally {
      await db.end();
    }
  });

  it('reports its database and broker over RPC and HTTP', async () => {
    expect(await rpc.call<HealthReport>(HEALTH_PATTERN, {}, null)).toEqual({
      service: 'commissions', status: 'ok', checks: { database: 'up', broker: 'up' },
    });
    const response = await fetch(`${await app.getUrl()}/health/ready`);
    expect(response.status).toBe(200);
  });
});

import type { INestApplication } from '@nestjs/common';
import { HEALTH_PATTERN } from '@spiffworks/contracts';
import type { HealthReport } from '@spiffworks/contracts';
import { countRows, openServiceDb, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestRpcClient } from '@spiffworks/testing';
import { CommissionsAppModule } from '../src/commissions-app.module';

describe('commissions service foundation (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let app: INestApplication;
  let rpc: TestRpcClient;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'commissions', module: CommissionsAppModule.register, broker: true });
    ({ app, rpc } = h);
  });

  afterAll(() => h?.close());

  it('creates its own database with the ledger, outbox and inbox tables, migrated at start', async () => {
    const db = openServiceDb(h.config, 'commissions');
    try {
      expect(await countRows(db, `SELECT count(*) FROM information_schema.tables WHERE table_name IN ('outbox', 'inbox', 'commission_lines', 'commission_status_changes')`)).toBe(4);
      expect(await countRows(db, `SELECT count(*) FROM migrations`)).toBe(11); // messaging, idempotency keys, delivery failures, outbox compression, ledger, line tier, line reversals, export order, disputes, proof review, dispute files
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

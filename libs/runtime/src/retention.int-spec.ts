import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { DeliveryFailuresTable1764900000000 } from '@spiffworks/messaging';
import { dropDatabase, openServiceDataSource, serviceDatabase, testNamespace } from '@spiffworks/persistence';
import { PLATFORM_CONFIG, loadConfig } from './config';
import type { PlatformConfig } from './config';
import { IdempotencyKeys1764100000010 } from './idempotency-keys.migration';
import { PlatformMetrics } from './metrics';
import { RetentionPurger, purgeExpiredRows } from './retention';

const config = loadConfig({ ...process.env, DATABASE_NAME_PREFIX: testNamespace() });
const target = serviceDatabase(config, 'retentiontest');

/** The purger as a service's runtime module provides it, on the test's database and config. */
@Module({})
class PurgingService {
  static with(dataSource: DataSource, settings: PlatformConfig, metrics: PlatformMetrics): DynamicModule {
    return {
      module: PurgingService,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: PLATFORM_CONFIG, useValue: settings },
        { provide: PlatformMetrics, useValue: metrics },
        RetentionPurger,
      ],
    };
  }
}

/** Polls `probe` until `accept` holds; fails once `timeoutMs` has passed. */
async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`not met within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('retention purge (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({
      target, poolSize: 4, entities: [], migrations: [IdempotencyKeys1764100000010, DeliveryFailuresTable1764900000000], applicationName: 'retention-test',
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(target);
  });

  beforeEach(() => dataSource.query('TRUNCATE idempotency_keys, delivery_failures'));

  /** Idempotency keys `key-<n>` created `ageDays` ago. */
  const keys = (prefix: string, count: number, ageDays: number) =>
    dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, response, created_at)
       SELECT 'user-1', $1 || n, repeat('f', 64), '{}'::json, now() - make_interval(days => $2)
       FROM generate_series(1, $3) AS n`,
      [prefix, ageDays, count],
    );
  /** Delivery failures `<prefix><n>`: filed as dead letters `ageDays` ago, or (null) attempts still retried. */
  const failures = (prefix: string, count: number, ageDays: number, filed = true) =>
    dataSource.query(
      `INSERT INTO delivery_failures (id, event_type, attempts, last_error, content, first_failed_at, last_failed_at, dead_lettered_at)
       SELECT $1 || n, 'sale.logged', 5, 'boom', '{}', t, t, CASE WHEN $4 THEN t END
       FROM generate_series(1, $3) AS n, LATERAL (SELECT now() - make_interval(days => $2) AS t) AS at`,
      [prefix, ageDays, count, filed],
    );
  const ids = async (sql: string) => ((await dataSource.query(sql)) as Array<{ id: string }>).map((r) => r.id).sort();
  const purgedSamples = async (metrics: PlatformMetrics) =>
    Object.fromEntries((await metrics.retentionPurged.get()).values.map((v) => [v.labels.table, v.value]));

  it('deletes idempotency keys and dead letters older than their periods, keeps newer ones, and counts the rows per table', async () => {
    await keys('old-', 25, 8);
    await keys('new-', 3, 6);
    await failures('dead-old-', 4, 31);
    await failures('dead-new-', 2, 29);
    await failures('retrying-old-', 1, 31, false);
    await failures('retrying-new-', 1, 1, false);
    const metrics = new PlatformMetrics('test');
    const purger = new RetentionPurger(dataSource, config, metrics);
    expect(purger.policy).toEqual({ idempotencyKeyDays: 7, deadLetterDays: 30 });
    expect(await purgedSamples(metrics)).toEqual({ idempotency_keys: 0, delivery_failures: 0 });

    // Batches of 10: 25 expired keys take three.
    expect(await purger.purgeNow({ ...purger.policy, batchSize: 10 })).toEqual({ idempotency_keys: 25, delivery_failures: 5 });

    expect(await ids('SELECT key AS id FROM idempotency_keys')).toEqual(['new-1', 'new-2', 'new-3']);
    expect(await ids('SELECT id FROM delivery_failures')).toEqual(['dead-new-1', 'dead-new-2', 'retrying-new-1']);
    expect(await purgedSamples(metrics)).toEqual({ idempotency_keys: 25, delivery_failures: 5 });
    expect(await metrics.registry.metrics()).toContain('spiffworks_retention_purged_rows_total{table="idempotency_keys",spiffworks_service="test"} 25');

    // Nothing more to do: a second run deletes and counts nothing.
    expect(await purger.purgeNow()).toEqual({ idempotency_keys: 0, delivery_failures: 0 });
    expect(await purgedSamples(metrics)).toEqual({ idempotency_keys: 25, delivery_failures: 5 });
  });

  it('follows the configured periods', async () => {
    await keys('k-', 2, 2);
    await failures('d-', 2, 2);
    const short = loadConfig({ ...process.env, IDEMPOTENCY_KEY_RETENTION_DAYS: '1', DEAD_LETTER_RETENTION_DAYS: '3' });
    expect(await new RetentionPurger(dataSource, short, new PlatformMetrics('test')).purgeNow()).toEqual({ idempotency_keys: 2, delivery_failures: 0 });
  });

  it('runs on its own once the service has started, and again every RETENTION_PURGE_INTERVAL_SECONDS', async () => {
    await keys('old-', 3, 8);
    await keys('new-', 1, 6);
    const metrics = new PlatformMetrics('test');
    const everySecond = loadConfig({ ...process.env, RETENTION_PURGE_INTERVAL_SECONDS: '1' });
    // Started as a service starts: onApplicationBootstrap schedules the runs, nobody calls purgeNow.
    const service = await NestFactory.createApplicationContext(PurgingService.with(dataSource, everySecond, metrics), { logger: false });
    try {
      // The first run has finished once it counted what it removed.
      await until(() => purgedSamples(metrics), (s) => s.idempotency_keys === 3);
      expect(await ids('SELECT key AS id FROM idempotency_keys')).toEqual(['new-1']);
      // A later run: dead letters past their period, filed after the first run finished, go too.
      await failures('dead-old-', 2, 31);
      await until(() => ids('SELECT id FROM delivery_failures'), (left) => left.length === 0);
      expect(await until(() => purgedSamples(metrics), (s) => s.delivery_failures === 2)).toEqual({ idempotency_keys: 3, delivery_failures: 2 });
    } finally {
      await service.close();
    }
  });

  it('several replicas purging at once delete, and count, each row once', async () => {
    await keys('old-', 300, 10);
    await failures('dead-old-', 120, 40);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => purgeExpiredRows(dataSource, { idempotencyKeyDays: 7, deadLetterDays: 30, batchSize: 7 })),
    );
    expect(runs.reduce((sum, r) => sum + r.idempotency_keys, 0)).toBe(300);
    expect(runs.reduce((sum, r) => sum + r.delivery_failures, 0)).toBe(120);
    expect(await dataSource.query('SELECT (SELECT count(*) FROM idempotency_keys)::int AS k, (SELECT count(*) FROM delivery_failures)::int AS d')).toEqual([{ k: 0, d: 0 }]);
  });
});

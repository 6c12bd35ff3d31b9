import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PLATFORM_CONFIG } from './config';
import type { PlatformConfig } from './config';
import { PlatformMetrics } from './metrics';

/** The tables a service purges on its own, so they do not grow forever. */
export const RETENTION_TABLES = ['idempotency_keys', 'delivery_failures'] as const;
export type RetentionTable = (typeof RETENTION_TABLES)[number];

export interface RetentionPolicy {
  /** `idempotency_keys` rows older than this (by `created_at`) go: the key is then forgotten. */
  idempotencyKeyDays: number;
  /**
   * `delivery_failures` rows go this long after they were filed as dead letters
   * (`dead_lettered_at`), or, for an attempt history that never became one, after its last failure.
   */
  deadLetterDays: number;
  /** Rows per DELETE: short transactions, short row locks. */
  batchSize?: number;
  /** Batches per table per run: a huge backlog is worked off over several runs. */
  maxBatches?: number;
}

/**
 * A table a feature of some services purges besides the platform's own (a file import's rows): the
 * feature registers it with the service's RetentionPurger, which runs it with the others, batch by
 * batch, counted and logged under `table`. A batch must be as safe with several replicas as the
 * platform's (`FOR UPDATE SKIP LOCKED`) and read its own retention period.
 */
export interface RetentionRule {
  table: string;
  /** Deletes at most `batchSize` rows past their period; answers how many. */
  purgeBatch(batchSize: number): Promise<number>;
}

const EXPIRED: Record<RetentionTable, string> = {
  idempotency_keys: `
    WITH doomed AS (
      SELECT scope, key FROM idempotency_keys
      WHERE created_at < now() - make_interval(days => $1)
      ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
    ), gone AS (
      DELETE FROM idempotency_keys k USING doomed d WHERE k.scope = d.scope AND k.key = d.key RETURNING 1
    ) SELECT count(*)::int AS n FROM gone`,
  delivery_failures: `
    WITH doomed AS (
      SELECT id FROM delivery_failures
      WHERE COALESCE(dead_lettered_at, last_failed_at) < now() - make_interval(days => $1)
      LIMIT $2 FOR UPDATE SKIP LOCKED
    ), gone AS (
      DELETE FROM delivery_failures f USING doomed d WHERE f.id = d.id RETURNING 1
    ) SELECT count(*)::int AS n FROM gone`,
};

/**
 * Deletes what is past its retention period, table by table, in batches of `batchSize` rows, each
 * batch its own statement. Safe with several replicas: a batch locks its rows `FOR UPDATE SKIP
 * LOCKED`, so concurrent purges (or a replay holding a dead letter) never wait on each other and
 * every row is deleted, and counted, once. Returns the rows deleted per table.
 */
export async function purgeExpiredRows(dataSource: DataSource, policy: RetentionPolicy): Promise<Record<RetentionTable, number>> {
  const batchSize = policy.batchSize ?? 1000;
  const maxBatches = policy.maxBatches ?? 100;
  const days: Record<RetentionTable, number> = { idempotency_keys: policy.idempotencyKeyDays, delivery_failures: policy.deadLetterDays };
  const purged: Record<RetentionTable, number> = { idempotency_keys: 0, delivery_failures: 0 };
  for (const table of RETENTION_TABLES) {
    for (let batch = 0; batch < maxBatches; batch++) {
      const [row] = (await dataSource.query(EXPIRED[table], [days[table], batchSize])) as Array<{ n: number }>;
      const deleted = Number(row?.n ?? 0);
      purged[table] += deleted;
      if (deleted < batchSize) break;
    }
  }
  return purged;
}

async function purgeByRule(rule: RetentionRule, policy: RetentionPolicy): Promise<number> {
  const batchSize = policy.batchSize ?? 1000;
  let purged = 0;
  for (let batch = 0; batch < (policy.maxBatches ?? 100); batch++) {
    const deleted = await rule.purgeBatch(batchSize);
    purged += deleted;
    if (deleted < batchSize) break;
  }
  return purged;
}

/**
 * Every service process purges its own database: a first run a little after start (spread out so
 * replicas do not all start together), then every RETENTION_PURGE_INTERVAL_SECONDS, never two runs
 * at once. Rows removed are counted in `spiffworks_retention_purged_rows_total{table}`. A failed
 * run (database down) is logged and tried again at the next interval.
 */
@Injectable()
export class RetentionPurger implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private readonly rules: RetentionRule[] = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly metrics: PlatformMetrics,
  ) {
    for (const table of RETENTION_TABLES) metrics.retentionPurged.inc({ table }, 0);
  }

  get policy(): RetentionPolicy {
    return { idempotencyKeyDays: this.config.IDEMPOTENCY_KEY_RETENTION_DAYS, deadLetterDays: this.config.DEAD_LETTER_RETENTION_DAYS };
  }

  /** A feature's table, purged from the next run on. */
  register(rule: RetentionRule): void {
    this.rules.push(rule);
    this.metrics.retentionPurged.inc({ table: rule.table }, 0);
  }

  /** One purge now; counts and logs what it removed. The registered rules' tables follow the platform's. */
  async purgeNow(policy: RetentionPolicy = this.policy): Promise<Record<RetentionTable, number> & Record<string, number>> {
    const purged: Record<RetentionTable, number> & Record<string, number> = await purgeExpiredRows(this.dataSource, policy);
    for (const rule of this.rules) purged[rule.table] = await purgeByRule(rule, policy);
    for (const [table, rows] of Object.entries(purged)) if (rows > 0) this.metrics.retentionPurged.inc({ table }, rows);
    for (const rule of this.rules) {
      if (purged[rule.table] > 0) this.logger.log({ msg: 'retention purge', table: rule.table, rows: purged[rule.table] });
    }
    if (purged.idempotency_keys + purged.delivery_failures > 0) {
      this.logger.log({
        msg: 'retention purge',
        idempotency_keys: purged.idempotency_keys,
        idempotency_key_retention_days: policy.idempotencyKeyDays,
        delivery_failures: purged.delivery_failures,
        dead_letter_retention_days: policy.deadLetterDays,
      });
    }
    return purged;
  }

  onApplicationBootstrap(): void {
    const intervalMs = this.config.RETENTION_PURGE_INTERVAL_SECONDS * 1000;
    this.schedule(Math.round(Math.random() * Math.min(intervalMs, 30_000)));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.purgeNow()
        .catch((error: unknown) => this.logger.warn(`retention purge failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = null;
          this.schedule(this.config.RETENTION_PURGE_INTERVAL_SECONDS * 1000);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Before the database closes: no new run, and the one under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

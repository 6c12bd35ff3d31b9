import { Controller, Get, Header, Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { readMessagingBacklog, rpcCallOutcome } from '@spiffworks/messaging';
import type { HandledRequest } from '@spiffworks/messaging';
import { poolStats } from '@spiffworks/persistence';
import type { PoolStats } from '@spiffworks/persistence';
import { SERVICE_NAME } from './tokens';

/** Where a process's service name comes from when it has no ServiceRuntimeModule (the gateway). */
export const METRICS_SERVICE = Symbol('METRICS_SERVICE');

/**
 * The label naming the process's service on every series. Not `service`: Prometheus' Kubernetes
 * discovery and the Prometheus Operator set a target label `service` of their own, and the
 * scraped one would be renamed `exported_service` (or, with honor_labels, win over theirs).
 */
export const SERVICE_LABEL = 'spiffworks_service';

/** How long a scrape waits for the database gauges' query before answering with their last values. */
const DATABASE_GAUGES_WAIT_MS = 2_000;

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Consumer lag spans milliseconds (healthy) to many minutes (a consumer down, a broker outage). */
const LAG_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** One consumed delivery as `Transactions.consume` saw it settle. */
export interface ConsumedEvent {
  queue: string;
  eventType: string;
  occurredAt: string;
  /** acked (its effect committed, or a redelivery the inbox knew) or nacked. */
  settled: 'acked' | 'nacked';
  /** 'processed' the first time its effect committed; 'duplicate' for a redelivery; undefined when it failed. */
  inbox?: 'processed' | 'duplicate';
  durationSeconds: number;
}

/**
 * Seconds from when the event occurred (its envelope's `occurred_at`, stamped by the publishing
 * service's clock) to `now`; 0 when clocks disagree the other way; undefined for a missing or bad stamp.
 */
export function eventLagSeconds(occurredAt: string | undefined, now: number): number | undefined {
  const at = typeof occurredAt === 'string' ? Date.parse(occurredAt) : NaN;
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, (now - at) / 1000);
}

/**
 * One Prometheus registry per app instance (tests boot several apps in one process, so nothing
 * goes into prom-client's global registry). Every series carries the `spiffworks_service` label.
 */
@Injectable()
export class PlatformMetrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly rpcClientDuration: Histogram<'target' | 'pattern' | 'outcome'>;
  readonly rpcServerDuration: Histogram<'pattern' | 'outcome'>;
  readonly rpcRequestsExpired: Counter<'pattern'>;
  readonly messagesConsumed: Counter<'queue'>;
  readonly messagesFailed: Counter<'queue'>;
  readonly messagesDeadLettered: Counter<'queue'>;
  readonly retentionPurged: Counter<'table'>;
  readonly eventHandlingDuration: Histogram<'queue' | 'event_type' | 'outcome'>;
  readonly eventLag: Histogram<'queue' | 'event_type'>;
  readonly outboxBacklog: Gauge;
  readonly outboxOldestAge: Gauge;
  readonly deadLettersWaiting: Gauge;
  readonly dbPoolConnections: Gauge<'state'>;
  readonly dbPoolWaiting: Gauge;
  readonly dbPoolMax: Gauge;
  /** Read before each exposition (the database gauges): one query per scrape, never per event. */
  private readonly refreshers: Array<() => Promise<void>> = [];
  private watched: DataSource | undefined;
  /** The pool as a scrape found it, before its own query could queue for a connection. */
  private poolAtScrape: PoolStats | undefined;

  constructor(@Inject(METRICS_SERVICE) service: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ [SERVICE_LABEL]: service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'spiffworks_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status code, with their duration',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.rpcClientDuration = new Histogram({
      name: 'spiffworks_rpc_client_duration_seconds',
      help: 'RPC calls this process made, by target service, pattern and outcome (ok, rejected, error, timeout, unavailable)',
      labelNames: ['target', 'pattern', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.rpcServerDuration = new Histogram({
      name: 'spiffworks_rpc_server_duration_seconds',
      help: 'RPC requests this service handled, by pattern and outcome (ok, rejected, error)',
      labelNames: ['pattern', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.rpcRequestsExpired = new Counter({
      name: 'spiffworks_rpc_requests_expired_total',
      help: 'RPC requests past their caller\'s deadline (the caller had answered 503): dropped unhandled on arrival, or rolled back at commit; by pattern',
      labelNames: ['pattern'],
      registers,
    });
    this.messagesConsumed = new Counter({
      name: 'spiffworks_messages_consumed_total',
      help: 'Events consumed and acked (their effect committed, or a redelivery found in the inbox), by queue',
      labelNames: ['queue'],
      registers,
    });
    this.messagesFailed = new Counter({
      name: 'spiffworks_messages_failed_total',
      help: 'Failed deliveries of events (nacked; the broker redelivers them or moves them to the dead-letter queue), by queue',
      labelNames: ['queue'],
      registers,
    });
    this.messagesDeadLettered = new Counter({
      name: 'spiffworks_messages_dead_lettered_total',
      help: 'Events the broker dead-lettered, filed into delivery_failures for admins, by the queue they failed on',
      labelNames: ['queue'],
      registers,
    });
    this.retentionPurged = new Counter({
      name: 'spiffworks_retention_purged_rows_total',
      help: 'Rows the retention purge deleted past their period (idempotency_keys, delivery_failures, import rows tables), by table',
      labelNames: ['table'],
      registers,
    });
    this.eventHandlingDuration = new Histogram({
      name: 'spiffworks_event_handling_duration_seconds',
      help: 'Time from a delivered event reaching its handler to its ack or nack (inbox batch, effect, commit, retries of a database outage), by queue, event type and outcome (acked, nacked)',
      labelNames: ['queue', 'event_type', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.eventLag = new Histogram({
      name: 'spiffworks_event_lag_seconds',
      help: 'Consumer lag: now minus the event\'s occurred_at when its effect committed here (first time only, not redeliveries), by queue and event type',
      labelNames: ['queue', 'event_type'],
      buckets: LAG_BUCKETS,
      registers,
    });
    // The database gauges are registered by `watchDatabase()` in services only: the gateway has no database.
    this.outboxBacklog = new Gauge({
      name: 'spiffworks_outbox_backlog',
      help: 'Outbox rows not yet published (read at scrape time)',
      registers: [],
    });
    this.outboxOldestAge = new Gauge({
      name: 'spiffworks_outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest unpublished outbox row, 0 when none waits (read at scrape time)',
      registers: [],
    });
    this.deadLettersWaiting = new Gauge({
      name: 'spiffworks_dead_letters_waiting',
      help: 'Dead letters filed in delivery_failures and not replayed yet (read at scrape time)',
      registers: [],
    });
    const pool = (): PoolStats | undefined => this.poolAtScrape ?? (this.watched && poolStats(this.watched));
    this.dbPoolConnections = new Gauge({
      name: 'spiffworks_db_pool_connections',
      help: 'Connections of the service\'s PostgreSQL pool, by state (in_use: checked out by a query or transaction; idle)',
      labelNames: ['state'],
      registers: [],
      collect() {
        const stats = pool();
        if (!stats) return;
        this.set({ state: 'in_use' }, stats.inUse);
        this.set({ state: 'idle' }, stats.idle);
      },
    });
    this.dbPoolWaiting = new Gauge({
      name: 'spiffworks_db_pool_waiting',
      help: 'Callers waiting for a connection of the PostgreSQL pool (the pool is exhausted while above 0)',
      registers: [],
      collect() {
        const stats = pool();
        if (stats) this.set(stats.waiting);
      },
    });
    this.dbPoolMax = new Gauge({
      name: 'spiffworks_db_pool_max',
      help: 'Size of the PostgreSQL pool (DATABASE_POOL_SIZE)',
      registers: [],
      collect() {
        const stats = pool();
        if (stats) this.set(stats.max);
      },
    });
  }

  /**
   * Exposes the database gauges of a service: its pool (read from the pool's counters) and its
   * outbox backlog and dead letters (one query per scrape, see `readDatabaseGauges`); idempotent.
   */
  watchDatabase(dataSource: DataSource, logger?: Pick<Logger, 'debug'>): this {
    if (this.watched) return this;
    this.watched = dataSource;
    for (const gauge of [this.outboxBacklog, this.outboxOldestAge, this.deadLettersWaiting, this.dbPoolConnections, this.dbPoolWaiting, this.dbPoolMax]) {
      this.registry.registerMetric(gauge);
    }
    // The database being down or its pool exhausted must not hide or hold up the other metrics: past
    // DATABASE_GAUGES_WAIT_MS the scrape answers with the gauges' last values, and while one read is
    // still waiting no scrape queues another.
    let reading: Promise<void> | undefined;
    this.refreshers.push(async () => {
      reading ??= readDatabaseGauges(dataSource, this)
        .catch((error: unknown) => logger?.debug(`database gauges not read: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (reading = undefined));
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([reading, new Promise<void>((resolve) => (waited = setTimeout(resolve, DATABASE_GAUGES_WAIT_MS)))]);
      clearTimeout(waited);
    });
    return this;
  }

  /**
   * Counts one consumed delivery: consumed or failed, how long it took, and (the first time its
   * effect committed) its lag. Memory only: nothing here touches the database or the broker.
   */
  observeConsumed(event: ConsumedEvent, now = Date.now()): void {
    (event.settled === 'acked' ? this.messagesConsumed : this.messagesFailed).inc({ queue: event.queue });
    this.eventHandlingDuration.observe({ queue: event.queue, event_type: event.eventType, outcome: event.settled }, event.durationSeconds);
    if (event.settled !== 'acked' || event.inbox !== 'processed') return;
    const lag = eventLagSeconds(event.occurredAt, now);
    if (lag !== undefined) this.eventLag.observe({ queue: event.queue, event_type: event.eventType }, lag);
  }

  /** Zeroes the per-queue counters of a consuming service, so a first failure or dead letter is an increase Prometheus sees. */
  initQueue(queue: string): void {
    for (const counter of [this.messagesConsumed, this.messagesFailed, this.messagesDeadLettered]) counter.inc({ queue }, 0);
  }

  /** Times an RPC call this process makes; the call's result or error passes through. */
  async timeRpc<T>(target: string, pattern: string, call: () => Promise<T>): Promise<T> {
    const end = this.rpcClientDuration.startTimer({ target, pattern });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: rpcCallOutcome(error) });
      throw error;
    }
  }

  observeHandledRequest(request: HandledRequest): void {
    if (request.outcome === 'expired') {
      this.rpcRequestsExpired.inc({ pattern: request.pattern });
      return;
    }
    this.rpcServerDuration.observe({ pattern: request.pattern, outcome: request.outcome }, request.durationMs / 1000);
  }

  /** The exposition text, after the watched database's gauges (and `refresh`, if given) had their chance. */
  async exposition(refresh?: () => Promise<void>): Promise<string> {
    this.poolAtScrape = this.watched && poolStats(this.watched);
    try {
      for (const read of this.refreshers) await read();
      await refresh?.();
      return await this.registry.metrics();
    } finally {
      this.poolAtScrape = undefined;
    }
  }
}

/** A service's outbox and dead letters as gauges, read once per scrape (one round trip; the sale path never pays for it). */
export async function readDatabaseGauges(dataSource: DataSource, metrics: PlatformMetrics): Promise<void> {
  const backlog = await readMessagingBacklog(dataSource);
  metrics.outboxBacklog.set(backlog.outbox_unpublished);
  metrics.outboxOldestAge.set(backlog.outbox_oldest_age_s);
  metrics.deadLettersWaiting.set(backlog.dead_letters);
}

/** `GET /metrics` of a service: Prometheus text, its database gauges read at scrape time. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: PlatformMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}

/**
 * A service's PlatformMetrics: labelled with its service name, and watching its database (pool,
 * outbox, dead letters) wherever its metrics are served from.
 */
export const serviceMetricsProviders = [
  { provide: METRICS_SERVICE, useExisting: SERVICE_NAME },
  {
    provide: PlatformMetrics,
    inject: [METRICS_SERVICE, DataSource],
    useFactory: (service: string, dataSource: DataSource) => new PlatformMetrics(service).watchDatabase(dataSource, new Logger('Metrics')),
  },
];

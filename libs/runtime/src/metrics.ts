import { Controller, Get, Header, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { rpcCallOutcome } from '@spiffworks/messaging';
import type { HandledRequest } from '@spiffworks/messaging';
import { SERVICE_NAME } from './tokens';

/** Where a process's service name comes from when it has no ServiceRuntimeModule (the gateway). */
export const METRICS_SERVICE = Symbol('METRICS_SERVICE');

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One Prometheus registry per app instance (tests boot several apps in one process, so nothing
 * goes into prom-client's global registry). Every series carries the `service` label.
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
  readonly outboxBacklog: Gauge;
  readonly outboxOldestAge: Gauge;

  constructor(@Inject(METRICS_SERVICE) service: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ service });
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
    // Registered by `withOutbox()` in services only: the gateway has no outbox.
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
  }

  /** Exposes the outbox gauges (a service with an outbox); idempotent. */
  withOutbox(): this {
    if (!this.registry.getSingleMetric('spiffworks_outbox_backlog')) {
      this.registry.registerMetric(this.outboxBacklog);
      this.registry.registerMetric(this.outboxOldestAge);
    }
    return this;
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

  /** The exposition text, after `refresh` (e.g. the outbox gauges) had its chance. */
  async exposition(refresh?: () => Promise<void>): Promise<string> {
    await refresh?.();
    return this.registry.metrics();
  }
}

/** A service's outbox, read once per scrape with one query over its partial index of unsent rows. */
export async function readOutboxGauges(dataSource: DataSource, metrics: PlatformMetrics): Promise<void> {
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS backlog,
            COALESCE(EXTRACT(EPOCH FROM (now() - min(created_at))), 0)::float8 AS oldest
     FROM outbox WHERE published_at IS NULL`,
  )) as Array<{ backlog: number; oldest: number }>;
  metrics.outboxBacklog.set(Number(row?.backlog ?? 0));
  metrics.outboxOldestAge.set(Math.max(0, Number(row?.oldest ?? 0)));
}

/** `GET /metrics` of a service: Prometheus text, outbox gauges read at scrape time. */
@Controller('metrics')
export class MetricsController {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly metrics: PlatformMetrics,
    @Optional() @Inject(DataSource) private readonly dataSource?: DataSource,
  ) {
    if (dataSource) metrics.withOutbox();
  }

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.exposition(async () => {
      if (!this.dataSource) return;
      // The database being down must not hide the other metrics: the gauges keep their last value.
      await readOutboxGauges(this.dataSource, this.metrics).catch((error: unknown) =>
        this.logger.debug(`outbox gauges not read: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
  }
}

/** The service name every PlatformMetrics of a service process is labelled with. */
export const serviceMetricsProviders = [
  { provide: METRICS_SERVICE, useExisting: SERVICE_NAME },
  PlatformMetrics,
];

import { RpcCallFailed } from '@spiffworks/messaging';
import { ErrorCode, serviceError } from '@spiffworks/contracts';
import type { DataSource } from 'typeorm';
import { PlatformMetrics, eventLagSeconds } from './metrics';

/** The value of the sample of `name` whose labels are exactly `labels` (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) return Number(match[3]);
  }
  return undefined;
}

describe('PlatformMetrics', () => {
  it('keeps one registry per app, so several apps in one process never clash', async () => {
    const gateway = new PlatformMetrics('gateway');
    const fulfillment = new PlatformMetrics('fulfillment');
    gateway.httpRequestDuration.observe({ method: 'POST', route: '/api/fulfillment/sales', status: '201' }, 0.05);
    fulfillment.messagesConsumed.inc({ queue: 'ns.fulfillment.events' });

    const gatewayText = await gateway.exposition();
    const fulfillmentText = await fulfillment.exposition();
    expect(sample(gatewayText, 'spiffworks_http_request_duration_seconds_count', {
      spiffworks_service: 'gateway', method: 'POST', route: '/api/fulfillment/sales', status: '201',
    })).toBe(1);
    expect(gatewayText).not.toContain('ns.fulfillment.events');
    expect(sample(fulfillmentText, 'spiffworks_messages_consumed_total', { spiffworks_service: 'fulfillment', queue: 'ns.fulfillment.events' })).toBe(1);
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds']) {
      expect(fulfillmentText).toContain(`# TYPE ${name} `);
    }
    // No series is labelled `service`, which Prometheus' own discovery sets on targets.
    expect(fulfillmentText).not.toMatch(/[{,]service="/);
    // The database gauges only where there is a database (services, not the gateway).
    expect(gatewayText).not.toContain('spiffworks_outbox_backlog');
    expect(gatewayText).not.toContain('spiffworks_db_pool');
  });

  it('reads the database gauges of a watched service once per scrape, and keeps their last values when the database fails', async () => {
    const queries: string[] = [];
    let answer: () => Promise<unknown> = async () => [{ backlog: 3, oldest: 42.5, dead_letters: 2 }];
    const pool = { totalCount: 5, idleCount: 2, waitingCount: 1, options: { max: 10 } };
    const dataSource = { driver: { master: pool }, query: (sql: string) => (queries.push(sql), answer()) } as unknown as DataSource;
    const metrics = new PlatformMetrics('fulfillment').watchDatabase(dataSource).watchDatabase(dataSource);

    const text = await metrics.exposition();
    expect(queries).toHaveLength(1);
    const labels = { spiffworks_service: 'fulfillment' };
    expect(sample(text, 'spiffworks_outbox_backlog', labels)).toBe(3);
    expect(sample(text, 'spiffworks_outbox_oldest_unsent_age_seconds', labels)).toBe(42.5);
    expect(sample(text, 'spiffworks_dead_letters_waiting', labels)).toBe(2);
    expect(sample(text, 'spiffworks_db_pool_connections', { ...labels, state: 'in_use' })).toBe(3);
    expect(sample(text, 'spiffworks_db_pool_connections', { ...labels, state: 'idle' })).toBe(2);
    expect(sample(text, 'spiffworks_db_pool_waiting', labels)).toBe(1);
    expect(sample(text, 'spiffworks_db_pool_max', labels)).toBe(10);

    answer = () => Promise.reject(new Error('connection refused'));
    pool.waitingCount = 4;
    const down = await metrics.exposition();
    expect(sample(down, 'spiffworks_outbox_backlog', labels)).toBe(3);
    expect(sample(down, 'spiffworks_db_pool_waiting', labels)).toBe(4);
  });

  it('times consumed events by queue, type and outcome, and observes the lag of first-time effects only', async () => {
    const metrics = new PlatformMetrics('commissions');
    const queue = 'ns.commissions.events';
    metrics.initQueue(queue);
    const now = Date.parse('2026-12-01T10:00:30.000Z');
    const event = { queue, eventType: 'sale.logged', occurredAt: '2026-12-01T10:00:00.000Z', durationSeconds: 0.02 };
    metrics.observeConsumed({ ...event, settled: 'acked', inbox: 'processed' }, now);
    metrics.observeConsumed({ ...event, settled: 'acked', inbox: 'duplicate' }, now);
    metrics.observeConsumed({ ...event, settled: 'nacked' }, now);

    const text = await metrics.exposition();
    const labels = { spiffworks_service: 'commissions', queue };
    expect(sample(text, 'spiffworks_messages_consumed_total', labels)).toBe(2);
    expect(sample(text, 'spiffworks_messages_failed_total', labels)).toBe(1);
    expect(sample(text, 'spiffworks_messages_dead_lettered_total', labels)).toBe(0);
    expect(sample(text, 'spiffworks_event_handling_duration_seconds_count', { ...labels, event_type: 'sale.logged', outcome: 'acked' })).toBe(2);
    expect(sample(text, 'spiffworks_event_handling_duration_seconds_count', { ...labels, event_type: 'sale.logged', outcome: 'nacked' })).toBe(1);
    expect(sample(text, 'spiffworks_event_lag_seconds_count', { ...labels, event_type: 'sale.logged' })).toBe(1);
    expect(sample(text, 'spiffworks_event_lag_seconds_sum', { ...labels, event_type: 'sale.logged' })).toBe(30);
    expect(sample(text, 'spiffworks_event_lag_seconds_bucket', { ...labels, event_type: 'sale.logged', le: '10' })).toBe(0);
    expect(sample(text, 'spiffworks_event_lag_seconds_bucket', { ...labels, event_type: 'sale.logged', le: '30' })).toBe(1);
  });

  it('times RPC calls by target, pattern and outcome, passing results and errors through', async () => {
    const metrics = new PlatformMetrics('gateway');
    await expect(metrics.timeRpc('partners', 'partners.get', async () => 42)).resolves.toBe(42);
    const refused = new RpcCallFailed(serviceError(ErrorCode.PARTNER_NOT_FOUND, 'partner x not found'));
    await expect(metrics.timeRpc('partners', 'partners.get', () => Promise.reject(refused))).rejects.toBe(refused);
    const late = new RpcCallFailed(serviceError(ErrorCode.SERVICE_UNAVAILABLE, 'partners service did not answer'), 'timeout');
    await expect(metrics.timeRpc('partners', 'partners.get', () => Promise.reject(late))).rejects.toBe(late);
    await expect(metrics.timeRpc('partners', 'partners.get', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    const text = await metrics.exposition();
    for (const outcome of ['ok', 'rejected', 'timeout', 'error']) {
      expect(sample(text, 'spiffworks_rpc_client_duration_seconds_count', { spiffworks_service: 'gateway', target: 'partners', pattern: 'partners.get', outcome })).toBe(1);
    }
  });
});

describe('eventLagSeconds', () => {
  const now = Date.parse('2026-12-01T10:00:00.000Z');
  it.each([
    ['an event from 1.5 s ago', '2026-12-01T09:59:58.500Z', 1.5],
    ['an event stamped now', '2026-12-01T10:00:00.000Z', 0],
    ['a publisher clock ahead of ours (never negative)', '2026-12-01T10:00:05.000Z', 0],
    ['an event from an hour ago', '2026-12-01T09:00:00.000Z', 3600],
    ['a stamp that is not a date', 'yesterday-ish', undefined],
    ['no stamp', undefined, undefined],
  ])('%s', (_case, occurredAt, lag) => {
    expect(eventLagSeconds(occurredAt, now)).toBe(lag);
  });
});

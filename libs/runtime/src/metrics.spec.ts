import { RpcCallFailed } from '@spiffworks/messaging';
import { ErrorCode, serviceError } from '@spiffworks/contracts';
import { PlatformMetrics } from './metrics';

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
      service: 'gateway', method: 'POST', route: '/api/fulfillment/sales', status: '201',
    })).toBe(1);
    expect(gatewayText).not.toContain('ns.fulfillment.events');
    expect(sample(fulfillmentText, 'spiffworks_messages_consumed_total', { service: 'fulfillment', queue: 'ns.fulfillment.events' })).toBe(1);
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds']) {
      expect(fulfillmentText).toContain(`# TYPE ${name} `);
    }
    // The outbox gauges only where there is an outbox (services, not the gateway).
    expect(gatewayText).not.toContain('spiffworks_outbox_backlog');
    const service = await fulfillment.withOutbox().withOutbox().exposition();
    expect(service).toContain('spiffworks_outbox_backlog{service="fulfillment"} 0');
    expect(service).toContain('spiffworks_outbox_oldest_unsent_age_seconds{service="fulfillment"} 0');
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
      expect(sample(text, 'spiffworks_rpc_client_duration_seconds_count', { service: 'gateway', target: 'partners', pattern: 'partners.get', outcome })).toBe(1);
    }
  });
});

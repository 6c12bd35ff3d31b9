import { randomUUID } from 'node:crypto';
import { Events, Rpc } from '@spiffworks/contracts';
import { PLATFORM_SERVICES, eventually } from '@spiffworks/testing';
import type { PlatformService } from '@spiffworks/testing';
import { firstSaleProgram, logLines, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function parseMetrics(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) return [];
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    return [{ name: match[1], labels, value: Number(match[3]) }];
  });
}

/** The sum of a metric's samples whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('watching it run: correlated JSON logs and Prometheus metrics', () => {
  let running: RunningPlatform;
  let partner: CreatedPartner;
  let laptop: string;
  const traceId = `trace-${randomUUID()}`;
  let sale: Response;
  let saleBody: { id: string; commission_status: string };

  const metricsOf = async (service: PlatformService): Promise<{ status: number; contentType: string | null; samples: Sample[] }> => {
    const base = service === 'gateway' ? running.platform.gatewayUrl : running.platform.url(service);
    const response = await fetch(`${base}/metrics`);
    return { status: response.status, contentType: response.headers.get('content-type'), samples: parseMetrics(await response.text()) };
  };

  beforeAll(async () => {
    running = await startPlatform({ LOG_LEVEL: 'info' });
    ({ laptop, partner } = await firstSaleProgram(running, 'TRC-1'));
    sale = await fetch(`${running.platform.gatewayUrl}/api/fulfillment/sales`, {
      method: 'POST',
      headers: { authorization: `Bearer ${partner.token}`, 'content-type': 'application/json', 'x-request-id': traceId },
      body: JSON.stringify({ partner_id: partner.id, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-01-15' }),
    });
    saleBody = (await sale.json()) as typeof saleBody;
  });

  afterAll(() => stopPlatform(running));

  it('answers the caller\'s X-Request-Id, or a new uuid when there is none or it is not a sane value', async () => {
    expect(sale.status).toBe(201);
    expect(saleBody.commission_status).toBe('pending');
    expect(sale.headers.get('x-request-id')).toBe(traceId);

    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const plain = await fetch(`${running.platform.gatewayUrl}/health/live`);
    expect(plain.headers.get('x-request-id')).toMatch(uuid);
    for (const insane of ['x'.repeat(101), 'has spaces in it', 'semi;colon']) {
      const answered = await fetch(`${running.platform.gatewayUrl}/health/live`, { headers: { 'x-request-id': insane } });
      expect(answered.headers.get('x-request-id')).toMatch(uuid);
    }
    const longest = `req-${'a'.repeat(96)}`;
    const kept = await fetch(`${running.platform.gatewayUrl}/health/live`, { headers: { 'x-request-id': longest } });
    expect(kept.headers.get('x-request-id')).toBe(longest);
  });

  it('traces one sale by its request id through the gateway, fulfillment, commissions and analytics', async () => {
    const traced = await eventually(
      async () => Object.fromEntries(
        (['gateway', 'fulfillment', 'commissions', 'analytics'] as const).map((service) => [
          service,
          logLines(running, service).filter((line) => line.correlation_id === traceId),
        ]),
      ),
      // analytics hears of the sale (sale.logged) and of its ledger line (commission.recorded)
      (byService) => byService.analytics.filter((l) => l.event_type).length >= 2 && byService.commissions.some((l) => l.event_type),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const messages = (service: keyof typeof traced): string[] => traced[service].map((l) => l.msg);

    // The gateway: one line for the HTTP request, with its route template and status.
    expect(traced.gateway).toContainEqual(expect.objectContaining({
      service: 'gateway', level: 'info', method: 'POST', route: '/api/fulfillment/sales', status: 201, msg: 'POST /api/fulfillment/sales 201',
    }));
    // Fulfillment handled the RPC, commissions booked the sale from its event, analytics heard both events.
    expect(messages('fulfillment')).toContain(`rpc ${Rpc.fulfillment.LogSale} ok`);
    expect(messages('commissions')).toContain(`event ${Events.SaleLogged} consumed`);
    expect(messages('analytics')).toEqual(expect.arrayContaining([`event ${Events.SaleLogged} consumed`, `event ${Events.CommissionRecorded} consumed`]));
    expect(traced.analytics.find((l) => l.event_type === Events.SaleLogged)).toMatchObject({ source: 'fulfillment', service: 'analytics' });

    // Every line of every service is one JSON object with the common fields.
    for (const service of PLATFORM_SERVICES) {
      const lines = logLines(running, service);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).toMatchObject({ service, level: expect.stringMatching(/^(fatal|error|warn|info|debug)$/), msg: expect.any(String) });
        expect(new Date(line.time).toISOString()).toBe(line.time);
      }
    }
    // One line per handled request or event, not one per statement: the sale is a handful of lines.
    const all = Object.values(traced).flat();
    expect(all.length).toBeLessThan(30);
  });

  it('keeps the partner\'s password and token out of every log', () => {
    for (const service of PLATFORM_SERVICES) {
      const logs = running.platform.logs(service);
      expect(logs).not.toContain('partner-password-1');
      expect(logs).not.toContain(partner.token as string);
      expect(logs).not.toContain(running.admin);
    }
  });

  it('serves Prometheus metrics without a token: HTTP by route and status, RPC, messages, outbox, Node.js', async () => {
    const gateway = await metricsOf('gateway');
    expect(gateway.status).toBe(200);
    expect(gateway.contentType).toContain('text/plain');
    expect(total(gateway.samples, 'spiffworks_http_request_duration_seconds_count', {
      spiffworks_service: 'gateway', method: 'POST', route: '/api/fulfillment/sales', status: '201',
    })).toBe(1);
    expect(total(gateway.samples, 'spiffworks_rpc_client_duration_seconds_count', {
      spiffworks_service: 'gateway', target: 'fulfillment', pattern: Rpc.fulfillment.LogSale, outcome: 'ok',
    })).toBe(1);
    expect(total(gateway.samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(total(gateway.samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    const fulfillment = await metricsOf('fulfillment');
    expect(fulfillment.status).toBe(200);
    expect(total(fulfillment.samples, 'spiffworks_rpc_server_duration_seconds_count', { pattern: Rpc.fulfillment.LogSale, outcome: 'ok' })).toBe(1);
    // The sale answers with the commission without waiting on the ledger: no call to commissions.
    expect(total(fulfillment.samples, 'spiffworks_rpc_client_duration_seconds_count', { spiffworks_service: 'fulfillment', target: 'commissions' })).toBe(0);
    const fulfillmentQueue = `${running.config.MESSAGING_NAMESPACE}.fulfillment.events`;
    expect(total(fulfillment.samples, 'spiffworks_messages_consumed_total', { queue: fulfillmentQueue })).toBeGreaterThan(0);
    expect(fulfillment.samples.map((s) => s.name)).toEqual(expect.arrayContaining(['spiffworks_outbox_backlog', 'spiffworks_outbox_oldest_unsent_age_seconds']));

    const commissionsQueue = `${running.config.MESSAGING_NAMESPACE}.commissions.events`;
    const commissions = await eventually(
      () => metricsOf('commissions'),
      (m) => total(m.samples, 'spiffworks_messages_consumed_total', { spiffworks_service: 'commissions', queue: commissionsQueue }) > 0,
    );
    expect(total(commissions.samples, 'spiffworks_messages_failed_total', { queue: commissionsQueue })).toBe(0);
    // The sale's event: handled (timed) and its lag observed on the commissions queue.
    const booked = await eventually(
      () => metricsOf('commissions'),
      (m) => total(m.samples, 'spiffworks_event_lag_seconds_count', { queue: commissionsQueue, event_type: Events.SaleLogged }) === 1,
    );
    expect(total(booked.samples, 'spiffworks_event_handling_duration_seconds_count', { queue: commissionsQueue, event_type: Events.SaleLogged, outcome: 'acked' })).toBeGreaterThanOrEqual(1);
    expect(total(booked.samples, 'spiffworks_db_pool_max')).toBe(running.config.DATABASE_POOL_SIZE);
    // Every series names its service by spiffworks_service, leaving `service` to Prometheus.
    for (const m of [gateway, fulfillment, booked]) expect(m.samples.filter((s) => 'service' in s.labels || !s.labels.spiffworks_service)).toEqual([]);

    // The outbox drains: every service's backlog comes back to 0, its oldest unsent row's age with it.
    for (const service of ['partners', 'campaigns', 'fulfillment', 'commissions', 'analytics'] as const) {
      const drained = await eventually(
        () => metricsOf(service),
        (m) => m.samples.some((s) => s.name === 'spiffworks_outbox_backlog' && s.value === 0),
      );
      expect(total(drained.samples, 'spiffworks_outbox_oldest_unsent_age_seconds')).toBe(0);
    }
  });

  it('labels unknown paths as one route, so hostile URLs cannot explode the series', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await fetch(`${running.platform.gatewayUrl}/api/no-such-thing-${randomUUID()}`)).status).toBeGreaterThanOrEqual(400);
    }
    const gateway = await metricsOf('gateway');
    const routes = new Set(gateway.samples.filter((s) => s.name === 'spiffworks_http_request_duration_seconds_count').map((s) => s.labels.route));
    expect([...routes].some((r) => r.includes('no-such-thing'))).toBe(false);
    expect(routes).toContain('unmatched');
  });
});

/**
 * `npm run trace:sale`: starts the platform (built processes, a namespace of its own) exporting its
 * spans to an OTLP receiver in this process, logs the seed's sale (2 × 1,000.00, gold, a $100/unit
 * spiff) and prints the span tree of its one trace — what Jaeger would show (docs/operate.md#tracing).
 */
import { randomBytes } from 'node:crypto';
import { GatewayClient, PlatformProcesses, TraceCollector, eventually, isolatedConfig, removeNamespace } from '@spiffworks/testing';

const ADMIN = { email: 'admin@trace.example', password: randomBytes(18).toString('base64url') };

async function main(): Promise<void> {
  const collector = await TraceCollector.start();
  Object.assign(process.env, collector.env);
  const config = isolatedConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn' });
  const platform = await PlatformProcesses.launch(config);
  try {
    const api = new GatewayClient(platform.gatewayUrl);
    const admin = await api.login(ADMIN.email, ADMIN.password);
    const product = await api.post('/api/products', { name: 'Laptop', sku: 'TRACE-1', commission_rate: 10, commission_rates: { gold: 12 } }, admin);
    const email = `partner-${Date.now()}@trace.example`;
    const partner = await api.post('/api/partners', { name: 'TechCorp', tier: 'gold', contact_email: email, password: 'partner-password-1' }, admin);
    await api.post(`/api/partners/${partner.body.id}/approve`, {}, admin);
    const token = await api.login(email, 'partner-password-1');
    const spiff = await api.post('/api/spiffs', {
      name: 'Q1 Laptops', target_products: [product.body.id], assignment_type: 'tier', target_tiers: ['gold'],
      incentive_amount: 100, incentive_type: 'fixed', start_date: '2025-01-01', end_date: '2025-03-31',
    }, admin);
    await eventually(
      async () => (await api.get<{ opportunities: Array<{ spiff?: { id: string } }> }>('/api/fulfillment/assignments/my-opportunities', token)).body.opportunities,
      (list) => list.some((o) => o.spiff?.id === spiff.body.id),
    );
    // The client's own trace context, as a browser or an upstream proxy would send it.
    const traceId = randomBytes(16).toString('hex');
    const clientSpan = randomBytes(8).toString('hex');
    const sale = await fetch(`${platform.gatewayUrl}/api/fulfillment/sales`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', traceparent: `00-${traceId}-${clientSpan}-01` },
      body: JSON.stringify({ partner_id: partner.body.id, product_id: product.body.id, quantity: 2, unit_price: 1000, sale_date: '2025-01-15' }),
    });
    const body = (await sale.json()) as { total_commission?: number };
    await eventually(
      async () => collector.trace(traceId),
      (spans) => ['commissions', 'analytics'].every((service) => spans.some((s) => s.service === service && s.name === 'inbox batch'))
        && spans.every((s) => s.parentSpanId === clientSpan || spans.some((p) => p.spanId === s.parentSpanId)),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const spans = collector.trace(traceId);
    console.log(`POST /api/fulfillment/sales → ${sale.status}, total_commission ${body.total_commission}`);
    console.log(`trace ${traceId}: ${spans.length} spans from ${[...new Set(spans.map((s) => s.service))].join(', ')}\n`);
    console.log(collector.tree(traceId));
  } finally {
    await platform.stop();
    await removeNamespace(config);
    await collector.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

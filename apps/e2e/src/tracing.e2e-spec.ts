import { randomBytes, randomUUID } from 'node:crypto';
import { Rpc } from '@spiffworks/contracts';
import { TraceCollector, eventually } from '@spiffworks/testing';
import type { CollectedSpan } from '@spiffworks/testing';
import { firstSaleProgram, logLines, startPlatform, stopPlatform } from './support';
import type { RunningPlatform } from './support';

const TRACED = ['gateway', 'fulfillment', 'commissions', 'analytics'] as const;
const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 };

describe('distributed tracing: one sale, one trace across the services (OTLP to an in-test collector)', () => {
  let running: RunningPlatform;
  let collector: TraceCollector;
  // The caller's own trace: the gateway must continue it, not start another.
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const requestId = `trace-${randomUUID()}`;
  let saleStatus: number;
  let spans: CollectedSpan[];

  beforeAll(async () => {
    collector = await TraceCollector.start();
    const saved = { ...process.env };
    Object.assign(process.env, collector.env);
    try {
      running = await startPlatform({ LOG_LEVEL: 'info' });
    } finally {
      process.env = saved;
    }
    const { laptop, partner } = await firstSaleProgram(running, 'OTEL-1');
    const sale = await fetch(`${running.platform.gatewayUrl}/api/fulfillment/sales`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${partner.token}`, 'content-type': 'application/json', 'x-request-id': requestId,
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      },
      body: JSON.stringify({ partner_id: partner.id, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-01-15' }),
    });
    saleStatus = sale.status;
    // Both consumers have exported their consume span of sale.logged and its inbox batch, and every
    // span's parent is in (spans still open, e.g. a later event's consumer, are not yet).
    spans = await eventually(
      async () => collector.trace(traceId),
      (found) => ['commissions', 'analytics'].every((service) =>
        found.some((s) => s.service === service && s.name === 'consume sale.logged') && found.some((s) => s.service === service && s.name === 'inbox batch'))
        && found.every((s) => s.parentSpanId === callerSpanId || found.some((p) => p.spanId === s.parentSpanId)),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  });

  afterAll(async () => {
    await stopPlatform(running);
    await collector?.stop();
  });

  it('continues the caller\'s traceparent: the gateway\'s request span is the child of the caller\'s span', () => {
    expect(saleStatus).toBe(201);
    const request = spans.find((s) => s.service === 'gateway' && s.kind === SPAN_KIND.server);
    expect(request?.name).toBe('POST /api/fulfillment/sales');
    expect(request?.parentSpanId).toBe(callerSpanId);
  });

  it('gives the sale one trace whose spans cover gateway, fulfillment, commissions and analytics, in parent order', () => {
    // Every span the sale caused, in every service, is in the caller's trace and descends from the gateway's request.
    const request = spans.find((s) => s.service === 'gateway' && s.kind === SPAN_KIND.server) as CollectedSpan;
    for (const span of spans.filter((s) => s !== request)) {
      expect({ span: `${span.service} ${span.name}`, fromRequest: collector.ancestors(span).includes(request) }).toEqual({ span: `${span.service} ${span.name}`, fromRequest: true });
    }
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(TRACED));

    const one = (service: string, name: string): CollectedSpan => {
      const found = spans.filter((s) => s.service === service && s.name === name);
      expect({ service, name, count: found.length }).toEqual({ service, name, count: 1 });
      return found[0];
    };
    const call = one('gateway', `rpc ${Rpc.fulfillment.LogSale}`);
    const handled = one('fulfillment', `rpc ${Rpc.fulfillment.LogSale}`);
    const sale = one('fulfillment', 'sale');
    const transaction = one('fulfillment', 'sale transaction');
    const published = one('fulfillment', 'publish sale.logged');
    expect(call.kind).toBe(SPAN_KIND.client);
    expect(handled.kind).toBe(SPAN_KIND.server);
    expect(published.kind).toBe(SPAN_KIND.producer);
    // gateway request → RPC call → fulfillment's handler → the sale → its transaction, and the relay's publish of its sale.logged.
    expect(collector.ancestors(call)).toContain(request);
    expect(collector.ancestors(handled)).toContain(call);
    expect(collector.ancestors(sale)).toContain(handled);
    expect(transaction.parentSpanId).toBe(sale.spanId);
    expect(published.parentSpanId).toBe(sale.spanId);
    // Each consumer: its consume span continues the relay's publish, its inbox batch the consume span.
    for (const service of ['commissions', 'analytics']) {
      const consumed = one(service, 'consume sale.logged');
      expect(consumed.kind).toBe(SPAN_KIND.consumer);
      expect(collector.ancestors(consumed)).toContain(published);
      const batches = spans.filter((s) => s.service === service && s.name === 'inbox batch');
      expect(batches.some((b) => b.parentSpanId === consumed.spanId)).toBe(true);
    }
    // The database work shows up inside the trace (instrumentation-pg), in the sale's transaction.
    expect(spans.some((s) => s.service === 'fulfillment' && collector.ancestors(s).includes(transaction) && s.name.startsWith('pg'))).toBe(true);
    expect(spans.filter((s) => s.error)).toEqual([]);
  });

  it('writes the trace id and the span id on the log lines written inside its spans', () => {
    const spanIds = new Set(spans.map((s) => s.spanId));
    for (const service of TRACED) {
      const lines = logLines(running, service).filter((line) => line.correlation_id === requestId);
      expect({ service, lines: lines.length > 0 }).toEqual({ service, lines: true });
      for (const line of lines) {
        expect({ service, msg: line.msg, trace_id: line.trace_id }).toEqual({ service, msg: line.msg, trace_id: traceId });
        expect(spanIds.has(line.span_id as string)).toBe(true);
      }
    }
  });
});

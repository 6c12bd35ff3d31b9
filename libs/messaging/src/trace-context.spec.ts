import { context, trace } from '@opentelemetry/api';
import { startInMemoryTracing } from '@spiffworks/telemetry';
import { Events } from '@spiffworks/contracts';
import { createEnvelope } from './envelope';
import { contextFrom, traceCarrier } from './trace-context';

describe('W3C trace context in messages', () => {
  startInMemoryTracing();
  const tracer = trace.getTracer('test');
  const remote = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('continues a caller\'s traceparent: the trace id is kept and the caller\'s span is the parent', () => {
    const span = tracer.startSpan('handler', {}, contextFrom({ traceparent: remote, tracestate: 'vendor=1' }));
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect((span as unknown as { parentSpanContext?: { spanId: string } }).parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    const carried = traceCarrier(trace.setSpan(context.active(), span));
    expect(carried.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanContext().spanId}-01`);
    expect(carried.tracestate).toBe('vendor=1');
    span.end();
  });

  it('keeps the publishing span in the event envelope, and nothing outside a span', () => {
    const outside = createEnvelope(Events.PartnerRegistered, {}, 'partners');
    expect(outside).not.toHaveProperty('traceparent');
    tracer.startActiveSpan('publish', (span) => {
      const envelope = createEnvelope(Events.PartnerRegistered, {}, 'partners');
      expect(envelope.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
      // JSON in and out (the outbox row): the trace is still there.
      const stored = JSON.parse(JSON.stringify(envelope)) as typeof envelope;
      expect(trace.getSpanContext(contextFrom(stored))?.traceId).toBe(span.spanContext().traceId);
      span.end();
    });
  });

  it('names no parent for a missing or malformed traceparent', () => {
    expect(trace.getSpanContext(contextFrom({}))).toBeUndefined();
    expect(trace.getSpanContext(contextFrom({ traceparent: 'not-a-traceparent' }))).toBeUndefined();
  });
});

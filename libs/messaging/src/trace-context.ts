import { ROOT_CONTEXT, SpanStatusCode, context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';

/**
 * The W3C trace context a message carries, as `correlation_id` travels: in every RPC request, in
 * every event envelope (so in the outbox row: a trace survives the relay and a broker outage) and
 * in the AMQP headers of each publish. Only `@opentelemetry/api` here; the SDK is started by each
 * process (`@spiffworks/telemetry`), and without it every call below is a cheap no-op.
 */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The tracer of the platform's own spans (RPC, group commit, relay publish, consumed events, inbox batches). */
export const platformTracer = trace.getTracer('spiffworks');

/** `traceparent` (and `tracestate`) of `ctx`, by default the active span: empty when there is none. */
export function traceCarrier(ctx: Context = context.active()): TraceCarrier {
  const span = trace.getSpan(ctx);
  if (!span || !isSpanContextValid(span.spanContext())) return {};
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  const carrier: TraceCarrier = {};
  if (headers.traceparent) carrier.traceparent = headers.traceparent;
  if (headers.tracestate) carrier.tracestate = headers.tracestate;
  return carrier;
}

/** The remote parent a carrier names (the root context when it names none). */
export function contextFrom(carrier: TraceCarrier | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent: carrier.traceparent, ...(carrier.tracestate && { tracestate: carrier.tracestate }) });
}

/** Runs `work` with `ctx` as the active trace context (as it is when there is none). */
export function withTraceContext<T>(ctx: Context | undefined, work: () => T): T {
  return ctx ? context.with(ctx, work) : work();
}

/** The `trace_id` and `span_id` of the active span, for log lines: empty outside a span. */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

/** Ends `span`, marked failed with the error's message when there is one. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    const message = (error as { message?: unknown } | null)?.message;
    span.setStatus({ code: SpanStatusCode.ERROR, message: typeof message === 'string' ? message : String(error) });
  }
  span.end();
}

/** Exports what the tracer provider still holds (at shutdown); nothing without the SDK. */
export async function flushSpans(): Promise<void> {
  const provider = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const delegate = (provider.getDelegate?.() ?? provider) as { forceFlush?: () => Promise<void> };
  // An unreachable collector must not hold the shutdown: at most 2 s.
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000).unref()));
  await Promise.race([delegate.forceFlush?.().catch(() => undefined), cap]);
  clearTimeout(timer);
}

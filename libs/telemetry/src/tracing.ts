import { NodeSDK, node, resources, tracing } from '@opentelemetry/sdk-node';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

/** Requests every probe and scraper makes all the time: no trace of their own. */
const ROUTINE_PATHS = /^\/(health|metrics)(\/|\?|$)/;

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry tracing for a service process: W3C `traceparent` propagation, spans for
 * incoming and outgoing HTTP, PostgreSQL statements of a traced request and AMQP messages, and a
 * `trace_id`/`span_id` on every log line written inside a span. Always on, because propagation and
 * the ids in the logs cost little; only the export is opt-in: spans leave the process (OTLP over
 * HTTP, batched) when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set.
 * `OTEL_SERVICE_NAME` overrides the service's name, `OTEL_TRACES_SAMPLER` the sampler (default:
 * parent-based, always on), `OTEL_SDK_DISABLED=true` turns it all off.
 *
 * Must run before the modules it instruments load: each service's `main.ts` imports its
 * `tracing.ts` first.
 */
export function startTracing(service: string, exporter: SpanExporter | undefined = exporterFromEnv()): void {
  if (sdk) return;
  // Without a processor the SDK registers no tracer at all: new traces would get no ids to log.
  const spanProcessors: SpanProcessor[] = exporter ? [new tracing.BatchSpanProcessor(exporter)] : [new tracing.NoopSpanProcessor()];
  sdk = new NodeSDK({
    // OTEL_SERVICE_NAME (read by the env detector) wins over the process's own name.
    resource: resources.resourceFromAttributes({ 'service.name': service }),
    resourceDetectors: [resources.envDetector],
    spanProcessors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => ROUTINE_PATHS.test(request.url ?? ''),
        // The OTLP export itself, and RPC-free outgoing calls outside any request, are not traced.
        requireParentforOutgoingSpans: true,
        // Named by the route template Express matched (`POST /api/fulfillment/sales`), never the raw path.
        applyCustomAttributesOnSpan: (span, request) => {
          const route = (request as { route?: { path?: unknown }; method?: string }).route?.path;
          if (typeof route === 'string' && 'method' in request) {
            span.updateName(`${request.method} ${route}`);
            span.setAttribute('http.route', route);
          }
        },
      }),
      new PgInstrumentation({ requireParentSpan: true }),
      new AmqplibInstrumentation(),
    ],
  });
  sdk.start();
}

/** Flushes the spans still batched and stops the SDK (at shutdown, before the process exits). */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown().catch(() => undefined);
}

function exporterFromEnv(): SpanExporter | undefined {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // The exporter reads the endpoint, headers and timeout from the same standard variables.
  return endpoint ? new OTLPTraceExporter() : undefined;
}

/**
 * For tests in one process: a tracer provider without instrumentations whose finished spans are kept
 * in memory, with W3C propagation and async context, registered globally. Returns the exporter.
 */
export function startInMemoryTracing(service = 'test'): tracing.InMemorySpanExporter {
  const exporter = new tracing.InMemorySpanExporter();
  const provider = new node.NodeTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
  });
  provider.register();
  return exporter;
}

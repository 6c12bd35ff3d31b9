import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One finished span as a service exported it. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startNs: bigint;
  endNs: bigint;
  links: Array<{ traceId: string; spanId: string }>;
  /** Failed (OTLP status code 2). */
  error: boolean;
}

interface OtlpValue { stringValue?: string }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind?: number;
  startTimeUnixNano: string | number; endTimeUnixNano: string | number;
  links?: Array<{ traceId: string; spanId: string }>;
  status?: { code?: number };
}
interface OtlpRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: OtlpValue }> };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
}

/** OTLP/JSON ids are hex; some encoders write base64. */
function hex(id: string | undefined): string | undefined {
  if (!id) return undefined;
  return /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
}

/**
 * A tiny OTLP/HTTP trace receiver (JSON, `POST /v1/traces`) in the test's own process: services
 * started with `OTEL_EXPORTER_OTLP_ENDPOINT` = `url` send their spans here.
 */
export class TraceCollector {
  readonly spans: CollectedSpan[] = [];
  private server?: Server;

  static async start(): Promise<TraceCollector> {
    const collector = new TraceCollector();
    collector.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          const raw = Buffer.concat(chunks);
          const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          if (req.url === '/v1/traces') collector.add(JSON.parse(body.toString('utf8')) as OtlpRequest);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => collector.server?.listen(0, '127.0.0.1', resolve));
    return collector;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /** The environment that makes a service export here, batched for at most 200 ms. */
  get env(): Record<string, string> {
    return { OTEL_EXPORTER_OTLP_ENDPOINT: this.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  trace(traceId: string): CollectedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  /** The spans of a trace as an indented tree, children in start order: `service  name  duration`. */
  tree(traceId: string): string {
    const spans = this.trace(traceId).sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
    const ids = new Set(spans.map((s) => s.spanId));
    const lines: string[] = [];
    const walk = (span: CollectedSpan, depth: number): void => {
      const ms = Number(span.endNs - span.startNs) / 1e6;
      lines.push(`${'  '.repeat(depth)}${span.service.padEnd(12)} ${span.name.replace(/\s+/g, ' ')}  ${ms.toFixed(1)} ms${span.links.length ? `  (+${span.links.length} links)` : ''}${span.error ? '  ERROR' : ''}`);
      for (const child of spans.filter((s) => s.parentSpanId === span.spanId)) walk(child, depth + 1);
    };
    for (const root of spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId))) walk(root, 0);
    return lines.join('\n');
  }

  /** Every ancestor of a span within its trace, nearest first. */
  ancestors(span: CollectedSpan): CollectedSpan[] {
    const byId = new Map(this.trace(span.traceId).map((s) => [s.spanId, s]));
    const chain: CollectedSpan[] = [];
    for (let parent = span.parentSpanId && byId.get(span.parentSpanId); parent; parent = parent.parentSpanId && byId.get(parent.parentSpanId)) {
      chain.push(parent);
    }
    return chain;
  }

  private add(request: OtlpRequest): void {
    for (const resourceSpans of request.resourceSpans ?? []) {
      const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? 'unknown';
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            service,
            traceId: hex(span.traceId) as string,
            spanId: hex(span.spanId) as string,
            parentSpanId: hex(span.parentSpanId),
            name: span.name,
            kind: span.kind ?? 0,
            startNs: BigInt(span.startTimeUnixNano),
            endNs: BigInt(span.endTimeUnixNano),
            links: (span.links ?? []).map((l) => ({ traceId: hex(l.traceId) as string, spanId: hex(l.spanId) as string })),
            error: span.status?.code === 2,
          });
        }
      }
    }
  }
}

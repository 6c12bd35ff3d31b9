import { trace } from '@opentelemetry/api';
import { startInMemoryTracing } from '@spiffworks/telemetry';
import { runWithCorrelation } from '@spiffworks/messaging';
import { PlatformLogger, createPinoLogger } from './logging';

describe('log lines inside a span', () => {
  const exporter = startInMemoryTracing();
  const lines: string[] = [];
  const pino = createPinoLogger('commissions', 'debug', { write: (line: string) => void lines.push(line) });
  const nest = new PlatformLogger(pino);
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeEach(() => {
    lines.length = 0;
    exporter.reset();
  });

  it('carry the trace_id and span_id of the active span, after awaits too; none outside a span', async () => {
    await trace.getTracer('test').startActiveSpan('work', async (span) => {
      await new Promise((resolve) => setImmediate(resolve));
      await runWithCorrelation('req-1', async () => nest.log('inside', 'Ledger'));
      span.end();
    });
    pino.info('outside');
    const [inside, outside] = parsed();
    const [work] = exporter.getFinishedSpans();
    expect(inside).toMatchObject({ msg: 'inside', correlation_id: 'req-1', trace_id: work.spanContext().traceId, span_id: work.spanContext().spanId });
    expect(inside.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(outside).not.toHaveProperty('trace_id');
    expect(outside).not.toHaveProperty('span_id');
  });

  it('name the innermost span', () => {
    const tracer = trace.getTracer('test');
    tracer.startActiveSpan('outer', (outer) => {
      tracer.startActiveSpan('inner', (inner) => {
        pino.info('deep');
        inner.end();
      });
      outer.end();
    });
    const inner = exporter.getFinishedSpans().find((s) => s.name === 'inner');
    expect(parsed()[0]).toMatchObject({ span_id: inner?.spanContext().spanId });
  });
});

import type { DataSource } from 'typeorm';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { EventEnvelope } from '@spiffworks/contracts';
import { encodeEvent } from './envelope';
import { WakeablePause } from './wakeable-pause';
import { SpanKind, trace } from '@opentelemetry/api';
import { contextFrom, endSpan, platformTracer, traceCarrier, withTraceContext } from './trace-context';

export interface OutboxRelayOptions {
  exchange: string;
  batchSize: number;
  pollMs: number;
  onError: (error: unknown) => void;
}

interface OutboxRow {
  id: string;
  routing_key: string;
  envelope: EventEnvelope;
}

/**
 * Publishes outbox rows with publisher confirms, then marks them sent. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so relays on several replicas share the work without publishing a row
 * twice; a row whose publish was not confirmed stays unsent and is tried again.
 */
export class OutboxRelay {
  private running: Promise<void> | null = null;
  private stopping = false;
  private readonly pause = new WakeablePause();
  /** Set by a kick that came while a batch was being relayed: look again at once, don't poll. */
  private kicked = false;
  private consecutiveFailures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly channel: ChannelWrapper,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  /** Asks the relay to look at the outbox now (called after a transaction that wrote events). */
  kick(): void {
    this.kicked = true;
    this.pause.wake();
  }

  /** Stops the loop, then publishes what is still waiting if the broker lets it. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.kick();
    await this.running;
    this.running = null;
    try {
      while ((await this.relayBatch()) > 0);
    } catch (error) {
      this.options.onError(error);
    }
  }

  /** Publishes one batch; returns how many rows it sent. */
  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, routing_key, envelope FROM outbox
         WHERE published_at IS NULL
         ORDER BY created_at, id
         LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      await Promise.all(rows.map((row) => this.publish(row)));
      await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  /**
   * One publish span per row, child of the span that wrote the event (its envelope's `traceparent`),
   * however long the row waited; the message's headers carry the publish span on to the consumers.
   */
  private async publish(row: OutboxRow): Promise<void> {
    const span = platformTracer.startSpan(
      `publish ${row.routing_key}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'rabbitmq', 'messaging.destination.name': this.options.exchange, 'messaging.message.id': row.id },
      },
      contextFrom(row.envelope),
    );
    const published = trace.setSpan(contextFrom(row.envelope), span);
    try {
      await withTraceContext(published, () =>
        this.channel.publish(this.options.exchange, row.routing_key, encodeEvent(row.envelope), {
          persistent: true,
          messageId: row.id,
          contentType: 'application/json',
          headers: { 'x-correlation-id': row.envelope.correlation_id, ...traceCarrier(published) },
        }),
      );
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let sent = 0;
      this.kicked = false;
      try {
        sent = await this.relayBatch();
        this.consecutiveFailures = 0;
      } catch (error) {
        this.consecutiveFailures += 1;
        this.options.onError(error);
        await this.pause.sleep(Math.min(this.options.pollMs * 2 ** this.consecutiveFailures, 10_000));
        continue;
      }
      if (sent < this.options.batchSize && !this.kicked) await this.pause.sleep(this.options.pollMs);
    }
  }
}

import { connect } from 'amqp-connection-manager';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel } from 'amqplib';
import type { DataSource } from 'typeorm';
import { Events } from '@spiffworks/contracts';
import { openServiceDataSource, testDatabase, testNamespace } from '@spiffworks/persistence';
import { connect as connectAmqp } from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { dropDatabase } from '@spiffworks/persistence';
import type { DatabaseTarget } from '@spiffworks/persistence';
import { createEnvelope } from './envelope';
import { MessagingTables1764100000000 } from './messaging-tables.migration';
import { appendToOutbox } from './outbox';
import { OutboxCompression1764950000000 } from './outbox-compression.migration';
import { OutboxRelay } from './outbox-relay';
import { MessagingTopology } from './topology';
import { trace } from '@opentelemetry/api';
import { startInMemoryTracing } from '@spiffworks/telemetry';
import { contextFrom } from './trace-context';

// Self-contained (no @spiffworks/testing, which depends on this library) against the real services.
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const NAMESPACE = testNamespace();

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('OutboxRelay (real PostgreSQL and RabbitMQ)', () => {
  const topology = new MessagingTopology(NAMESPACE);
  const target: DatabaseTarget = testDatabase('relaytest', NAMESPACE);
  let dataSource: DataSource;
  let listener: ChannelModel;
  const received: string[] = [];
  /** The trace context each received message's headers carried, by envelope id. */
  const headersOf = new Map<string, { traceparent?: string; tracestate?: string }>();
  const spans = startInMemoryTracing('relaytest');
  const connections: AmqpConnectionManager[] = [];

  beforeAll(async () => {
    dataSource = await openServiceDataSource({
      target,
      poolSize: 4,
      entities: [],
      migrations: [MessagingTables1764100000000, OutboxCompression1764950000000],
      applicationName: 'relay-test',
    });
    listener = await connectAmqp(RABBITMQ_URL);
    const channel = await listener.createChannel();
    await topology.declare(channel);
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, topology.eventsExchange, Events.PartnerRegistered);
    await channel.consume(queue, (message) => {
      if (!message) return;
      const id = JSON.parse(message.content.toString()).data.id as string;
      headersOf.set(id, message.properties.headers as { traceparent?: string });
      received.push(id);
    }, { noAck: true });
  });

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop().catch(() => undefined)));
    await Promise.all(connections.map((c) => c.close()));
    const channel = await listener.createChannel();
    for (const queue of topology.allQueues()) await channel.deleteQueue(queue);
    await channel.deleteExchange(topology.eventsExchange);
    await channel.deleteExchange(topology.deadLetterExchange);
    await listener.close();
    await dataSource?.destroy();
    await dropDatabase(target);
  });

  function publisher(url: string, publishTimeout = 10_000): ChannelWrapper {
    const connection = connect([url], { reconnectTimeInSeconds: 1 });
    connection.on('connectFailed', () => undefined);
    connections.push(connection);
    return connection.createChannel({ confirm: true, publishTimeout, setup: (ch: Channel) => topology.declare(ch) });
  }

  const relays: OutboxRelay[] = [];
  function relay(channel: ChannelWrapper): OutboxRelay {
    const created = new OutboxRelay(dataSource, channel, { exchange: topology.eventsExchange, batchSize: 50, pollMs: 20, onError: () => undefined });
    relays.push(created);
    return created;
  }

  async function writeEvents(count: number): Promise<string[]> {
    const envelopes = Array.from({ length: count }, (_, i) => createEnvelope(Events.PartnerRegistered, { n: i }, 'relaytest'));
    await dataSource.transaction((manager) => appendToOutbox(manager, envelopes));
    return envelopes.map((e) => e.id);
  }

  it('keeps events whose publish was not confirmed, and sends them once the broker is reachable', async () => {
    const ids = await writeEvents(3);
    const unreachable = relay(publisher('amqp://guest:guest@127.0.0.1:1', 300));
    await expect(unreachable.relayBatch()).rejects.toThrow();
    expect(Number((await dataSource.query('SELECT count(*) FROM outbox WHERE published_at IS NULL'))[0].count)).toBe(3);

    const reachable = relay(publisher(RABBITMQ_URL));
    reachable.start();
    await eventually(async () => received, (seen) => ids.every((id) => seen.includes(id)));
    await reachable.stop();
    expect(Number((await dataSource.query('SELECT count(*) FROM outbox WHERE published_at IS NULL'))[0].count)).toBe(0);
  });

  it('two relays sharing one outbox publish every event exactly once', async () => {
    const ids = await writeEvents(600);
    const relays = [relay(publisher(RABBITMQ_URL)), relay(publisher(RABBITMQ_URL))];
    relays.forEach((r) => r.start());
    const mine = await eventually(
      async () => received.filter((id) => ids.includes(id)),
      (seen) => seen.length >= ids.length,
    );
    await Promise.all(relays.map((r) => r.stop()));
    expect(mine.length).toBe(ids.length);
    expect(new Set(mine).size).toBe(ids.length);
  });

  it('compresses envelopes with lz4 (this machine\'s PostgreSQL has it)', async () => {
    const [column]: Array<{ attcompression: string }> = await dataSource.query(
      `SELECT attcompression FROM pg_attribute WHERE attrelid = 'outbox'::regclass AND attname = 'envelope'`,
    );
    expect(column.attcompression).toBe('l');
  });

  it('stores more events than one insert carries, each as it was written: quotes, backslashes, braces and line breaks intact', async () => {
    const awkward = { text: 'a "quoted" \\ back\\slash, {braces}, [brackets], a comma, a\nline break and ünïcödé', n: 0 };
    const envelopes = Array.from({ length: 2_345 }, (_, n) => createEnvelope(Events.PartnerRegistered, { ...awkward, n }, 'relaytest'));
    await dataSource.transaction((manager) => appendToOutbox(manager, envelopes));
    const stored: Array<{ id: string; routing_key: string; envelope: unknown }> = await dataSource.query(
      'SELECT id, routing_key, envelope FROM outbox WHERE id = ANY ($1::uuid[])', [envelopes.map((e) => e.id)],
    );
    expect(stored).toHaveLength(envelopes.length);
    const byId = new Map(stored.map((row) => [row.id, row]));
    for (const envelope of envelopes) {
      expect(byId.get(envelope.id)).toEqual({ id: envelope.id, routing_key: Events.PartnerRegistered, envelope: JSON.parse(JSON.stringify(envelope)) });
    }
    // Published like any other: the relay of the next test would otherwise meet them.
    const reachable = relay(publisher(RABBITMQ_URL));
    reachable.start();
    await eventually(async () => received, (seen) => envelopes.every((e) => seen.includes(e.id)));
    await reachable.stop();
  });

  it('keeps the traceparent in the outbox row: after a broker outage the publish still continues the trace that wrote the event', async () => {
    const tracer = trace.getTracer('test');
    const { id, writer } = await tracer.startActiveSpan('sale', async (span) => {
      const envelope = createEnvelope(Events.PartnerRegistered, { n: 1 }, 'relaytest');
      await dataSource.transaction((manager) => appendToOutbox(manager, [envelope]));
      span.end();
      return { id: envelope.id, writer: span.spanContext() };
    });
    const [row] = await dataSource.query('SELECT envelope FROM outbox WHERE id = $1', [id]);
    expect(row.envelope.traceparent).toBe(`00-${writer.traceId}-${writer.spanId}-01`);

    // The broker is unreachable: the publish fails (its span says so) and the row waits.
    const unreachable = relay(publisher('amqp://guest:guest@127.0.0.1:1', 300));
    await expect(unreachable.relayBatch()).rejects.toThrow();
    // Later, another relay (no span active: a fresh process) sends it.
    await relay(publisher(RABBITMQ_URL)).relayBatch();
    await eventually(async () => received, (seen) => seen.includes(id));

    const publishes = spans.getFinishedSpans().filter((s) => s.name === `publish ${Events.PartnerRegistered}` && s.attributes['messaging.message.id'] === id);
    expect(publishes).toHaveLength(2);
    for (const publish of publishes) {
      expect(publish.spanContext().traceId).toBe(writer.traceId);
      expect(publish.parentSpanContext?.spanId).toBe(writer.spanId);
    }
    expect(publishes.map((p) => p.status.code)).toEqual([2, 0]);
    // The message carries the successful publish span on to the consumers.
    const carried = trace.getSpanContext(contextFrom(headersOf.get(id)));
    expect(carried?.traceId).toBe(writer.traceId);
    expect(carried?.spanId).toBe(publishes[1].spanContext().spanId);
  });
});

import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { Events } from '@spiffworks/contracts';
import type { PartnerSnapshot, SpiffSnapshot } from '@spiffworks/contracts';
import { DELIVERY_LIMIT } from '@spiffworks/messaging';
import { PlatformMetrics, Transactions } from '@spiffworks/runtime';
import { eventually, parseExposition, sampleTotal, samplesOf, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, MetricSample, ServiceHarness } from '@spiffworks/testing';
import { FulfillmentAppModule } from '../src/fulfillment-app.module';

/** What operators alert on, as a running service exposes it (the same text `/metrics` answers). */
const scrape = async (h: ServiceHarness): Promise<MetricSample[]> => parseExposition(await h.get(PlatformMetrics).exposition());

describe('operator metrics of a consuming service (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let queue: string;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, broker: true });
    queue = h.broker.topology.eventQueue('fulfillment');
  });

  afterAll(() => h?.close());

  const partner = (): PartnerSnapshot => {
    const id = randomUUID();
    return { id, name: `Partner ${id.slice(0, 8)}`, tier: 'gold', status: 'approved', contact_email: `${id}@example.com`, version: 1 };
  };

  it('labels every series with spiffworks_service, never with Prometheus\' own service label', async () => {
    const samples = await scrape(h);
    expect(samples.length).toBeGreaterThan(50);
    expect(samples.every((s) => s.labels.spiffworks_service === 'fulfillment' && !('service' in s.labels))).toBe(true);
  });

  it('times each handled event and observes its lag (now − occurred_at) on its queue', async () => {
    const late = h.broker.envelope(Events.PartnerApproved, partner());
    late.occurred_at = new Date(Date.now() - 120_000).toISOString(); // published two minutes ago, say, behind a broker outage
    const prompt = h.broker.envelope(Events.PartnerApproved, partner());
    await h.apply(late, prompt);

    const lag = { queue, event_type: Events.PartnerApproved };
    const samples = await eventually(() => scrape(h), (s) => sampleTotal(s, 'spiffworks_event_lag_seconds_count', lag) === 2);
    const bucket = (le: string) => sampleTotal(samples, 'spiffworks_event_lag_seconds_bucket', { ...lag, le });
    expect(bucket('60')).toBe(1); // the prompt one
    expect(bucket('300')).toBe(2); // and the late one, 120 s and a little
    const lagSum = sampleTotal(samples, 'spiffworks_event_lag_seconds_sum', lag);
    expect(lagSum).toBeGreaterThanOrEqual(120);
    expect(lagSum).toBeLessThan(120 + 60);

    const handled = { ...lag, outcome: 'acked' };
    expect(sampleTotal(samples, 'spiffworks_event_handling_duration_seconds_count', handled)).toBe(2);
    const handlingSum = sampleTotal(samples, 'spiffworks_event_handling_duration_seconds_sum', handled);
    expect(handlingSum).toBeGreaterThan(0);
    expect(handlingSum).toBeLessThan(lagSum);
    expect(sampleTotal(samples, 'spiffworks_messages_consumed_total', { queue })).toBeGreaterThanOrEqual(2);

    // A redelivery the inbox already knows is handled (and timed) again, but has no new lag.
    h.broker.publish(late);
    await eventually(() => scrape(h), (s) => sampleTotal(s, 'spiffworks_event_handling_duration_seconds_count', handled) === 3);
    expect(sampleTotal(await scrape(h), 'spiffworks_event_lag_seconds_count', lag)).toBe(2);
  });

  it('counts a dead letter when it is filed, and shows it waiting for an admin', async () => {
    const before = await scrape(h);
    expect(samplesOf(before, 'spiffworks_messages_dead_lettered_total', { queue })).toEqual([expect.objectContaining({ value: 0 })]);
    expect(sampleTotal(before, 'spiffworks_dead_letters_waiting')).toBe(0);

    const spiff: SpiffSnapshot = {
      id: randomUUID(), name: 'Poison', description: null, target_products: [], assignment_type: 'tier', target_tiers: ['gold'],
      target_partners: [], incentive_amount: 100, incentive_type: 'fixed', start_date: 'not-a-date', end_date: '2025-03-31',
      status: 'active', cancelled_on: null, milestones: [], created_by: randomUUID(),
    };
    const poison = h.broker.envelope(Events.SpiffCreated, spiff);
    h.broker.publish(poison);
    await eventually(() => scrape(h), (s) => sampleTotal(s, 'spiffworks_messages_dead_lettered_total', { queue }) === 1, { timeoutMs: 30_000 });
    // The counter moves in memory after the filing commits; the waiting gauge is read from the
    // database, and the scrape that sees the counter may share a read begun before that commit.
    const after = await eventually(() => scrape(h), (s) => sampleTotal(s, 'spiffworks_dead_letters_waiting') === 1, { timeoutMs: 10_000 });
    expect(sampleTotal(after, 'spiffworks_messages_dead_lettered_total', { queue })).toBe(1);
    expect(sampleTotal(after, 'spiffworks_dead_letters_waiting')).toBe(1);
    expect(sampleTotal(after, 'spiffworks_messages_failed_total', { queue })).toBeGreaterThanOrEqual(DELIVERY_LIMIT);
    expect(sampleTotal(after, 'spiffworks_event_handling_duration_seconds_count', { queue, event_type: Events.SpiffCreated, outcome: 'nacked' }))
      .toBeGreaterThanOrEqual(DELIVERY_LIMIT);
    // Never handled, so no lag for it.
    expect(sampleTotal(after, 'spiffworks_event_lag_seconds_count', { queue, event_type: Events.SpiffCreated })).toBe(0);
  });

  it('shows the database pool: its size, connections in use and idle, and callers waiting when it is exhausted', async () => {
    const max = h.config.DATABASE_POOL_SIZE;
    const pool = (s: MetricSample[]) => ({
      inUse: sampleTotal(s, 'spiffworks_db_pool_connections', { state: 'in_use' }),
      idle: sampleTotal(s, 'spiffworks_db_pool_connections', { state: 'idle' }),
      waiting: sampleTotal(s, 'spiffworks_db_pool_waiting'),
      max: sampleTotal(s, 'spiffworks_db_pool_max'),
    });
    const calm = pool(await scrape(h));
    expect(calm.max).toBe(max);
    expect(calm.inUse + calm.idle).toBeLessThanOrEqual(max);
    expect(calm.idle).toBeGreaterThanOrEqual(0);

    // Hold every connection, then ask for one more: the pool is exhausted and a caller waits.
    const dataSource = h.get(DataSource);
    const held: QueryRunner[] = [];
    let waiter: Promise<unknown> | undefined;
    try {
      for (let i = 0; i < max; i++) {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        held.push(runner);
      }
      waiter = dataSource.query('SELECT 1');
      // The scrape still answers (its own query gives up waiting), with the pool as it found it.
      const exhausted = pool(await scrape(h));
      expect(exhausted).toMatchObject({ inUse: max, idle: 0, max });
      expect(exhausted.waiting).toBeGreaterThanOrEqual(1);
    } finally {
      for (const runner of held) await runner.release();
    }
    await waiter;
    const freed = await eventually(() => scrape(h), (s) => pool(s).waiting === 0);
    expect(pool(freed).inUse).toBeLessThan(max);
  });
});

describe('outbox gauges (real PostgreSQL, no relay running)', () => {
  let h: ServiceHarness;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register });
  });

  afterAll(() => h?.close());

  it('show the rows not yet published and the age of the oldest, and come back to 0 once they are sent', async () => {
    const empty = await scrape(h);
    expect(sampleTotal(empty, 'spiffworks_outbox_backlog')).toBe(0);
    expect(sampleTotal(empty, 'spiffworks_outbox_oldest_unsent_age_seconds')).toBe(0);

    await h.get(Transactions).run(async (tx) => {
      for (let n = 0; n < 3; n++) tx.publish(Events.AssignmentsCreated, { spiff_id: null, assignments: [] });
    });
    // The oldest of them has waited 90 s (a broker outage, say).
    await h.db.query(`UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE id = (SELECT id FROM outbox ORDER BY ctid LIMIT 1)`);
    const waiting = await scrape(h);
    expect(sampleTotal(waiting, 'spiffworks_outbox_backlog')).toBe(3);
    const age = sampleTotal(waiting, 'spiffworks_outbox_oldest_unsent_age_seconds');
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(90 + 30);

    await h.db.query('UPDATE outbox SET published_at = now()');
    const sent = await scrape(h);
    expect(sampleTotal(sent, 'spiffworks_outbox_backlog')).toBe(0);
    expect(sampleTotal(sent, 'spiffworks_outbox_oldest_unsent_age_seconds')).toBe(0);
  });
});

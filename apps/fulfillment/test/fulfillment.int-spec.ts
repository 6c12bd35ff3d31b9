import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ErrorCode, Events, Rpc } from '@spiffworks/contracts';
import { DELIVERY_LIMIT } from '@spiffworks/messaging';
import type { AssignmentsCreatedPayload, EventEnvelope, Opportunity, PartnerSnapshot, PartnerTier, ProductSnapshot, SpiffSnapshot } from '@spiffworks/contracts';
import { countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { FulfillmentAppModule } from '../src/fulfillment-app.module';

const ADMIN_ID = '00000000-0000-4000-8000-0000000000aa';

describe('fulfillment service (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;
  let rpc: TestRpcClient;
  const laptop: ProductSnapshot = { id: randomUUID(), name: 'Test Laptop Pro', sku: 'LAP-1', commission_rate: 10, commission_rates: { gold: 12, platinum: 15 } };

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, broker: true });
    ({ broker, db, rpc } = h);
    await broker.listen([Events.AssignmentsCreated]);
    broker.publish(broker.envelope(Events.ProductCreated, laptop));
    await eventually(() => countRows(db, 'SELECT count(*) FROM catalog_products'), (n) => n === 1);
  });

  afterAll(() => h?.close());

  function partner(tier: PartnerTier, status: PartnerSnapshot['status'] = 'approved', version = 1): PartnerSnapshot {
    const id = randomUUID();
    return { id, name: `Partner ${id.slice(0, 8)}`, tier, status, contact_email: `${id}@example.com`, version };
  }

  function spiff(change: Partial<SpiffSnapshot>): SpiffSnapshot {
    return {
      id: randomUUID(), name: 'Q4 Laptop Promotion', description: null, target_products: [laptop.id], assignment_type: 'tier',
      target_tiers: ['gold', 'platinum'], target_partners: [], incentive_amount: 100, incentive_type: 'fixed',
      start_date: '2025-01-01', end_date: '2025-03-31', status: 'active', cancelled_on: null, milestones: [], created_by: ADMIN_ID, ...change,
    };
  }

  async function registerPartners(partners: PartnerSnapshot[]): Promise<void> {
    for (const p of partners) broker.publish(broker.envelope(Events.PartnerApproved, p));
    const ids = partners.map((p) => p.id);
    await eventually(() => countRows(db, 'SELECT count(*) FROM partner_directory WHERE id = ANY($1)', [ids]), (n) => n === ids.length);
  }

  const assignedPartners = async (spiffId: string): Promise<string[]> =>
    (await db.query<{ partner_id: string }>('SELECT partner_id FROM assignments WHERE spiff_id = $1', [spiffId])).rows.map((r) => r.partner_id);

  const processed = (envelope: EventEnvelope): Promise<number> => countRows(db, 'SELECT count(*) FROM inbox WHERE id = $1', [envelope.id]);

  it('assigns every approved partner of the targeted tiers, and nobody else', async () => {
    const gold = partner('gold');
    const platinum = partner('platinum');
    const silver = partner('silver');
    const pendingGold = partner('gold', 'pending');
    await registerPartners([gold, platinum, silver, pendingGold]);
    const created = broker.envelope(Events.SpiffCreated, spiff({}));
    broker.publish(created);
    await eventually(() => processed(created), (n) => n === 1);

    const assigned = await assignedPartners(created.payload.id);
    expect(assigned).toEqual(expect.arrayContaining([gold.id, platinum.id]));
    expect(assigned).not.toContain(silver.id);
    expect(assigned).not.toContain(pendingGold.id);

    const row = (await db.query('SELECT * FROM assignments WHERE spiff_id = $1 AND partner_id = $2', [created.payload.id, gold.id])).rows[0];
    expect(row).toMatchObject({
      assignment_type: 'spiff', status: 'active', start_date: '2025-01-01', end_date: '2025-03-31',
      assigned_by: ADMIN_ID, product_ids: [laptop.id],
    });
  });

  it('an individual spiff reaches exactly the listed approved partners', async () => {
    const [listed, alsoListed, listedPending, unlisted] = [partner('bronze'), partner('gold'), partner('gold', 'pending'), partner('gold')];
    await registerPartners([listed, alsoListed, listedPending, unlisted]);
    const created = broker.envelope(Events.SpiffCreated, spiff({
      assignment_type: 'individual', target_tiers: [], target_partners: [listed.id, alsoListed.id, listedPending.id],
    }));
    broker.publish(created);
    await eventually(() => processed(created), (n) => n === 1);
    expect((await assignedPartners(created.payload.id)).sort()).toEqual([listed.id, alsoListed.id].sort());
  });

  it('a redelivered spiff.created creates nothing new and is counted as a redelivery', async () => {
    await registerPartners([partner('platinum')]);
    const created = broker.envelope(Events.SpiffCreated, spiff({}));
    broker.publish(created);
    await eventually(() => processed(created), (n) => n === 1);
    const before = await countRows(db, 'SELECT count(*) FROM assignments');

    broker.publish(created);
    await eventually(() => countRows(db, 'SELECT redeliveries AS count FROM inbox WHERE id = $1', [created.id]), (n) => n === 1);
    expect(await countRows(db, 'SELECT count(*) FROM assignments')).toBe(before);
  });

  it('fans out to 1,500 partners in one set and announces them in chunks of 1,000', async () => {
    const many = Array.from({ length: 1500 }, () => partner('gold'));
    await db.query(
      `INSERT INTO partner_directory (id, name, tier, status, version)
       SELECT id, 'bulk', 'gold', 'approved', 1 FROM unnest($1::uuid[]) AS id`,
      [many.map((p) => p.id)],
    );
    const created = broker.envelope(Events.SpiffCreated, spiff({ target_tiers: ['gold'] }));
    broker.publish(created);
    await eventually(() => processed(created), (n) => n === 1);
    const assigned = await assignedPartners(created.payload.id);
    expect(assigned).toEqual(expect.arrayContaining(many.map((p) => p.id)));

    const announced = await eventually(
      async () => broker.eventsOf<AssignmentsCreatedPayload>(Events.AssignmentsCreated).filter((e) => e.payload.spiff_id === created.payload.id),
      (events) => events.reduce((n, e) => n + e.payload.assignments.length, 0) === assigned.length,
    );
    expect(announced.every((e) => e.payload.assignments.length <= 1000)).toBe(true);
    expect(announced.length).toBe(Math.ceil(assigned.length / 1000));
  });

  it('a partner approved later, or moved into a targeted tier, joins the running spiff', async () => {
    const created = broker.envelope(Events.SpiffCreated, spiff({ target_tiers: ['platinum'], end_date: '2999-12-31' }));
    broker.publish(created);
    await eventually(() => processed(created), (n) => n === 1);

    const late = partner('platinum', 'pending');
    await registerPartners([late]);
    expect(await assignedPartners(created.payload.id)).not.toContain(late.id);
    broker.publish(broker.envelope(Events.PartnerApproved, { ...late, status: 'approved', version: 2 }));
    await eventually(() => assignedPartners(created.payload.id), (ids) => ids.includes(late.id));

    const promoted = partner('gold');
    await registerPartners([promoted]);
    broker.publish(broker.envelope(Events.PartnerUpdated, { ...promoted, tier: 'platinum', version: 2 }));
    await eventually(() => assignedPartners(created.payload.id), (ids) => ids.includes(promoted.id));
  });

  it('ignores a partner snapshot older than the one it has', async () => {
    const p = partner('gold', 'approved', 3);
    await registerPartners([p]);
    const stale = broker.envelope(Events.PartnerUpdated, { ...p, tier: 'silver' as const, version: 2 });
    broker.publish(stale);
    await eventually(() => processed(stale), (n) => n === 1);
    const { rows } = await db.query('SELECT tier, version FROM partner_directory WHERE id = $1', [p.id]);
    expect(rows[0]).toEqual({ tier: 'gold', version: 3 });
  });

  it('answers a partner\'s opportunities with the spiff terms and the rate for its tier', async () => {
    const platinum = partner('platinum');
    await registerPartners([platinum]);
    const created = broker.envelope(Events.SpiffCreated, spiff({}));
    broker.publish(created);
    await eventually(() => processed(created), (n) => n === 1);

    const { opportunities } = await rpc.call<{ opportunities: Opportunity[] }>(Rpc.fulfillment.MyOpportunities, {}, {
      user_id: randomUUID(), role: 'partner', partner_id: platinum.id,
    });
    const mine = opportunities.find((o) => o.spiff?.id === created.payload.id);
    expect(mine).toMatchObject({
      spiff: { name: 'Q4 Laptop Promotion', incentive_amount: 100, incentive_type: 'fixed' },
      products: [{ id: laptop.id, name: 'Test Laptop Pro', commission_rate: 15 }],
      target_quantity: null,
      actual_quantity: 0,
      status: 'active',
    });
    const otherPartners = await db.query('SELECT DISTINCT partner_id FROM assignments WHERE id = ANY($1)', [opportunities.map((o) => o.assignment_id)]);
    expect(otherPartners.rows).toEqual([{ partner_id: platinum.id }]);
  });

  it('rejects a manual assignment naming unknown partners or products with 400, storing nothing', async () => {
    const before = await countRows(db, 'SELECT count(*) FROM assignments');
    const unknown = randomUUID();
    await expect(
      rpc.call(Rpc.fulfillment.CreateAssignment, {
        partner_id: unknown, product_ids: [laptop.id, unknown], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-03-31',
      }),
    ).rejects.toMatchObject({
      error: { status: 400, code: ErrorCode.VALIDATION_FAILED, errors: expect.arrayContaining([{ field: 'partner_id', reason: `names an unknown partner: ${unknown}` }]) },
    });
    expect(await countRows(db, 'SELECT count(*) FROM assignments')).toBe(before);
  });

  it('moves a message that keeps failing to the dead-letter queue once the broker\'s delivery limit is spent', async () => {
    const poison = broker.envelope(Events.SpiffCreated, { ...spiff({}), start_date: 'not-a-date' });
    broker.publish(poison);
    // The broker dead-letters it past the delivery limit; the service files it with its error.
    const [filed] = await eventually(
      () => db.query('SELECT id, event_type, attempts, last_error, content FROM delivery_failures WHERE dead_lettered_at IS NOT NULL').then((r) => r.rows),
      (rows) => rows.length === 1,
      { timeoutMs: 30_000 },
    );
    expect(await processed(poison)).toBe(0);
    expect(filed).toMatchObject({ id: poison.id, event_type: Events.SpiffCreated, last_error: expect.stringContaining('not-a-date') });
    expect(filed.attempts).toBeGreaterThanOrEqual(DELIVERY_LIMIT);
    expect(JSON.parse(filed.content).data.id).toBe(poison.id);
    expect(await broker.messageCount(broker.topology.deadLetterQueue('fulfillment'))).toBe(0);
  });
});

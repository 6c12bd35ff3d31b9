import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Events, Rpc } from '@spiffworks/contracts';
import type { AssignmentView, EventEnvelope, PartnerSnapshot, PartnerTier, ProductSnapshot, SpiffSnapshot } from '@spiffworks/contracts';
import { countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { FulfillmentAppModule } from '../src/fulfillment-app.module';

const ADMIN_ID = '00000000-0000-4000-8000-0000000000aa';

/** A spiff's update moves the assignments its fan-out created, never an admin's linked to it. */
describe('fulfillment: spiff changes and assignments made by hand (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;
  let rpc: TestRpcClient;
  const product = (name: string): ProductSnapshot => ({ id: randomUUID(), name, sku: name, commission_rate: 10, commission_rates: {} });
  const laptop = product('laptop');
  const monitor = product('monitor');

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, broker: true });
    ({ broker, db, rpc } = h);
    for (const p of [laptop, monitor]) broker.publish(broker.envelope(Events.ProductCreated, p));
    await eventually(() => countRows(db, 'SELECT count(*) FROM catalog_products'), (n) => n === 2);
  });

  afterAll(() => h?.close());

  function partner(tier: PartnerTier): PartnerSnapshot {
    const id = randomUUID();
    return { id, name: `Partner ${id.slice(0, 8)}`, tier, status: 'approved', contact_email: `${id}@example.com`, version: 1 };
  }

  const apply = (envelope: EventEnvelope): Promise<void> => h.apply(envelope);

  const assignmentsOf = async (spiffId: string): Promise<Record<string, { end_date: string; product_ids: string[] }>> => {
    const { rows } = await db.query<{ partner_id: string; end_date: string; product_ids: string[] }>(
      'SELECT partner_id, end_date::text AS end_date, product_ids::text[] AS product_ids FROM assignments WHERE spiff_id = $1', [spiffId]);
    return Object.fromEntries(rows.map((r) => [r.partner_id, { end_date: r.end_date, product_ids: [...r.product_ids].sort() }]));
  };

  it('extending and widening a spiff moves its own assignments and leaves a manual one linked to it as the admin made it', async () => {
    const gold = partner('gold');
    const silver = partner('silver');
    const lateSilver = partner('silver');
    for (const p of [gold, silver, lateSilver]) await apply(broker.envelope(Events.PartnerApproved, p));
    const terms: SpiffSnapshot = {
      id: randomUUID(), name: 'Q1 Laptops', description: null, target_products: [laptop.id], assignment_type: 'tier',
      target_tiers: ['gold'], target_partners: [], incentive_amount: 100, incentive_type: 'fixed',
      start_date: '2025-01-01', end_date: '2025-03-31', status: 'active', cancelled_on: null, milestones: [], created_by: ADMIN_ID,
    };
    await apply(broker.envelope(Events.SpiffCreated, terms));

    // the seed's Step 2: an admin links the silver partner to the spiff by hand, for a shorter period
    const manual = await rpc.call<AssignmentView>(Rpc.fulfillment.CreateAssignment, {
      partner_id: silver.id, spiff_id: terms.id, product_ids: [laptop.id], assignment_type: 'spiff',
      start_date: '2025-01-01', end_date: '2025-02-15', target_quantity: 50,
    }, { user_id: ADMIN_ID, role: 'admin', partner_id: null });
    expect(manual).toMatchObject({ spiff_id: terms.id, assignment_type: 'spiff', end_date: '2025-02-15' });

    // extended to June, a monitor added, and silver now targeted too
    await apply(broker.envelope(Events.SpiffUpdated, {
      ...terms, end_date: '2025-06-30', target_products: [laptop.id, monitor.id], target_tiers: ['gold', 'silver'],
    }));

    const widened = [laptop.id, monitor.id].sort();
    expect(await assignmentsOf(terms.id)).toEqual({
      [gold.id]: { end_date: '2025-06-30', product_ids: widened }, // the fan-out's: moved
      [silver.id]: { end_date: '2025-02-15', product_ids: [laptop.id] }, // the admin's: untouched, not replaced
      [lateSilver.id]: { end_date: '2025-06-30', product_ids: widened }, // newly targeted: assigned at once
    });
    const { rows } = await db.query('SELECT target_quantity, assigned_by, origin FROM assignments WHERE id = $1', [manual.id]);
    expect(rows[0]).toEqual({ target_quantity: 50, assigned_by: ADMIN_ID, origin: 'manual' });
  });

  it('during a rolling update, a fan-out assignment a previous-release replica inserted (no origin) is still moved by an extension; a manual one is not', async () => {
    const early = partner('platinum');
    await apply(broker.envelope(Events.PartnerApproved, early));
    const terms: SpiffSnapshot = {
      id: randomUUID(), name: 'Rolling Laptops', description: null, target_products: [laptop.id], assignment_type: 'tier',
      target_tiers: ['platinum'], target_partners: [], incentive_amount: 50, incentive_type: 'fixed',
      start_date: '2025-01-01', end_date: '2025-03-31', status: 'active', cancelled_on: null, milestones: [], created_by: ADMIN_ID,
    };
    await apply(broker.envelope(Events.SpiffCreated, terms));

    // The previous release's INSERTs, which do not name origin: its fan-out for a partner approved
    // later (the spiff's shape) and an admin's linked assignment (a target, a shorter period).
    const late = partner('platinum');
    const handMade = partner('silver');
    const oldFanOut = randomUUID();
    const oldManual = randomUUID();
    await db.query(
      `INSERT INTO assignments (id, partner_id, spiff_id, product_ids, assignment_type, start_date, end_date, status, assigned_by, milestones)
       VALUES ($1, $2, $3, $4, 'spiff', '2025-01-01', '2025-03-31', 'active', $5, '[]')`,
      [oldFanOut, late.id, terms.id, [laptop.id], ADMIN_ID],
    );
    await db.query(
      `INSERT INTO assignments (id, partner_id, spiff_id, product_ids, assignment_type, start_date, end_date, status, assigned_by, milestones, target_quantity)
       VALUES ($1, $2, $3, $4, 'spiff', '2025-01-01', '2025-02-15', 'active', $5, '[]', 20)`,
      [oldManual, handMade.id, terms.id, [laptop.id], ADMIN_ID],
    );
    const origins = async (): Promise<Record<string, string | null>> => {
      const { rows } = await db.query<{ id: string; origin: string | null }>('SELECT id, origin FROM assignments WHERE id = ANY ($1)', [[oldFanOut, oldManual]]);
      return Object.fromEntries(rows.map((r) => [r.id, r.origin]));
    };
    expect(await origins()).toEqual({ [oldFanOut]: null, [oldManual]: null });
    // The old replica consumed the late partner's approval (this one finds its assignment there).
    await apply(broker.envelope(Events.PartnerApproved, late));
    await apply(broker.envelope(Events.PartnerApproved, handMade));

    await apply(broker.envelope(Events.SpiffUpdated, { ...terms, end_date: '2025-06-30', target_products: [laptop.id, monitor.id] }));

    const widened = [laptop.id, monitor.id].sort();
    expect(await assignmentsOf(terms.id)).toEqual({
      [early.id]: { end_date: '2025-06-30', product_ids: widened }, // this release's fan-out
      [late.id]: { end_date: '2025-06-30', product_ids: widened }, // the previous release's fan-out: moved too
      [handMade.id]: { end_date: '2025-02-15', product_ids: [laptop.id] }, // the previous release's manual one: untouched
    });
    expect(await origins()).toEqual({ [oldFanOut]: 'spiff', [oldManual]: 'manual' });
  });
});

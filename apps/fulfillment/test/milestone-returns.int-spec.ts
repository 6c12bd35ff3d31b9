import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Events, Rpc } from '@spiffworks/contracts';
import type {
  Actor, AssignmentView, MilestoneAchievedPayload, MilestoneProgressView, MilestoneReversedPayload, PartnerSnapshot, ProductSnapshot, SaleView,
} from '@spiffworks/contracts';
import { countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { FulfillmentAppModule } from '../src/fulfillment-app.module';

/** A milestone follows returns: un-reached by a return it is reversed, reached again it is achieved again. */
describe('fulfillment: milestones follow returns (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;
  let rpc: TestRpcClient;
  const laptop: ProductSnapshot = { id: randomUUID(), name: 'Laptop', sku: 'MR-LAP', commission_rate: 10, commission_rates: {} };

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, broker: true });
    ({ broker, db, rpc } = h);
    await broker.listen([Events.MilestoneAchieved, Events.MilestoneReversed]);
    broker.publish(broker.envelope(Events.ProductCreated, laptop, 'campaigns'));
    await eventually(() => countRows(db, 'SELECT count(*) FROM catalog_products WHERE id = $1', [laptop.id]), (n) => n === 1);
  });

  afterAll(() => h?.close());

  async function partnerWithMilestone(): Promise<{ actor: Actor; assignment: AssignmentView }> {
    const partner: PartnerSnapshot = { id: randomUUID(), name: 'Returns Ltd.', tier: 'silver', status: 'approved', contact_email: `${randomUUID()}@example.com`, version: 1 };
    broker.publish(broker.envelope(Events.PartnerApproved, partner, 'partners'));
    await eventually(() => countRows(db, 'SELECT count(*) FROM partner_directory WHERE id = $1', [partner.id]), (n) => n === 1);
    const assignment = await rpc.call<AssignmentView>(Rpc.fulfillment.CreateAssignment, {
      partner_id: partner.id, product_ids: [laptop.id], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
      milestones: [{ name: '2 units', metric: 'units', threshold: 2, reward_amount: 500 }, { name: '$250', metric: 'revenue', threshold: 250, reward_amount: 20 }],
    });
    return { actor: { user_id: randomUUID(), role: 'partner', partner_id: partner.id }, assignment };
  }

  const sell = (actor: Actor, quantity: number): Promise<SaleView> => rpc.call<SaleView>(Rpc.fulfillment.LogSale, {
    partner_id: actor.partner_id, product_id: laptop.id, quantity, unit_price: 100, sale_date: '2025-06-01',
  }, actor);
  const giveBack = (actor: Actor, saleId: string, quantity: number) => rpc.call(Rpc.fulfillment.ReturnSale, { sale_id: saleId, quantity, reason: 'returned' }, actor);
  const progress = async (actor: Actor): Promise<Record<string, MilestoneProgressView>> =>
    Object.fromEntries((await rpc.call<{ milestones: MilestoneProgressView[] }>(Rpc.fulfillment.MyProgress, {}, actor)).milestones.map((m) => [m.milestone, m]));
  const eventsFor = <P extends { assignment_id: string }>(type: typeof Events.MilestoneAchieved | typeof Events.MilestoneReversed, assignmentId: string) =>
    broker.eventsOf<P>(type).filter((e) => e.payload.assignment_id === assignmentId).map((e) => e.payload);

  it('reverses each milestone a return takes the progress below, once, and achieves it again when reached again', async () => {
    const { actor, assignment } = await partnerWithMilestone();
    const first = await sell(actor, 3); // 3 units, $300: both reached
    expect(await progress(actor)).toMatchObject({ '2 units': { achieved: true }, $250: { achieved: true } });

    await giveBack(actor, first.id, 1); // 2 units, $200: the units still stand, the revenue does not
    expect(await progress(actor)).toMatchObject({ '2 units': { achieved: true, progress: 2 }, $250: { achieved: false, achieved_at: null, progress: 200 } });
    await giveBack(actor, first.id, 2); // 0 units, $0
    expect(await progress(actor)).toMatchObject({ '2 units': { achieved: false, progress: 0 }, $250: { achieved: false } });

    const achieved = await eventually(() => Promise.resolve(eventsFor<MilestoneAchievedPayload>(Events.MilestoneAchieved, assignment.id)), (e) => e.length === 2);
    const reversed = await eventually(() => Promise.resolve(eventsFor<MilestoneReversedPayload>(Events.MilestoneReversed, assignment.id)), (e) => e.length === 2);
    const returns = (await db.query<{ id: string; quantity: number }>('SELECT id, quantity FROM sale_returns WHERE sale_id = $1 ORDER BY created_at', [first.id])).rows;
    const achievementOf = (name: string) => achieved.find((a) => a.milestone === name) as MilestoneAchievedPayload;
    expect(reversed).toEqual(expect.arrayContaining([
      expect.objectContaining({
        achievement_id: achievementOf('$250').achievement_id, partner_id: actor.partner_id, metric: 'revenue', threshold: '250',
        reward_amount: '20.00', progress: '200.00', return_id: returns[0].id, sale_id: first.id,
      }),
      expect.objectContaining({
        achievement_id: achievementOf('2 units').achievement_id, metric: 'units', threshold: '2', reward_amount: '500.00', progress: '0', return_id: returns[1].id,
      }),
    ]));

    await sell(actor, 2); // 2 units, $200: the units again, not the revenue
    expect(await progress(actor)).toMatchObject({ '2 units': { achieved: true, progress: 2 }, $250: { achieved: false } });
    const again = await eventually(() => Promise.resolve(eventsFor<MilestoneAchievedPayload>(Events.MilestoneAchieved, assignment.id)), (e) => e.length === 3);
    expect(again[2]).toMatchObject({ milestone: '2 units' });
    expect(again[2].achievement_id).not.toBe(achievementOf('2 units').achievement_id);
    const rows = (await db.query('SELECT milestone_name, reversed_by_return_id FROM milestone_achievements WHERE assignment_id = $1 ORDER BY achieved_at, milestone_name', [assignment.id])).rows;
    expect(rows).toEqual(expect.arrayContaining([
      { milestone_name: '2 units', reversed_by_return_id: returns[1].id },
      { milestone_name: '$250', reversed_by_return_id: returns[0].id },
      { milestone_name: '2 units', reversed_by_return_id: null },
    ]));
    expect(rows).toHaveLength(3);
  });
});

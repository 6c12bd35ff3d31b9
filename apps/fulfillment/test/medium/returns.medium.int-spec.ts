import { ErrorCode, Events } from '@spiffworks/contracts';
import type { Actor, CreateAssignmentCommand, EventEnvelope, MilestoneProgressView, PartnerSnapshot, ProductSnapshot } from '@spiffworks/contracts';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { AssignmentsService } from '../../src/assignments/assignments.service';
import { FulfillmentAppModule } from '../../src/fulfillment-app.module';
import { MilestonesService } from '../../src/milestones/milestones.service';
import { CommissionsClient } from '../../src/sales/commissions.client';
import { SaleReturnsService } from '../../src/sales/sale-returns.service';
import { SalesService } from '../../src/sales/sales.service';
import { LedgerAnswers, approvedPartner, asPartner, catalogProduct } from './fulfillment-inputs';

/** Returns take units back from a sale and from the progress it counted toward; milestones follow. */
describe('fulfillment: returns and the milestones they reverse (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let product: ProductSnapshot;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, standIns: [{ provide: CommissionsClient, useValue: new LedgerAnswers() }] });
    product = await catalogProduct(h, 'Laptop');
  });
  afterAll(() => h?.close());

  async function sellerWithAssignment(milestones: CreateAssignmentCommand['milestones'] = []): Promise<{ partner: PartnerSnapshot; actor: Actor; assignmentId: string }> {
    const partner = await approvedPartner(h, 'silver');
    const assignment = await h.get(AssignmentsService).create({
      partner_id: partner.id, product_ids: [product.id], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31', milestones,
    }, TEST_ADMIN);
    await h.newEvents();
    return { partner, actor: asPartner(partner), assignmentId: assignment.id };
  }

  const sell = (actor: Actor, quantity: number, unitPrice: number) => h.get(SalesService).log({
    partner_id: actor.partner_id as string, product_id: product.id, quantity, unit_price: unitPrice, sale_date: '2025-06-01',
  }, actor);
  const giveBack = (actor: Actor, saleId: string, quantity: number) => h.get(SaleReturnsService).returnSale({ sale_id: saleId, quantity, reason: 'changed their mind' }, actor);
  const progressOf = async (assignmentId: string) =>
    (await h.rows('SELECT actual_quantity::text AS units, actual_revenue::text AS revenue FROM assignments WHERE id = $1', [assignmentId]))[0];
  /** The events since the last look, as type and what matters of each. */
  const written = async (): Promise<Array<[string, Record<string, unknown>]>> => (await h.newEvents()).map((e: EventEnvelope) => [e.type, e.payload as Record<string, unknown>]);

  it('takes a sale back in parts, each return counted from the ones before, never more than was sold', async () => {
    const { actor, assignmentId } = await sellerWithAssignment();
    const sale = await sell(actor, 3, 333.33); // 999.99
    await h.newEvents();

    const first = await giveBack(actor, sale.id, 1);
    expect(first).toMatchObject({ sale_id: sale.id, quantity: 1, revenue_returned: 333.33, reason: 'changed their mind' });
    const rest = await giveBack(actor, sale.id, 2);
    expect(rest).toMatchObject({ quantity: 2, revenue_returned: 666.66 });
    expect(await written()).toEqual([
      [Events.SaleReturned, {
        return_id: first.id, sale_id: sale.id, partner_id: actor.partner_id, product_id: product.id, sale_date: '2025-06-01',
        sold_quantity: 3, returned_before: 0, quantity: 1, revenue_returned: '333.33', reason: 'changed their mind', returned_at: first.created_at,
      }],
      [Events.SaleReturned, expect.objectContaining({ return_id: rest.id, sold_quantity: 3, returned_before: 1, quantity: 2, revenue_returned: '666.66' })],
    ]);

    expect(await refusalOf(giveBack(actor, sale.id, 1))).toMatchObject({
      status: 422, code: ErrorCode.RETURN_EXCEEDS_SOLD, message: 'cannot return 1 units: 0 of the 3 sold remain',
    });
    // Another partner's sale answers like a missing one.
    const stranger = await sellerWithAssignment();
    expect(await refusalOf(giveBack(stranger.actor, sale.id, 1))).toMatchObject({ status: 404, code: ErrorCode.SALE_NOT_FOUND });
    expect(await written()).toEqual([]);

    expect(await h.rows('SELECT returned_quantity FROM sales WHERE id = $1', [sale.id])).toEqual([{ returned_quantity: 3 }]);
    expect(await h.rows('SELECT sum(quantity)::int AS units, sum(revenue_returned)::text AS revenue FROM sale_returns WHERE sale_id = $1', [sale.id]))
      .toEqual([{ units: 3, revenue: '999.99' }]);
    expect(await progressOf(assignmentId)).toEqual({ units: '0', revenue: '0.00' });
  });

  it('a milestone reached is reversed by the return that takes progress below it, after the return is announced, and reached again is a new achievement', async () => {
    const { actor, assignmentId } = await sellerWithAssignment([
      { name: '2 units', metric: 'units', threshold: 2, reward_amount: 500 },
      { name: '$250', metric: 'revenue', threshold: 250, reward_amount: 20 },
    ]);
    const progress = async (): Promise<Record<string, Pick<MilestoneProgressView, 'achieved' | 'progress'>>> =>
      Object.fromEntries((await h.get(MilestonesService).myProgress(actor)).milestones.map((m) => [m.milestone, { achieved: m.achieved, progress: m.progress }]));
    const milestone = { partner_id: actor.partner_id, assignment_id: assignmentId, spiff_id: null };

    const sale = await sell(actor, 3, 100); // 3 units, $300: both reached
    const reached = await written();
    expect(reached.map(([type]) => type).sort()).toEqual([Events.MilestoneAchieved, Events.MilestoneAchieved, Events.SaleLogged]);
    const achieved = Object.fromEntries(reached.filter(([type]) => type === Events.MilestoneAchieved).map(([, p]) => [p.milestone as string, p]));
    expect(achieved).toEqual({
      '2 units': { ...milestone, achievement_id: expect.any(String), milestone: '2 units', metric: 'units', threshold: '2', reward_amount: '500.00', achieved_at: expect.any(String) },
      $250: { ...milestone, achievement_id: expect.any(String), milestone: '$250', metric: 'revenue', threshold: '250', reward_amount: '20.00', achieved_at: expect.any(String) },
    });

    const one = await giveBack(actor, sale.id, 1); // 2 units, $200: the units still stand, the revenue does not
    expect(await written()).toEqual([
      [Events.SaleReturned, expect.objectContaining({ return_id: one.id, quantity: 1, revenue_returned: '100.00' })],
      [Events.MilestoneReversed, {
        ...milestone, achievement_id: achieved.$250.achievement_id, milestone: '$250', metric: 'revenue', threshold: '250', reward_amount: '20.00',
        progress: '200.00', return_id: one.id, sale_id: sale.id, reversed_at: expect.any(String),
      }],
    ]);
    expect(await progress()).toEqual({ '2 units': { achieved: true, progress: 2 }, $250: { achieved: false, progress: 200 } });

    const two = await giveBack(actor, sale.id, 2); // 0 units, $0
    expect(await written()).toEqual([
      [Events.SaleReturned, expect.objectContaining({ return_id: two.id, returned_before: 1, quantity: 2 })],
      [Events.MilestoneReversed, expect.objectContaining({ achievement_id: achieved['2 units'].achievement_id, progress: '0', reward_amount: '500.00', return_id: two.id })],
    ]);

    await sell(actor, 2, 100); // 2 units, $200: the units again, not the revenue
    const again = (await written()).filter(([type]) => type === Events.MilestoneAchieved).map(([, p]) => p);
    expect(again).toEqual([expect.objectContaining({ milestone: '2 units', reward_amount: '500.00' })]);
    expect(again[0].achievement_id).not.toBe(achieved['2 units'].achievement_id);
    expect(await progress()).toEqual({ '2 units': { achieved: true, progress: 2 }, $250: { achieved: false, progress: 200 } });
    expect(await h.rows('SELECT milestone_name, reversed_by_return_id FROM milestone_achievements WHERE assignment_id = $1 ORDER BY achieved_at, milestone_name COLLATE "C"', [assignmentId]))
      .toEqual([
        { milestone_name: '$250', reversed_by_return_id: one.id },
        { milestone_name: '2 units', reversed_by_return_id: two.id },
        { milestone_name: '2 units', reversed_by_return_id: null },
      ]);
  });
});

import { randomUUID } from 'node:crypto';
import { ErrorCode, Events } from '@spiffworks/contracts';
import type { CommissionChangedPayload, CommissionView, EventEnvelope, SaleLoggedPayload } from '@spiffworks/contracts';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { CommissionsAppModule } from '../../src/commissions-app.module';
import { CommissionReview } from '../../src/ledger/commission-review.service';
import { achievement, linesOf, netCents, receive, returnOf, reversalOf, saleFacts } from './ledger-inputs';

/** Lines move pending → approved → paid, or rejected; a rejection carries to what took back from the line. */
describe('commission ledger: the lifecycle and rejections (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let review: CommissionReview;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'commissions', module: CommissionsAppModule.register });
    review = h.get(CommissionReview);
  });
  afterAll(() => h?.close());
  beforeEach(() => h.newEvents());

  const approve = (...ids: string[]) => review.transition(ids, 'approve', TEST_ADMIN, {});
  const pay = (id: string, reference: string) => review.transition([id], 'pay', TEST_ADMIN, { payout_reference: reference });
  const reject = (id: string, reason: string) => review.transition([id], 'reject', TEST_ADMIN, { reason });
  /** Each event written since the last look, as type, kind, status (from which), and total. */
  const changes = async (): Promise<string[]> => (await h.newEvents()).map((e: EventEnvelope) => {
    const line = e.payload as CommissionChangedPayload;
    return `${e.type} ${line.kind} ${line.previous_status ?? '∅'}→${line.status} ${line.total_commission}`;
  });

  async function bookedSale(partnerId: string, quantity: number): Promise<{ sale: SaleLoggedPayload; line: CommissionView }> {
    const sale = saleFacts(partnerId, quantity, '500.00', '12'); // 60.00 a unit
    await receive(h, h.envelope(Events.SaleLogged, sale, 'fulfillment'));
    const line = (await linesOf(h, partnerId)).find((l) => l.sale_id === sale.sale_id && l.kind === 'sale') as CommissionView;
    return { sale, line };
  }

  async function clawbackOf(partnerId: string, returned: ReturnType<typeof returnOf>): Promise<CommissionView> {
    await receive(h, h.envelope(Events.SaleReturned, returned, 'fulfillment'));
    return (await linesOf(h, partnerId)).find((l) => l.return_id === returned.return_id) as CommissionView;
  }

  it('approves, then pays with its reference; every other move is 409 and changes nothing; each move is kept with who and why', async () => {
    const { line } = await bookedSale(randomUUID(), 2);
    await h.newEvents();

    expect(await approve(line.id)).toMatchObject([{ id: line.id, status: 'approved', total_commission: 120 }]);
    expect(await pay(line.id, 'PAYOUT-2025-001')).toMatchObject([{ status: 'paid', payout_reference: 'PAYOUT-2025-001' }]);
    expect(await changes()).toEqual(['commission.approved sale pending→approved 120.00', 'commission.paid sale approved→paid 120.00']);

    for (const action of ['approve', 'pay', 'reject'] as const) {
      expect(await refusalOf(review.transition([line.id], action, TEST_ADMIN, { payout_reference: 'AGAIN' }))).toMatchObject({
        status: 409, code: ErrorCode.COMMISSION_STATUS_CONFLICT, message: expect.stringContaining('it is paid'),
      });
    }
    expect(await refusalOf(approve(randomUUID()))).toMatchObject({ status: 404, code: ErrorCode.COMMISSION_NOT_FOUND });
    expect(await changes()).toEqual([]);
    const { history, payout_reference } = await review.get(line.id);
    expect(payout_reference).toBe('PAYOUT-2025-001');
    expect(history.map((c) => [c.from_status, c.to_status, c.changed_by])).toEqual([
      [null, 'pending', null], ['pending', 'approved', TEST_ADMIN.user_id], ['approved', 'paid', TEST_ADMIN.user_id],
    ]);
  });

  it('rejecting a sale rejects its pending clawback and reverses its approved and paid ones: the partner nets exactly 0; a later return is booked rejected', async () => {
    const partnerId = randomUUID();
    const { sale, line } = await bookedSale(partnerId, 4); // 240.00
    const approved = await clawbackOf(partnerId, returnOf(sale, 1, 0));
    const paid = await clawbackOf(partnerId, returnOf(sale, 1, 1));
    const pending = await clawbackOf(partnerId, returnOf(sale, 1, 2));
    await approve(approved.id, paid.id);
    await pay(paid.id, 'PAYOUT-7');
    await h.newEvents();

    await reject(line.id, 'duplicate invoice');

    const lines = await linesOf(h, partnerId);
    const byId = (id: string) => lines.find((l) => l.id === id);
    expect(byId(line.id)).toMatchObject({ status: 'rejected', status_reason: 'duplicate invoice', total_commission: 240 });
    expect(byId(pending.id)).toMatchObject({ status: 'rejected', total_commission: -60 });
    expect(byId(approved.id)).toMatchObject({ status: 'approved', total_commission: -60 }); // never edited
    expect(byId(paid.id)).toMatchObject({ status: 'paid', total_commission: -60 });
    const reversals = lines.filter((l) => l.kind === 'clawback_reversal');
    expect(reversals.map((r) => r.trace.reversal?.reversed_line_id).sort()).toEqual([approved.id, paid.id].sort());
    for (const reversal of reversals) {
      expect(reversal).toMatchObject({ sale_id: sale.sale_id, revenue: 500, commission_amount: 60, total_commission: 60, status: 'pending' });
      expect(reversal.trace.reversal).toMatchObject({ rejected_line_id: line.id });
    }
    expect(netCents(lines)).toBe(0);
    expect((await changes()).sort()).toEqual([
      'commission.recorded clawback_reversal ∅→pending 60.00',
      'commission.recorded clawback_reversal ∅→pending 60.00',
      'commission.rejected clawback pending→rejected -60.00',
      'commission.rejected sale pending→rejected 240.00',
    ]);

    // The last unit comes back after the rejection: a clawback of a sale never owed is booked rejected.
    const late = await clawbackOf(partnerId, returnOf(sale, 1, 3));
    expect(late).toMatchObject({ status: 'rejected', total_commission: -60, status_reason: "the sale's commission was rejected" });
    expect(await changes()).toEqual(['commission.recorded clawback ∅→rejected -60.00']);
    expect(netCents(await linesOf(h, partnerId))).toBe(0);
    // What settles a clawback is its sale's rejection: never its own, nor a reversal's.
    for (const id of [approved.id, reversals[0].id]) {
      expect(await refusalOf(reject(id, 'goodwill'))).toMatchObject({ status: 409, code: ErrorCode.COMMISSION_STATUS_CONFLICT });
    }
    expect(await changes()).toEqual([]);
  });

  it('a reversed milestone takes its reward back; rejecting the reward rejects that pending clawback too: 0 net', async () => {
    const partnerId = randomUUID();
    const reached = achievement(partnerId, '75.50');
    await receive(h, h.envelope(Events.MilestoneAchieved, reached, 'fulfillment'));
    await receive(h, h.envelope(Events.MilestoneReversed, reversalOf(reached, '1'), 'fulfillment'));
    const [reward, clawback] = await linesOf(h, partnerId);
    expect(reward).toMatchObject({ kind: 'milestone_reward', milestone_achievement_id: reached.achievement_id, reward_amount: 75.5, total_commission: 75.5, status: 'pending' });
    expect(clawback).toMatchObject({ kind: 'reward_clawback', reward_amount: -75.5, total_commission: -75.5, status: 'pending', trace: { reward_clawback: { original_line_id: reward.id, progress: '1' } } });
    expect(await changes()).toEqual(['commission.recorded milestone_reward ∅→pending 75.50', 'commission.recorded reward_clawback ∅→pending -75.50']);

    await reject(reward.id, 'not earned');

    expect((await linesOf(h, partnerId)).map((l) => [l.kind, l.status])).toEqual([['milestone_reward', 'rejected'], ['reward_clawback', 'rejected']]);
    expect(await changes()).toEqual(['commission.rejected milestone_reward pending→rejected 75.50', 'commission.rejected reward_clawback pending→rejected -75.50']);
  });
});

import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Events, Rpc } from '@spiffworks/contracts';
import type {
  CommissionView, EventEnvelope, MilestoneAchievedPayload, MilestoneReversedPayload, Page, SaleLoggedPayload, SaleReturnedPayload,
} from '@spiffworks/contracts';
import { InboxBatcher } from '@spiffworks/messaging';
import { Transaction } from '@spiffworks/runtime';
import { countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { CommissionLedger } from '../src/ledger/commission-ledger.service';
import { CommissionsAppModule } from '../src/commissions-app.module';

/**
 * Lines that take back and give back: reward clawbacks from `milestone.reversed`, reversals of
 * approved or paid clawbacks when their sale is rejected, and the lock that keeps a clawback booked
 * concurrently with its sale's rejection from staying pending.
 */
describe('commission ledger: clawbacks follow rejections and reversed milestones (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let app: INestApplication;
  let broker: TestBroker;
  let rpc: TestRpcClient;
  let db: Pool;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'commissions', module: CommissionsAppModule.register, broker: true });
    ({ app, broker, db, rpc } = h);
  });

  afterAll(() => h?.close());

  const partnerLines = async (partnerId: string): Promise<CommissionView[]> =>
    (await rpc.call<Page<CommissionView>>(Rpc.commissions.List, { partner_id: partnerId, page: 1, page_size: 100 })).items;
  /** Lines of the partner once `accept` holds for them. */
  const linesWhen = (partnerId: string, accept: (lines: CommissionView[]) => boolean): Promise<CommissionView[]> =>
    eventually(() => partnerLines(partnerId), accept);
  /** What the partner nets from the lines that count (not rejected), in cents. */
  const netCents = (lines: CommissionView[]): number =>
    lines.filter((l) => l.status !== 'rejected').reduce((cents, l) => cents + Math.round(l.total_commission * 100), 0);
  const transition = (action: 'Approve' | 'Pay' | 'Reject', id: string, body: Record<string, unknown> = {}) =>
    rpc.call<CommissionView[]>(Rpc.commissions[action], { ids: [id], ...body });
  const publish = <P>(type: (typeof Events)[keyof typeof Events], payload: P): EventEnvelope<P> => {
    const event = broker.envelope(type, payload, 'fulfillment');
    broker.publish(event);
    return event;
  };

  /** A gold partner's sale of `quantity` × $500 at 12 % (no spiff): a 60.00 commission per unit. */
  function saleOf(partnerId: string, quantity: number): SaleLoggedPayload {
    return {
      sale_id: randomUUID(), partner_id: partnerId, partner_name: 'Reversal Partners', tier: 'gold', product_id: randomUUID(),
      product_name: 'Laptop', quantity, unit_price: '500.00', revenue: (quantity * 500).toFixed(2), sale_date: '2025-01-15',
      invoice_number: null, commission_rate: '12', spiff_candidates: [], assignment_ids: [randomUUID()], logged_by: randomUUID(),
      logged_at: new Date().toISOString(),
    };
  }

  function returnOf(sale: SaleLoggedPayload, quantity: number, returnedBefore = 0): SaleReturnedPayload {
    return {
      return_id: randomUUID(), sale_id: sale.sale_id, partner_id: sale.partner_id, product_id: sale.product_id, sale_date: sale.sale_date,
      sold_quantity: sale.quantity, returned_before: returnedBefore, quantity, revenue_returned: (quantity * 500).toFixed(2),
      reason: 'returned', returned_at: new Date().toISOString(),
    };
  }

  async function bookedSale(partnerId: string, quantity: number): Promise<{ sale: SaleLoggedPayload; line: CommissionView }> {
    const sale = saleOf(partnerId, quantity);
    publish(Events.SaleLogged, sale);
    const lines = await linesWhen(partnerId, (ls) => ls.some((l) => l.kind === 'sale' && l.sale_id === sale.sale_id));
    return { sale, line: lines.find((l) => l.kind === 'sale' && l.sale_id === sale.sale_id) as CommissionView };
  }

  async function clawbackOf(partnerId: string, returned: SaleReturnedPayload): Promise<CommissionView> {
    publish(Events.SaleReturned, returned);
    const lines = await linesWhen(partnerId, (ls) => ls.some((l) => l.return_id === returned.return_id));
    return lines.find((l) => l.return_id === returned.return_id) as CommissionView;
  }

  it('rejecting a sale whose clawback was paid books a reversal (+, pending, traced): the partner nets exactly 0 for the sale', async () => {
    const partnerId = randomUUID();
    const { sale, line } = await bookedSale(partnerId, 2);
    expect(line).toMatchObject({ total_commission: 120, status: 'pending' });
    const clawback = await clawbackOf(partnerId, returnOf(sale, 2));
    expect(clawback).toMatchObject({ kind: 'clawback', total_commission: -120, status: 'pending' });
    await transition('Approve', clawback.id);
    await transition('Pay', clawback.id, { payout_reference: 'PAYOUT-7' });

    await transition('Reject', line.id, { reason: 'duplicate invoice' });

    const lines = await partnerLines(partnerId);
    expect(lines.find((l) => l.id === clawback.id)).toMatchObject({ status: 'paid', total_commission: -120 }); // never edited
    const reversal = lines.find((l) => l.kind === 'clawback_reversal');
    expect(reversal).toMatchObject({
      sale_id: sale.sale_id, commission_amount: 120, spiff_bonus: 0, reward_amount: 0, total_commission: 120, revenue: 1000, status: 'pending',
      trace: { reversal: { reversed_line_id: clawback.id, rejected_line_id: line.id, reason: expect.stringContaining(`sale line ${line.id} was rejected`) } },
    });
    expect(netCents(lines)).toBe(0);
    const history = await rpc.call<{ history: Array<{ to_status: string; reason: string | null }> }>(Rpc.commissions.Get, { id: reversal?.id });
    expect(history.history).toEqual([expect.objectContaining({ to_status: 'pending', reason: expect.stringContaining(clawback.id) })]);
  });

  it('of a sale returned in parts, rejects the pending clawback and reverses the approved one; a reversed clawback cannot be rejected too', async () => {
    const partnerId = randomUUID();
    const { sale, line } = await bookedSale(partnerId, 3);
    const approved = await clawbackOf(partnerId, returnOf(sale, 1));
    const pending = await clawbackOf(partnerId, returnOf(sale, 1, 1));
    await transition('Approve', approved.id);

    await transition('Reject', line.id, { reason: 'fraud' });

    const lines = await partnerLines(partnerId);
    expect(lines.find((l) => l.id === pending.id)).toMatchObject({ status: 'rejected' });
    expect(lines.find((l) => l.id === approved.id)).toMatchObject({ status: 'approved' });
    expect(lines.filter((l) => l.kind === 'clawback_reversal')).toEqual([
      expect.objectContaining({ total_commission: 60, status: 'pending', trace: expect.objectContaining({ reversal: expect.objectContaining({ reversed_line_id: approved.id }) }) }),
    ]);
    expect(netCents(lines)).toBe(0);
    await expect(transition('Reject', approved.id)).rejects.toMatchObject({ error: { status: 409 } });
    expect(netCents(await partnerLines(partnerId))).toBe(0);
  });

  it('takes a reversed milestone reward back once (redelivered), pays it again when reached again: one reward net', async () => {
    const partnerId = randomUUID();
    const achieved = (): MilestoneAchievedPayload => ({
      achievement_id: randomUUID(), partner_id: partnerId, assignment_id: randomUUID(), spiff_id: null, milestone: '2 units',
      metric: 'units', threshold: '2', reward_amount: '500.00', achieved_at: new Date().toISOString(),
    });
    const first = achieved();
    publish(Events.MilestoneAchieved, first);
    const [reward] = await linesWhen(partnerId, (ls) => ls.length === 1);
    const reversal: MilestoneReversedPayload = {
      achievement_id: first.achievement_id, partner_id: partnerId, assignment_id: first.assignment_id, spiff_id: null, milestone: '2 units',
      metric: 'units', threshold: '2', reward_amount: '500.00', progress: '0', return_id: randomUUID(), sale_id: randomUUID(),
      reversed_at: new Date().toISOString(),
    };
    const reversed = publish(Events.MilestoneReversed, reversal);
    broker.publish(reversed);
    const lines = await linesWhen(partnerId, (ls) => ls.some((l) => l.kind === 'reward_clawback'));
    expect(lines.find((l) => l.kind === 'reward_clawback')).toMatchObject({
      reward_amount: -500, total_commission: -500, status: 'pending', sale_id: null,
      trace: { reward_clawback: { original_line_id: reward.id, achievement_id: first.achievement_id, progress: '0', return_id: reversal.return_id, sale_id: reversal.sale_id } },
    });
    expect(netCents(lines)).toBe(0);
    await eventually(() => countRows(db, 'SELECT count(*) FROM inbox WHERE id = $1 AND redeliveries = 1', [reversed.id]), (n) => n === 1);
    expect((await partnerLines(partnerId)).filter((l) => l.kind === 'reward_clawback')).toHaveLength(1);

    publish(Events.MilestoneAchieved, { ...achieved(), assignment_id: first.assignment_id });
    const again = await linesWhen(partnerId, (ls) => ls.filter((l) => l.kind === 'milestone_reward').length === 2);
    expect(netCents(again)).toBe(50000);
  });

  it('rejecting a reward whose clawback was paid books a reversal: the partner nets 0 for the reward', async () => {
    const partnerId = randomUUID();
    const achievement: MilestoneAchievedPayload = {
      achievement_id: randomUUID(), partner_id: partnerId, assignment_id: randomUUID(), spiff_id: null, milestone: '$1k',
      metric: 'revenue', threshold: '1000', reward_amount: '75.50', achieved_at: new Date().toISOString(),
    };
    publish(Events.MilestoneAchieved, achievement);
    const [reward] = await linesWhen(partnerId, (ls) => ls.length === 1);
    publish<MilestoneReversedPayload>(Events.MilestoneReversed, {
      ...achievement, progress: '999.99', return_id: randomUUID(), sale_id: randomUUID(), reversed_at: new Date().toISOString(),
    });
    const clawback = (await linesWhen(partnerId, (ls) => ls.length === 2)).find((l) => l.kind === 'reward_clawback') as CommissionView;
    await transition('Approve', clawback.id);
    await transition('Pay', clawback.id, { payout_reference: 'PAYOUT-8' });

    await transition('Reject', reward.id, { reason: 'not earned' });

    const lines = await partnerLines(partnerId);
    const reversal = lines.find((l) => l.kind === 'clawback_reversal') as CommissionView;
    expect(reversal).toMatchObject({ reward_amount: 75.5, total_commission: 75.5, status: 'pending', sale_id: null });
    expect(netCents(lines)).toBe(0);
    // The reversal of a reward clawback is never rejected either: the partner would net −75.50 for a rejected reward.
    await expect(transition('Reject', reversal.id)).rejects.toMatchObject({ error: { status: 409, code: 'COMMISSION_STATUS_CONFLICT' } });
    await transition('Approve', reversal.id);
    expect(netCents(await partnerLines(partnerId))).toBe(0);
  });

  it('a clawback booked by a consumer that read its sale line before a concurrent rejection committed ends up rejected, not pending', async () => {
    const partnerId = randomUUID();
    const { sale, line } = await bookedSale(partnerId, 1);
    const ledger = app.get(CommissionLedger);
    const dataSource = app.get(DataSource);
    const returned = returnOf(sale, 1);

    // The consumer's transaction books the clawback (reading the sale line) and is held open.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let signalBooked!: () => void;
    const booked = new Promise<void>((resolve) => (signalBooked = resolve));
    const consumer = dataSource.transaction(async (manager) => {
      await ledger.bookClawback(new Transaction(manager, 'commissions'), returned);
      signalBooked();
      await released;
    });
    await booked;

    // The rejection runs meanwhile: it waits on the consumer's lock of the sale line (or, without one, gets through).
    let rejectionSettled = false;
    const rejection = transition('Reject', line.id, { reason: 'fraud' }).finally(() => (rejectionSettled = true));
    const waitingOnLock = (): Promise<number> => countRows(db,
      `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%commission_lines%'`);
    await eventually(async () => rejectionSettled || (await waitingOnLock()) > 0, (ready) => ready);
    const rejectionWaited = !rejectionSettled;
    release();
    await consumer;
    await rejection;

    const lines = await partnerLines(partnerId);
    expect(lines.find((l) => l.return_id === returned.return_id)).toMatchObject({ kind: 'clawback', status: 'rejected' });
    expect(lines.find((l) => l.id === line.id)).toMatchObject({ status: 'rejected' });
    expect(netCents(lines)).toBe(0);
    expect(rejectionWaited).toBe(true);
  });
  it('a clawback reversal can be approved and paid but never rejected, alone or in a bulk reject (all or nothing): the rejected sale nets 0', async () => {
    const partnerId = randomUUID();
    const { sale, line } = await bookedSale(partnerId, 4); // 240
    const clawback = await clawbackOf(partnerId, returnOf(sale, 4));
    await transition('Approve', clawback.id);
    await transition('Pay', clawback.id, { payout_reference: 'PAYOUT-9' });
    await transition('Reject', line.id, { reason: 'fraud' });
    const reversal = (await partnerLines(partnerId)).find((l) => l.kind === 'clawback_reversal') as CommissionView;
    expect(reversal).toMatchObject({ total_commission: 240, status: 'pending' });
    const other = await bookedSale(partnerId, 1); // 60, pending

    await expect(transition('Reject', reversal.id, { reason: 'oops' })).rejects.toMatchObject({
      error: { status: 409, code: 'COMMISSION_STATUS_CONFLICT', message: expect.stringContaining('never rejected') },
    });
    await expect(rpc.call(Rpc.commissions.Reject, { ids: [other.line.id, reversal.id], reason: 'bulk' })).rejects.toMatchObject({
      error: { status: 409, code: 'COMMISSION_STATUS_CONFLICT' },
    });
    let lines = await partnerLines(partnerId);
    expect(lines.find((l) => l.id === other.line.id)).toMatchObject({ status: 'pending' }); // nothing of the batch changed
    expect(lines.find((l) => l.id === reversal.id)).toMatchObject({ status: 'pending' });
    expect(netCents(lines.filter((l) => l.sale_id === sale.sale_id))).toBe(0);

    await transition('Approve', reversal.id);
    await transition('Pay', reversal.id, { payout_reference: 'PAYOUT-10' });
    await expect(transition('Reject', reversal.id)).rejects.toMatchObject({ error: { status: 409 } });
    lines = await partnerLines(partnerId);
    expect(netCents(lines.filter((l) => l.sale_id === sale.sale_id))).toBe(0);
    expect(netCents(lines)).toBe(6000);
  });

  it('a clawback or a reward clawback is never rejected directly (409): one reward net per assignment, nothing paid for returned units', async () => {
    const partnerId = randomUUID();
    const achieved = (assignmentId: string): MilestoneAchievedPayload => ({
      achievement_id: randomUUID(), partner_id: partnerId, assignment_id: assignmentId, spiff_id: null, milestone: '2 units',
      metric: 'units', threshold: '2', reward_amount: '500.00', achieved_at: new Date().toISOString(),
    });
    const first = achieved(randomUUID());
    publish(Events.MilestoneAchieved, first);
    const [reward] = await linesWhen(partnerId, (ls) => ls.length === 1);
    await transition('Approve', reward.id);
    await transition('Pay', reward.id, { payout_reference: 'PAYOUT-11' });
    publish<MilestoneReversedPayload>(Events.MilestoneReversed, {
      ...first, progress: '0', return_id: randomUUID(), sale_id: randomUUID(), reversed_at: new Date().toISOString(),
    });
    const rewardClawback = (await linesWhen(partnerId, (ls) => ls.length === 2)).find((l) => l.kind === 'reward_clawback') as CommissionView;

    await expect(transition('Reject', rewardClawback.id, { reason: 'goodwill' })).rejects.toMatchObject({
      error: { status: 409, code: 'COMMISSION_STATUS_CONFLICT', message: expect.stringContaining('settled only by rejecting its milestone reward') },
    });
    publish(Events.MilestoneAchieved, { ...achieved(first.assignment_id) });
    const again = await linesWhen(partnerId, (ls) => ls.filter((l) => l.kind === 'milestone_reward').length === 2);
    expect(again.find((l) => l.id === rewardClawback.id)).toMatchObject({ status: 'pending' });
    expect(netCents(again)).toBe(50000); // one reward net, not two

    // A sale's clawback of a partial return: rejected alone it would pay the partner for the returned unit.
    const { sale, line } = await bookedSale(partnerId, 2);
    const clawback = await clawbackOf(partnerId, returnOf(sale, 1));
    await expect(transition('Reject', clawback.id)).rejects.toMatchObject({
      error: { status: 409, code: 'COMMISSION_STATUS_CONFLICT', message: expect.stringContaining("settled only by rejecting its sale's commission") },
    });
    expect(netCents((await partnerLines(partnerId)).filter((l) => l.sale_id === sale.sale_id))).toBe(6000);
    // Rejecting its sale still settles it.
    await transition('Reject', line.id);
    expect((await partnerLines(partnerId)).find((l) => l.id === clawback.id)).toMatchObject({ status: 'rejected' });
  });

  /** Two sales of one partner, as [lower line id, higher line id]. */
  async function twoSales(partnerId: string): Promise<Array<{ sale: SaleLoggedPayload; line: CommissionView }>> {
    const booked = [await bookedSale(partnerId, 1), await bookedSale(partnerId, 1)];
    return booked.sort((a, b) => (a.line.id < b.line.id ? -1 : 1));
  }

  it('a rejection that deadlocks with a transaction taking its sale lines the other way round is retried, not failed', async () => {
    const ledger = app.get(CommissionLedger);
    const dataSource = app.get(DataSource);
    for (let round = 0; round < 3; round++) {
      const partnerId = randomUUID();
      const [low, high] = await twoSales(partnerId);
      const returns = [returnOf(high.sale, 1), returnOf(low.sale, 1)];
      // Books the higher sale's clawback (FOR SHARE on it), lets the rejection lock the lower one, then books the lower one's: a cycle.
      let signalBooked!: () => void;
      const booked = new Promise<void>((resolve) => (signalBooked = resolve));
      let signalWaiting!: () => void;
      const rejectionWaits = new Promise<void>((resolve) => (signalWaiting = resolve));
      const outOfOrder = dataSource.transaction(async (manager) => {
        const tx = new Transaction(manager, 'commissions');
        await ledger.bookClawback(tx, returns[0]);
        signalBooked();
        await rejectionWaits;
        await ledger.bookClawback(tx, returns[1]);
      });
      await booked;
      const rejection = rpc.call<CommissionView[]>(Rpc.commissions.Reject, { ids: [low.line.id, high.line.id], reason: 'fraud' });
      let rejectionSettled = false;
      void rejection.finally(() => (rejectionSettled = true)).catch(() => undefined);
      await eventually(async () => rejectionSettled || (await countRows(db,
        `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%commission_lines%'`)) > 0, (ready) => ready);
      signalWaiting();

      await expect(rejection).resolves.toHaveLength(2);
      await outOfOrder;
      const lines = await partnerLines(partnerId);
      expect(lines.filter((l) => l.kind === 'clawback').map((l) => l.status)).toEqual(['rejected', 'rejected']);
      expect(netCents(lines)).toBe(0);
    }
  });

  it('a consumer batch takes the original lines of all its returns first, in id order, before booking any', async () => {
    const ledger = app.get(CommissionLedger);
    const inbox = new InboxBatcher(app.get(DataSource));
    const [low, high] = await twoSales(randomUUID());
    const [ofHigh, ofLow] = [high, low].map((s) => broker.envelope(Events.SaleReturned, returnOf(s.sale, 1), 'fulfillment'));
    let signalPaused!: () => void;
    const paused = new Promise<void>((resolve) => (signalPaused = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Both in one tick: one inbox transaction, the higher line's return applied first.
    const batch = Promise.all([
      inbox.process(ofHigh, async (manager) => {
        await ledger.bookClawback(new Transaction(manager, 'commissions'), ofHigh.payload);
        signalPaused();
        await released;
      }, ledger.lockOriginals),
      inbox.process(ofLow, (manager) => ledger.bookClawback(new Transaction(manager, 'commissions'), ofLow.payload), ledger.lockOriginals),
    ]);
    await paused;
    // The lower sale's line is held already, though its return is booked second.
    await expect(db.query('SELECT id FROM commission_lines WHERE id = $1 FOR UPDATE NOWAIT', [low.line.id])).rejects.toMatchObject({ code: '55P03' });
    release();
    await expect(batch).resolves.toEqual(['processed', 'processed']);
  });

  it('rejections crossing batched returns of the same sales (events in the other order) never fail: 20 rounds at once, each nets 0', async () => {
    const rounds = await Promise.all(Array.from({ length: 20 }, async () => {
      const partnerId = randomUUID();
      return { partnerId, sales: await twoSales(partnerId) };
    }));
    // Every return in one tick, each partner's higher line first: the consumer's inbox takes them in batches, in this order,
    // while the rejections (lower line first, by id) run concurrently.
    for (const { sales: [low, high] } of rounds) {
      publish(Events.SaleReturned, returnOf(high.sale, 1));
      publish(Events.SaleReturned, returnOf(low.sale, 1));
    }
    const rejections = await Promise.allSettled(rounds.map(({ sales: [low, high] }, round) =>
      rpc.call<CommissionView[]>(Rpc.commissions.Reject, { ids: [high.line.id, low.line.id], reason: `round ${round}` })));
    expect(rejections.filter((r) => r.status === 'rejected')).toEqual([]);
    for (const { partnerId } of rounds) {
      const lines = await linesWhen(partnerId, (ls) => ls.filter((l) => l.kind === 'clawback').length === 2);
      expect(lines.map((l) => l.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
      expect(netCents(lines)).toBe(0);
    }
  });
});

import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Events, Rpc } from '@spiffworks/contracts';
import type {
  CommissionView, EventEnvelope, MilestoneAchievedPayload, MilestoneReversedPayload, Page, SaleLoggedPayload, SaleReturnedPayload,
} from '@spiffworks/contracts';
import { Transaction } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { TestBroker, TestRpcClient, countRows, eventually, isolatedConfig, openServiceDb, removeNamespace } from '@spiffworks/testing';
import { CommissionLedger } from '../src/ledger/commission-ledger.service';
import { createCommissionsApp } from '../src/main';

/**
 * Lines that take back and give back: reward clawbacks from `milestone.reversed`, reversals of
 * approved or paid clawbacks when their sale is rejected, and the lock that keeps a clawback booked
 * concurrently with its sale's rejection from staying pending.
 */
describe('commission ledger: clawbacks follow rejections and reversed milestones (real PostgreSQL and RabbitMQ)', () => {
  let config: PlatformConfig;
  let app: INestApplication;
  let broker: TestBroker;
  let rpc: TestRpcClient;
  let db: Pool;

  beforeAll(async () => {
    config = isolatedConfig();
    app = await createCommissionsApp(config);
    await app.listen(0);
    broker = await TestBroker.open(config);
    rpc = TestRpcClient.create(config, 'commissions');
    db = openServiceDb(config, 'commissions');
  });

  afterAll(async () => {
    await db?.end();
    await rpc?.close();
    await broker?.close();
    await app?.close();
    await removeNamespace(config);
  });

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
    expect(lines.find((l) => l.kind === 'clawback_reversal')).toMatchObject({ reward_amount: 75.5, total_commission: 75.5, status: 'pending', sale_id: null });
    expect(netCents(lines)).toBe(0);
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
});

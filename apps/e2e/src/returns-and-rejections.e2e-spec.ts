import type { CommissionView, MilestoneProgressView, Page } from '@spiffworks/contracts';
import type { GatewayClient } from '@spiffworks/testing';
import { eventually } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

/**
 * Money follows what happens after a sale: a return that un-reaches a milestone takes its reward
 * back, and a rejected sale nets exactly zero even when its clawback was already paid — in the
 * ledger and, to the cent, in analytics.
 */
describe('returns and rejections: milestones follow returns, clawbacks stay tied to their sale', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let admin: string;
  let laptop: string;

  beforeAll(async () => {
    running = await startPlatform();
    ({ api, admin } = running);
    laptop = (await api.post('/api/products', { name: 'Laptop', sku: 'RR-LAP', commission_rate: 12 }, admin)).body.id;
  });
  afterAll(() => stopPlatform(running));

  const ledger = async (partnerId: string): Promise<CommissionView[]> =>
    (await api.get<Page<CommissionView>>(`/api/commissions?partner_id=${partnerId}&page_size=500`, admin)).body.items;
  const ledgerWhen = (partnerId: string, accept: (lines: CommissionView[]) => boolean): Promise<CommissionView[]> =>
    eventually(() => ledger(partnerId), accept);
  const cents = (amount: number): number => Math.round(amount * 100);
  const sumCents = (lines: CommissionView[], amount: (l: CommissionView) => number): number => lines.reduce((s, l) => s + cents(amount(l)), 0);
  const counted = (lines: CommissionView[]): CommissionView[] => lines.filter((l) => l.status !== 'rejected');
  const inStatus = (lines: CommissionView[], status: CommissionView['status']): number => sumCents(lines.filter((l) => l.status === status), (l) => l.total_commission);
  const progressOf = async (partner: CreatedPartner): Promise<MilestoneProgressView> =>
    (await api.get<{ milestones: MilestoneProgressView[] }>('/api/fulfillment/milestones/my-progress', partner.token)).body.milestones[0];
  const sell = (partner: CreatedPartner, quantity: number) => api.post('/api/fulfillment/sales', {
    partner_id: partner.id, product_id: laptop, quantity, unit_price: 100, sale_date: '2025-06-01',
  }, partner.token);
  const giveBack = (saleId: string, partner: CreatedPartner, quantity: number) =>
    api.post(`/api/fulfillment/sales/${saleId}/returns`, { quantity, reason: 'changed their mind' }, partner.token);

  async function partnerWithAssignment(milestones: unknown[] = []): Promise<CreatedPartner> {
    const partner = await createPartner(api, admin, 'silver');
    // The partner reaches fulfillment's directory a moment after its approval.
    await eventually(async () => (await api.post('/api/fulfillment/assignments', {
      partner_id: partner.id, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31', milestones,
    }, admin)).status, (status) => status === 201);
    return partner;
  }

  /** Analytics' partner metrics once they equal what the ledger says, to the cent (they are asserted again for the message). */
  async function analyticsEqualLedger(partnerId: string, lines: CommissionView[]): Promise<void> {
    const expected = {
      total_commission: sumCents(counted(lines), (l) => l.commission_amount + l.spiff_bonus) / 100,
      pending_commission: inStatus(lines, 'pending') / 100,
      approved_commission: inStatus(lines, 'approved') / 100,
      paid_commission: inStatus(lines, 'paid') / 100,
      milestone_rewards: sumCents(counted(lines), (l) => l.reward_amount) / 100,
    };
    const metrics = await eventually(
      async () => (await api.get(`/api/analytics/partners/${partnerId}`, admin)).body.metrics,
      (m) => m && Object.entries(expected).every(([field, value]) => m[field] === value),
    ).catch(async () => (await api.get(`/api/analytics/partners/${partnerId}`, admin)).body.metrics);
    expect(metrics).toMatchObject(expected);
  }

  it('a return below a reached milestone books a pending reward clawback and reverses it; reaching it again pays it again; one reward net', async () => {
    const partner = await partnerWithAssignment([{ name: '2 units', metric: 'units', threshold: 2, reward_amount: 500 }]);
    const first = await sell(partner, 2);
    expect(first.status).toBe(201);
    const [reward] = (await ledgerWhen(partner.id, (ls) => ls.some((l) => l.kind === 'milestone_reward'))).filter((l) => l.kind === 'milestone_reward');
    expect(reward).toMatchObject({ reward_amount: 500, status: 'pending' });

    expect((await giveBack(first.body.id, partner, 2)).status).toBe(201);
    expect(await progressOf(partner)).toMatchObject({ progress: 0, achieved: false, achieved_at: null });
    const afterReturn = await ledgerWhen(partner.id, (ls) => ls.some((l) => l.kind === 'reward_clawback') && ls.some((l) => l.kind === 'clawback'));
    const rewardClawback = afterReturn.find((l) => l.kind === 'reward_clawback');
    expect(rewardClawback).toMatchObject({
      reward_amount: -500, total_commission: -500, status: 'pending',
      trace: { reward_clawback: { original_line_id: reward.id, milestone: '2 units', threshold: '2', progress: '0', sale_id: first.body.id } },
    });
    // The sale (24) and its clawback (−24), the reward (500) and its clawback (−500): the partner nets nothing.
    expect(sumCents(counted(afterReturn), (l) => l.total_commission)).toBe(0);
    await analyticsEqualLedger(partner.id, afterReturn);
    expect((await api.get(`/api/analytics/partners/${partner.id}`, admin)).body.metrics).toMatchObject({ milestones_achieved: 0, milestone_rewards: 0 });

    const again = await sell(partner, 3);
    expect(again.status).toBe(201);
    expect(await progressOf(partner)).toMatchObject({ progress: 3, achieved: true });
    const reachedAgain = await ledgerWhen(partner.id, (ls) => ls.filter((l) => l.kind === 'milestone_reward').length === 2 && ls.filter((l) => l.kind === 'sale').length === 2);
    // Returning one of the three keeps the milestone reached: nothing more is taken back.
    expect((await giveBack(again.body.id, partner, 1)).status).toBe(201);
    expect(await progressOf(partner)).toMatchObject({ progress: 2, achieved: true });

    const final = await ledgerWhen(partner.id, (ls) => ls.filter((l) => l.kind === 'clawback').length === 2);
    expect(final.filter((l) => l.kind === 'reward_clawback')).toHaveLength(1);
    expect(sumCents(counted(final), (l) => l.reward_amount)).toBe(50000);
    expect(reachedAgain.filter((l) => l.kind === 'milestone_reward').map((l) => l.milestone_achievement_id)).not.toContain(null);
    await analyticsEqualLedger(partner.id, final);
    expect((await api.get(`/api/analytics/partners/${partner.id}`, admin)).body.metrics).toMatchObject({ milestones_achieved: 1, milestone_rewards: 500 });
  });

  it('rejecting a sale whose clawback was approved and paid books a reversal: the partner nets exactly 0 for the sale', async () => {
    const partner = await partnerWithAssignment();
    const sale = await sell(partner, 10);
    expect(sale.body).toMatchObject({ revenue: 1000, total_commission: 120 });
    const [line] = await ledgerWhen(partner.id, (ls) => ls.length === 1);
    expect((await giveBack(sale.body.id, partner, 10)).status).toBe(201);
    const clawback = (await ledgerWhen(partner.id, (ls) => ls.length === 2)).find((l) => l.kind === 'clawback') as CommissionView;
    expect(clawback).toMatchObject({ total_commission: -120, status: 'pending' });
    expect((await api.post(`/api/commissions/${clawback.id}/approve`, {}, admin)).status).toBe(200);
    expect((await api.post(`/api/commissions/${clawback.id}/pay`, { payout_reference: 'PAYOUT-2025-06' }, admin)).status).toBe(200);

    expect((await api.post(`/api/commissions/${line.id}/reject`, { reason: 'duplicate invoice' }, admin)).status).toBe(200);

    const lines = await ledger(partner.id);
    const reversal = lines.find((l) => l.kind === 'clawback_reversal');
    expect(reversal).toMatchObject({
      sale_id: sale.body.id, total_commission: 120, status: 'pending',
      trace: { reversal: { reversed_line_id: clawback.id, rejected_line_id: line.id } },
    });
    expect(lines.find((l) => l.id === clawback.id)).toMatchObject({ status: 'paid', total_commission: -120 });
    expect(sumCents(counted(lines.filter((l) => l.sale_id === sale.body.id)), (l) => l.total_commission)).toBe(0);
    await analyticsEqualLedger(partner.id, lines);
    expect((await api.get(`/api/analytics/partners/${partner.id}`, admin)).body.metrics).toMatchObject({ total_commission: 0, paid_commission: -120, pending_commission: 120 });
    // The reversal is paid like any line, at the next payout.
    expect((await api.post(`/api/commissions/${reversal?.id}/approve`, {}, admin)).status).toBe(200);
    expect((await api.post(`/api/commissions/${clawback.id}/reject`, { reason: 'paid already' }, admin)).status).toBe(409);
  });
});

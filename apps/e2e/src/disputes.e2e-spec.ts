import type { CommissionView, DisputeView, Page } from '@spiffworks/contracts';
import type { GatewayClient } from '@spiffworks/testing';
import { eventually } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

/**
 * A partner disputes one of its lines through the gateway; an admin declines, or adjusts with a new
 * line that analytics counts like any other: Σ ledger = Σ analytics, to the cent, after adjustments.
 */
describe('disputes of ledger lines, end to end', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let admin: string;
  let laptop: string;

  beforeAll(async () => {
    running = await startPlatform();
    ({ api, admin } = running);
    laptop = (await api.post('/api/products', { name: 'Laptop', sku: 'DSP-LAP', commission_rate: 12 }, admin)).body.id;
  });
  afterAll(() => stopPlatform(running));

  const cents = (amount: number): number => Math.round(amount * 100);
  const myLines = async (partner: CreatedPartner): Promise<CommissionView[]> =>
    (await api.get<Page<CommissionView>>('/api/commissions/my-commissions?page_size=500', partner.token)).body.items;

  async function partnerWithBookedSale(): Promise<{ partner: CreatedPartner; line: CommissionView }> {
    const partner = await createPartner(api, admin, 'silver');
    await eventually(async () => (await api.post('/api/fulfillment/assignments', {
      partner_id: partner.id, product_ids: [laptop], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
    }, admin)).status, (status) => status === 201);
    const sold = await api.post('/api/fulfillment/sales', { partner_id: partner.id, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-06-01' }, partner.token);
    expect(sold.status).toBe(201);
    const [line] = await eventually(() => myLines(partner), (lines) => lines.length === 1);
    return { partner, line };
  }

  /**
   * Σ of the ledger lines that count (not rejected) equals analytics' commission for the partner, to
   * the cent, and so does each status's share (an adjustment line approved and paid moves there too).
   */
  async function analyticsEqualLedger(partner: CreatedPartner): Promise<number> {
    const lines = (await myLines(partner)).filter((l) => l.status !== 'rejected');
    const ledgerCents = lines.reduce((sum, l) => sum + cents(l.total_commission), 0);
    const inStatus = (status: string) => lines.filter((l) => l.status === status).reduce((sum, l) => sum + cents(l.total_commission), 0);
    const expected = { pending: inStatus('pending'), approved: inStatus('approved'), paid: inStatus('paid') };
    type Metrics = { total_commission: number; milestone_rewards: number; pending_commission: number; approved_commission: number; paid_commission: number };
    const analytics = (m: Metrics) => cents(m.total_commission) + cents(m.milestone_rewards);
    const buckets = (m: Metrics) => ({ pending: cents(m.pending_commission), approved: cents(m.approved_commission), paid: cents(m.paid_commission) });
    const metrics = await eventually(
      async () => (await api.get(`/api/analytics/partners/${partner.id}`, admin)).body.metrics as Metrics,
      (m) => m && analytics(m) === ledgerCents && JSON.stringify(buckets(m)) === JSON.stringify(expected),
    ).catch(async () => (await api.get(`/api/analytics/partners/${partner.id}`, admin)).body.metrics as Metrics);
    expect(analytics(metrics)).toBe(ledgerCents);
    expect(buckets(metrics)).toEqual(expected);
    return ledgerCents;
  }

  it('disputes its line, admin resolves adjusted +25.00: a new adjustment line, the disputed line unchanged, Σ ledger = Σ analytics', async () => {
    const { partner, line } = await partnerWithBookedSale();
    expect(line).toMatchObject({ total_commission: 240, open_dispute_id: null });

    const opened = await api.post<DisputeView>(`/api/commissions/${line.id}/disputes`, { reason: 'the promotion bonus is missing' }, partner.token);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ commission_id: line.id, partner_id: partner.id, status: 'open', answer: null });
    expect((await myLines(partner))[0].open_dispute_id).toBe(opened.body.id);
    const again = await api.post(`/api/commissions/${line.id}/disputes`, { reason: 'again' }, partner.token);
    expect(again).toMatchObject({ status: 409, body: { code: 'DISPUTE_ALREADY_OPEN' } });

    const queue = await api.get<Page<DisputeView & { partner_name: string | null }>>(`/api/disputes?status=open&partner_id=${partner.id}`, admin);
    expect(queue.body).toMatchObject({ total: 1, items: [{ id: opened.body.id, partner_name: expect.stringMatching(/^Partner \d+$/) }] });

    const badAmount = await api.post(`/api/disputes/${opened.body.id}/resolve`, { outcome: 'adjusted', answer: 'x' }, admin);
    expect(badAmount.status).toBe(400);
    expect(badAmount.body.errors).toEqual([{ field: 'adjustment_amount', reason: 'is required when the outcome is adjusted' }]);
    expect((await api.post(`/api/disputes/${opened.body.id}/resolve`, { outcome: 'declined', answer: 'x' }, partner.token)).status).toBe(403);

    const resolved = await api.post<DisputeView>(`/api/disputes/${opened.body.id}/resolve`, { outcome: 'adjusted', adjustment_amount: 25, answer: 'bonus added' }, admin);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved_adjusted', adjustment_amount: 25, answer: 'bonus added' });
    expect((await api.post(`/api/disputes/${opened.body.id}/resolve`, { outcome: 'declined', answer: 'x' }, admin))).toMatchObject({
      status: 409, body: { code: 'DISPUTE_ALREADY_RESOLVED' },
    });

    const lines = await myLines(partner);
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.id === line.id)).toEqual({ ...line, open_dispute_id: null });
    const adjustment = lines.find((l) => l.kind === 'adjustment') as CommissionView;
    expect(adjustment).toMatchObject({ id: resolved.body.adjustment_line_id, status: 'pending', total_commission: 25, partner_id: partner.id });
    expect(adjustment.trace.adjustment).toMatchObject({ dispute_id: opened.body.id, disputed_line_id: line.id, reason: 'the promotion bonus is missing', answer: 'bonus added' });
    expect(await analyticsEqualLedger(partner)).toBe(26500);
    const metrics = await eventually(async () => (await api.get(`/api/analytics/partners/${partner.id}`, admin)).body.metrics, (m) => m.adjustments === 1);
    expect(metrics).toMatchObject({ open_disputes: 0, adjustments: 1, adjustment_amount: 25 });

    // The adjustment line is approved and paid like any line; the sums still agree.
    expect((await api.post(`/api/commissions/${adjustment.id}/approve`, {}, admin)).status).toBe(200);
    expect((await api.post(`/api/commissions/${adjustment.id}/pay`, { payout_reference: 'ADJ-1' }, admin)).status).toBe(200);
    expect(await analyticsEqualLedger(partner)).toBe(26500);

    const mine = await api.get<Page<DisputeView>>('/api/disputes', partner.token);
    expect(mine.body.items).toEqual([{ ...resolved.body, partner_name: queue.body.items[0].partner_name }]);
  });

  it('declines with the answer and books nothing; another partner\'s line and dispute are refused; admins and analysts cannot open', async () => {
    const { partner, line } = await partnerWithBookedSale();
    const other = await createPartner(api, admin, 'silver');
    expect(await api.post(`/api/commissions/${line.id}/disputes`, { reason: 'mine?' }, other.token)).toMatchObject({ status: 404, body: { code: 'COMMISSION_NOT_FOUND' } });
    expect((await api.post(`/api/commissions/${line.id}/disputes`, { reason: 'x' }, admin)).status).toBe(403);
    expect((await api.post(`/api/commissions/${line.id}/disputes`, { reason: '' }, partner.token)).status).toBe(400);

    const opened = (await api.post<DisputeView>(`/api/commissions/${line.id}/disputes`, { reason: 'rate should be higher' }, partner.token)).body;
    expect(await api.get(`/api/disputes/${opened.id}`, other.token)).toMatchObject({ status: 404, body: { code: 'DISPUTE_NOT_FOUND' } });
    expect((await api.get<Page<DisputeView>>('/api/disputes', other.token)).body.total).toBe(0);
    const declined = await api.post<DisputeView>(`/api/disputes/${opened.id}/resolve`, { outcome: 'declined', answer: 'silver pays 12%' }, admin);
    expect(declined.body).toMatchObject({ status: 'resolved_declined', answer: 'silver pays 12%', adjustment_amount: null, adjustment_line_id: null });
    expect((await api.get<DisputeView>(`/api/disputes/${opened.id}`, partner.token)).body).toEqual(declined.body);
    expect(await myLines(partner)).toEqual([{ ...line, open_dispute_id: null }]);
    expect(await analyticsEqualLedger(partner)).toBe(24000);
  });
});

import { createHash, randomUUID } from 'node:crypto';
import type { CommissionView, DisputeAttachmentView, DisputeView, Page } from '@spiffworks/contracts';
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

  describe('a file on a dispute', () => {
    const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(`dispute evidence ${randomUUID()}`), Buffer.from('\n%%EOF\n')]);
    const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]);

    const attach = async (disputeId: string, bytes: Buffer, name: string, token: string, key?: string) => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: 'application/pdf' }), name);
      const response = await fetch(`${running.platform.gatewayUrl}/api/disputes/${disputeId}/attachments`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, ...(key && { 'idempotency-key': key }) }, body: form,
      });
      return { status: response.status, body: await response.json() };
    };
    const download = async (disputeId: string, attachmentId: string, token: string) => {
      const response = await fetch(`${running.platform.gatewayUrl}/api/disputes/${disputeId}/attachments/${attachmentId}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, type: response.headers.get('content-type'), sha256: response.headers.get('x-content-sha256'), bytes: Buffer.from(await response.arrayBuffer()) };
    };

    it('the partner attaches a PDF to its open dispute (a replayed key answers the same file); its partner and admins download it; the views list it; resolved, no more', async () => {
      const { partner, line } = await partnerWithBookedSale();
      const opened = await api.post<DisputeView>(`/api/commissions/${line.id}/disputes`, { reason: 'the invoice shows 3 units, not 2' }, partner.token as string);
      expect(opened.body.attachments).toEqual([]);
      const key = randomUUID();
      const added = await attach(opened.body.id, PDF, 'invoice.pdf', partner.token as string, key);
      expect(added).toMatchObject({ status: 201, body: { dispute_id: opened.body.id, content_type: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') } });
      expect(await attach(opened.body.id, PDF, 'invoice.pdf', partner.token as string, key)).toEqual(added);
      const file = added.body as DisputeAttachmentView;

      for (const token of [partner.token as string, admin]) {
        const got = await download(opened.body.id, file.id, token);
        expect({ status: got.status, type: got.type, sha256: got.sha256 }).toEqual({ status: 200, type: 'application/pdf', sha256: file.sha256 });
        expect(got.bytes.equals(PDF)).toBe(true);
      }
      const queue = await api.get<Page<DisputeView>>(`/api/disputes?status=open&partner_id=${partner.id}`, admin);
      expect(queue.body.items.map((d) => d.attachments)).toEqual([[file]]);
      expect((await api.get<Page<DisputeView>>('/api/disputes', partner.token as string)).body.items[0].attachments).toEqual([file]);

      const resolved = await api.post<DisputeView>(`/api/disputes/${opened.body.id}/resolve`, { outcome: 'adjusted', adjustment_amount: 120, answer: 'third unit added' }, admin);
      expect(resolved.body).toMatchObject({ status: 'resolved_adjusted', attachments: [file] });
      expect(await attach(opened.body.id, PDF, 'later.pdf', partner.token as string)).toMatchObject({ status: 409, body: { code: 'DISPUTE_ALREADY_RESOLVED' } });
      expect((await api.get<DisputeView>(`/api/disputes/${opened.body.id}`, partner.token as string)).body.attachments).toEqual([file]);
    });

    it('refuses an executable named .pdf (415) and a file over 10 MB (413), storing nothing; another partner gets 404, an analyst 403', async () => {
      const { partner, line } = await partnerWithBookedSale();
      const opened = (await api.post<DisputeView>(`/api/commissions/${line.id}/disputes`, { reason: 'rate' }, partner.token as string)).body;
      expect(await attach(opened.id, ELF, 'invoice.pdf', partner.token as string)).toMatchObject({ status: 415, body: { code: 'ATTACHMENT_TYPE_REFUSED' } });
      const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
      expect(await attach(opened.id, big, 'big.pdf', partner.token as string)).toMatchObject({ status: 413, body: { code: 'ATTACHMENT_TOO_LARGE' } });
      expect((await api.get<DisputeView>(`/api/disputes/${opened.id}`, partner.token as string)).body.attachments).toEqual([]);

      const other = await createPartner(api, admin, 'silver');
      expect(await attach(opened.id, PDF, 'x.pdf', other.token as string)).toMatchObject({ status: 404, body: { code: 'DISPUTE_NOT_FOUND' } });
      expect((await attach(opened.id, PDF, 'x.pdf', admin)).status).toBe(403);
      const file = (await attach(opened.id, PDF, 'invoice.pdf', partner.token as string)).body as DisputeAttachmentView;
      expect((await download(opened.id, file.id, other.token as string)).status).toBe(404);
      expect((await api.post('/api/users', { email: 'analyst@disputes.example', password: 'analyst-password', role: 'analyst' }, admin)).status).toBe(201);
      expect((await download(opened.id, file.id, await api.login('analyst@disputes.example', 'analyst-password'))).status).toBe(403);
    });
  });
});

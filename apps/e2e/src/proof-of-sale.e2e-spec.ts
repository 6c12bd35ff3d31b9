import { createHash } from 'node:crypto';
import type { AttachmentView, CommissionView, Opportunity, Page, ReviewItem, SaleView } from '@spiffworks/contracts';
import type { GatewayClient } from '@spiffworks/testing';
import { eventually } from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a small proof of sale')]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(64)]);
const MZ = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]);
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Proof of sale through the gateway: a proof-required spiff's sale waits awaiting_review, the
 * partner uploads its proof, the admin reviews it from the queue (downloading the same bytes),
 * approves or declines; executables and oversized files are refused; duplicates are flagged.
 */
describe('proof of sale and review, end to end', () => {
  let running: RunningPlatform;
  let api: GatewayClient;
  let admin: string;
  let laptop: string;
  let spiffId: string;
  let gold: CreatedPartner[];

  beforeAll(async () => {
    running = await startPlatform();
    ({ api, admin } = running);
    laptop = (await api.post('/api/products', { name: 'Proof Laptop', sku: 'PRF-LAP', commission_rate: 12 }, admin)).body.id;
    gold = [await createPartner(api, admin, 'gold'), await createPartner(api, admin, 'gold')];
    const spiff = await api.post('/api/spiffs', {
      name: 'Proof Q1', target_products: [laptop], assignment_type: 'tier', target_tiers: ['gold'], incentive_amount: 100, incentive_type: 'fixed',
      start_date: '2025-01-01', end_date: '2025-03-31', proof_required: true,
    }, admin);
    expect(spiff.status).toBe(201);
    expect(spiff.body.proof_required).toBe(true);
    spiffId = spiff.body.id;
    for (const partner of gold) {
      await eventually(async () => (await api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partner.token)).body,
        (body) => body.opportunities?.length === 1).catch((error: Error) => {
        throw new Error(`${error.message}\n${running.platform.logs('fulfillment').split('\n').filter((l) => l.includes('error')).slice(-5).join('\n')}`);
      });
    }
  }, 180_000);
  afterAll(() => stopPlatform(running));

  const upload = async (saleId: string, bytes: Buffer, name: string, type: string, token: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), name);
    const response = await fetch(`${running.platform.gatewayUrl}/api/fulfillment/sales/${saleId}/attachments`, {
      method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form,
    });
    return { status: response.status, body: await response.json(), connection: response.headers.get('connection') };
  };
  const download = async (saleId: string, attachmentId: string, token: string) => {
    const response = await fetch(`${running.platform.gatewayUrl}/api/fulfillment/sales/${saleId}/attachments/${attachmentId}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  };
  async function sell(partner: CreatedPartner, invoice: string): Promise<{ sale: SaleView; line: CommissionView }> {
    const sold = await api.post<SaleView>('/api/fulfillment/sales', {
      partner_id: partner.id, product_id: laptop, quantity: 2, unit_price: 1000, sale_date: '2025-01-15', invoice_number: invoice,
    }, partner.token);
    // The answer names the status the ledger books: the line waits for its proof from the start.
    expect(sold).toMatchObject({ status: 201, body: { commission_status: 'awaiting_review' } });
    const lines = await eventually(
      async () => (await api.get<Page<CommissionView>>('/api/commissions/my-commissions?page_size=100', partner.token)).body.items,
      (items) => items.some((l) => l.sale_id === sold.body.id),
    );
    const line = lines.find((l) => l.sale_id === sold.body.id) as CommissionView;
    expect(line.status).toBe(sold.body.commission_status);
    return { sale: sold.body, line };
  }
  const queueItem = (lineId: string, accept: (item: ReviewItem) => boolean = () => true) =>
    eventually(async () => {
      const page = await api.get<Page<ReviewItem>>(`/api/commissions/reviews?status=awaiting_review&spiff_id=${spiffId}&page_size=500`, admin);
      const item = page.body.items.find((i) => i.line.id === lineId);
      if (!item || !accept(item)) throw new Error('not in the queue as expected yet');
      return item;
    });

  it('proof-required spiff → sale awaiting_review → PNG uploaded → admin downloads the same bytes from the queue → approve → pending with bonus', async () => {
    const [partner] = gold;
    const { sale, line } = await sell(partner, 'E2E-INV-1');
    expect(line).toMatchObject({ status: 'awaiting_review', commission_amount: 240, spiff_bonus: 200, total_commission: 440 });

    const added = await upload(sale.id, PNG, 'receipt.pdf', 'application/pdf', partner.token as string);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ content_type: 'image/png', size: PNG.length, sha256: sha(PNG) });
    const item = await queueItem(line.id, (i) => i.attachments.length === 1);
    expect(item.attachments[0]).toMatchObject({ id: (added.body as AttachmentView).id, content_type: 'image/png', size: PNG.length, sha256: sha(PNG) });
    expect((item.line as CommissionView & { partner_name: string | null }).partner_name).toEqual(expect.any(String));

    const file = await download(sale.id, item.attachments[0].id, admin);
    expect(file).toMatchObject({ status: 200, type: 'image/png' });
    expect(sha(file.bytes)).toBe(sha(PNG));
    expect((await download(sale.id, item.attachments[0].id, gold[1].token as string)).status).toBe(404);

    const approved = await api.post<CommissionView>(`/api/commissions/${line.id}/review`, { decision: 'approve', reason: 'invoice matches' }, admin);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'pending', spiff_bonus: 200, total_commission: 440 });
    const detail = await api.get(`/api/commissions/${line.id}`, admin);
    expect(detail.body.history.map((h: { to_status: string }) => h.to_status)).toEqual(['awaiting_review', 'pending']);
  });

  it('decline: the partner sees the reason on its line, and gets no commission', async () => {
    const [, partner] = gold;
    const { line } = await sell(partner, 'E2E-INV-2');
    expect((await api.post(`/api/commissions/${line.id}/review`, { decision: 'decline' }, admin)).status).toBe(400);
    const declined = await api.post('/api/commissions/review', { ids: [line.id], decision: 'decline', reason: 'the invoice is for another customer' }, admin);
    expect(declined.status).toBe(200);
    const mine = (await api.get<Page<CommissionView>>('/api/commissions/my-commissions?page_size=100', partner.token)).body.items.find((l) => l.id === line.id);
    expect(mine).toMatchObject({ status: 'rejected', status_reason: 'the invoice is for another customer' });
  });

  it('refuses a ".pdf" that is an ELF or MZ executable (415, nothing stored) and a file over 10 MB (413)', async () => {
    const [partner] = gold;
    const { sale, line } = await sell(partner, 'E2E-INV-3');
    for (const bytes of [ELF, MZ]) {
      const refused = await upload(sale.id, bytes, 'invoice.pdf', 'application/pdf', partner.token as string);
      expect(refused).toMatchObject({ status: 415, body: { code: 'ATTACHMENT_TYPE_REFUSED' } });
    }
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    // Answered once the whole body is in, on a connection kept open: a client cut off mid-send never reads the 413.
    expect(await upload(sale.id, big, 'big.png', 'image/png', partner.token as string)).toMatchObject({ status: 413, body: { code: 'ATTACHMENT_TOO_LARGE' }, connection: 'keep-alive' });
    expect((await queueItem(line.id)).attachments).toEqual([]);
    // Analysts never handle proofs; another partner's sale is as if it did not exist.
    const analyst = await api.post('/api/users', { email: 'analyst@proof.example', password: 'analyst-password', role: 'analyst' }, admin);
    expect(analyst.status).toBe(201);
    const analystToken = await api.login('analyst@proof.example', 'analyst-password');
    expect((await upload(sale.id, PNG, 'p.png', 'image/png', analystToken)).status).toBe(403);
    expect(await upload(sale.id, PNG, 'p.png', 'image/png', gold[1].token as string)).toMatchObject({ status: 404, body: { code: 'SALE_NOT_FOUND' } });
  });

  it('flags a duplicate invoice across two partners, and the same attachment on two sales, with the other claim linked', async () => {
    const first = await sell(gold[0], 'DUP-2025-001');
    const second = await sell(gold[1], ' dup 2025/001 ');
    const flagged = await queueItem(second.line.id);
    expect(flagged.duplicates).toEqual([
      { kind: 'invoice', key: 'dup2025001', other_sale_id: first.sale.id, other_line_id: first.line.id, other_partner_id: gold[0].id },
    ]);

    const proof = Buffer.concat([PNG, Buffer.from('shared screenshot')]);
    const a = await sell(gold[0], 'SHARED-A');
    const b = await sell(gold[0], 'SHARED-B');
    expect((await upload(a.sale.id, proof, 'a.png', 'image/png', gold[0].token as string)).status).toBe(201);
    expect((await upload(b.sale.id, proof, 'b.png', 'image/png', gold[0].token as string)).status).toBe(201);
    const same = await queueItem(b.line.id, (i) => i.duplicates.length === 1);
    expect(same.duplicates).toEqual([{ kind: 'attachment', key: sha(proof), other_sale_id: a.sale.id, other_line_id: a.line.id, other_partner_id: gold[0].id }]);
  });
});

import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ErrorCode, Events, Rpc } from '@spiffworks/contracts';
import type {
  Actor, CommissionDetailView, CommissionView, Page, ReviewItem, SaleAttachmentAddedPayload, SaleLoggedPayload, SpiffCandidate,
} from '@spiffworks/contracts';
import { countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { CommissionsAppModule } from '../src/commissions-app.module';

/**
 * Proof of sale and review: a sale a proof-required spiff pays a bonus on is booked awaiting_review;
 * the queue shows its attachments and duplicate flags; an admin approves (→ pending) or declines
 * (→ rejected, the reason on the line), every decision in the line's history.
 */
describe('commission ledger: review of proofs of sale (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let rpc: TestRpcClient;
  let db: Pool;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'commissions', module: CommissionsAppModule.register, broker: true });
    ({ broker, db, rpc } = h);
  });

  afterAll(() => h?.close());

  const spiffId = randomUUID();
  const productId = randomUUID();
  const candidate = (proof: boolean): SpiffCandidate => ({
    spiff_id: spiffId, name: 'Proof Q1', incentive_type: 'fixed', incentive_amount: '100.00', start_date: '2025-01-01', end_date: '2025-03-31',
    status: 'active', cancelled_on: null, product_ids: [productId], partner_has_assignment: true, proof_required: proof,
  });

  /** The seed's sale: gold, 12 %, 2 × 1,000 with a $100/unit spiff → 240 + 200 = 440. */
  function saleOf(partnerId: string, invoice: string | null, proof = true): SaleLoggedPayload {
    return {
      sale_id: randomUUID(), partner_id: partnerId, partner_name: 'Proof Partners', tier: 'gold', product_id: productId, product_name: 'Laptop',
      quantity: 2, unit_price: '1000.00', revenue: '2000.00', sale_date: '2025-01-15', invoice_number: invoice, commission_rate: '12',
      spiff_candidates: [candidate(proof)], assignment_ids: [randomUUID()], logged_by: randomUUID(), logged_at: new Date().toISOString(),
    };
  }

  async function booked(sale: SaleLoggedPayload): Promise<CommissionView> {
    broker.publish(broker.envelope(Events.SaleLogged, sale, 'fulfillment'));
    return eventually(async () => {
      const page = await rpc.call<Page<CommissionView>>(Rpc.commissions.List, { partner_id: sale.partner_id, page: 1, page_size: 100 });
      const line = page.items.find((l) => l.sale_id === sale.sale_id);
      if (!line) throw new Error('not booked yet');
      return line;
    });
  }

  function attach(sale: SaleLoggedPayload, sha256: string): SaleAttachmentAddedPayload {
    const added: SaleAttachmentAddedPayload = {
      attachment_id: randomUUID(), sale_id: sale.sale_id, partner_id: sale.partner_id, sha256, content_type: 'image/png', size: 1234, added_at: new Date().toISOString(),
    };
    broker.publish(broker.envelope(Events.SaleAttachmentAdded, added, 'fulfillment'));
    return added;
  }

  const queue = (query: Record<string, unknown> = {}) =>
    rpc.call<Page<ReviewItem>>(Rpc.commissions.ListReviews, { status: 'awaiting_review', spiff_id: spiffId, page: 1, page_size: 100, ...query });
  const itemOf = async (lineId: string, accept: (item: ReviewItem) => boolean = () => true): Promise<ReviewItem> =>
    eventually(async () => {
      const item = (await queue()).items.find((i) => i.line.id === lineId);
      if (!item || !accept(item)) throw new Error('not in the queue as expected yet');
      return item;
    });
  /** What the caller is told when the RPC is refused (its code, status, field errors). */
  const refusalOf = async (call: Promise<unknown>): Promise<Record<string, unknown>> => {
    try {
      await call;
    } catch (failed) {
      return (failed as { error: Record<string, unknown> }).error;
    }
    throw new Error('the service did it: a refusal was expected');
  };
  const review = (ids: string[], decision: string, reason?: string, actor?: Actor) =>
    rpc.call<CommissionView[]>(Rpc.commissions.Review, { ids, decision, reason }, actor);

  it('books a sale a proof-required spiff pays on awaiting_review, the whole line; one without proof pending', async () => {
    const partner = randomUUID();
    const waiting = await booked(saleOf(partner, 'INV-1'));
    expect(waiting).toMatchObject({ status: 'awaiting_review', commission_amount: 240, spiff_bonus: 200, total_commission: 440 });
    const plain = await booked(saleOf(partner, 'INV-2', false));
    expect(plain.status).toBe('pending');
    // Nothing of a line awaiting review is approvable before its review.
    expect(await refusalOf(rpc.call(Rpc.commissions.Approve, { ids: [waiting.id] }))).toMatchObject({ status: 409, code: ErrorCode.COMMISSION_STATUS_CONFLICT });
  });

  it('shows the sale\'s attachments in the queue; approve moves the line to pending with its bonus, in its history', async () => {
    const sale = saleOf(randomUUID(), 'A-100');
    const line = await booked(sale);
    const added = attach(sale, 'a'.repeat(64));
    const item = await itemOf(line.id, (i) => i.attachments.length === 1);
    expect(item.invoice_number).toBe('A-100');
    expect(item.attachments).toEqual([{ id: added.attachment_id, content_type: 'image/png', size: 1234, sha256: 'a'.repeat(64), added_at: expect.any(String) }]);
    expect(item.duplicates).toEqual([]);

    const [approved] = await review([line.id], 'approve');
    expect(approved).toMatchObject({ status: 'pending', spiff_bonus: 200, total_commission: 440 });
    const detail = await rpc.call<CommissionDetailView>(Rpc.commissions.Get, { id: line.id });
    expect(detail.history.map((c) => [c.from_status, c.to_status])).toEqual([[null, 'awaiting_review'], ['awaiting_review', 'pending']]);
    expect((await queue()).items.some((i) => i.line.id === line.id)).toBe(false);
    // Then the normal lifecycle.
    expect((await rpc.call<CommissionView[]>(Rpc.commissions.Approve, { ids: [line.id] }))[0].status).toBe('approved');
  });

  it('declines with a reason the partner sees on its line; no commission; a decision is final (409)', async () => {
    const sale = saleOf(randomUUID(), 'D-1');
    const line = await booked(sale);
    expect(await refusalOf(review([line.id], 'decline', ' '))).toMatchObject({ status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [expect.objectContaining({ field: 'reason' })] });
    const [declined] = await review([line.id], 'decline', 'the invoice is for another customer');
    expect(declined).toMatchObject({ status: 'rejected', status_reason: 'the invoice is for another customer' });
    const partner: Actor = { user_id: randomUUID(), role: 'partner', partner_id: sale.partner_id };
    const mine = await rpc.call<Page<CommissionView>>(Rpc.commissions.List, { partner_id: sale.partner_id, page: 1, page_size: 10 }, partner);
    expect(mine.items[0]).toMatchObject({ id: line.id, status: 'rejected', status_reason: 'the invoice is for another customer' });
    const detail = await rpc.call<CommissionDetailView>(Rpc.commissions.Get, { id: line.id });
    expect(detail.history.at(-1)).toMatchObject({ from_status: 'awaiting_review', to_status: 'rejected', reason: 'the invoice is for another customer' });
    expect(await refusalOf(review([line.id], 'approve'))).toMatchObject({ status: 409, code: ErrorCode.COMMISSION_STATUS_CONFLICT });
  });

  it('reviews many lines at once, all or nothing', async () => {
    const partner = randomUUID();
    const a = await booked(saleOf(partner, null));
    const b = await booked(saleOf(partner, null));
    const notWaiting = await booked(saleOf(partner, null, false));
    expect(await refusalOf(review([a.id, b.id, notWaiting.id], 'approve'))).toMatchObject({ status: 409, code: ErrorCode.COMMISSION_STATUS_CONFLICT });
    expect(await countRows(db, `SELECT count(*) FROM commission_lines WHERE id = ANY ($1::uuid[]) AND status = 'awaiting_review'`, [[a.id, b.id]])).toBe(2);
    const moved = await review([a.id, b.id], 'approve', 'invoices checked');
    expect(moved.map((l) => l.status)).toEqual(['pending', 'pending']);
  });

  it('flags the same invoice (normalized) claimed by another partner, and the same file on another sale, linking the other claim', async () => {
    const first = saleOf(randomUUID(), 'INV-2025-077');
    const second = saleOf(randomUUID(), ' inv 2025/077 ');
    const firstLine = await booked(first);
    const secondLine = await booked(second);
    const item = await itemOf(secondLine.id);
    expect(item.duplicates).toEqual([{ kind: 'invoice', key: 'inv2025077', other_sale_id: first.sale_id, other_line_id: firstLine.id, other_partner_id: first.partner_id }]);

    const third = saleOf(randomUUID(), null);
    const thirdLine = await booked(third);
    const sha = 'b'.repeat(64);
    attach(first, sha);
    attach(third, sha);
    const flagged = await itemOf(thirdLine.id, (i) => i.duplicates.length === 1);
    expect(flagged.duplicates).toEqual([{ kind: 'attachment', key: sha, other_sale_id: first.sale_id, other_line_id: firstLine.id, other_partner_id: first.partner_id }]);
    // The same partner's own second sale with the invoice is no cross-partner duplicate.
    const own = await booked(saleOf(second.partner_id, 'INV-2025-078'));
    expect((await itemOf(own.id)).duplicates).toEqual([]);
  });

  it('filters the queue by partner and age; admins only', async () => {
    const partner = randomUUID();
    const line = await booked(saleOf(partner, null));
    expect((await queue({ partner_id: partner })).items.map((i) => i.line.id)).toEqual([line.id]);
    expect((await queue({ partner_id: partner, min_age_days: 1 })).items).toEqual([]);
    const partnerActor: Actor = { user_id: randomUUID(), role: 'partner', partner_id: partner };
    expect(await refusalOf(rpc.call(Rpc.commissions.ListReviews, { page: 1, page_size: 10 }, partnerActor))).toMatchObject({ status: 403, code: ErrorCode.FORBIDDEN });
    const analyst: Actor = { user_id: randomUUID(), role: 'analyst', partner_id: null };
    expect(await refusalOf(review([line.id], 'approve', undefined, analyst))).toMatchObject({ status: 403, code: ErrorCode.FORBIDDEN });
  });
});

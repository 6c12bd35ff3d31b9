import { randomUUID } from 'node:crypto';
import { ErrorCode, Events, Rpc } from '@spiffworks/contracts';
import type { Actor, LogSaleCommand, PartnerSnapshot, ProductSnapshot, SaleView } from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { AssignmentsService } from '../../src/assignments/assignments.service';
import { FulfillmentAppModule } from '../../src/fulfillment-app.module';
import { CommissionsClient } from '../../src/sales/commissions.client';
import { SALE_CLOCK, SalesService } from '../../src/sales/sales.service';
import { LedgerAnswers, approvedPartner, asPartner, catalogProduct, receive, spiffSnapshot } from './fulfillment-inputs';

/** Logging a sale: its commission in the answer, one row, `sale.logged` with its facts; or a refusal that leaves nothing. */
describe('fulfillment: logging sales (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let sales: SalesService;
  const ledger = new LedgerAnswers();
  /** The moment the service's clock reads; the system clock's when null. */
  let moment: Date | null = null;

  beforeAll(async () => {
    h = await serviceHarness({
      service: 'fulfillment', module: FulfillmentAppModule.register,
      standIns: [{ provide: CommissionsClient, useValue: ledger }, { provide: SALE_CLOCK, useValue: () => moment ?? new Date() }],
    });
    sales = h.get(SalesService);
  });
  afterAll(() => h?.close());

  /** A gold partner holding a manual assignment of a fresh product (12 % for gold) over 2025. */
  async function sellerOfOneProduct(): Promise<{ partner: PartnerSnapshot; product: ProductSnapshot; actor: Actor; assignmentId: string }> {
    const product = await catalogProduct(h, 'Monitor 27');
    const partner = await approvedPartner(h);
    const assignment = await h.get(AssignmentsService).create({
      partner_id: partner.id, product_ids: [product.id], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
    }, TEST_ADMIN);
    await h.newEvents();
    return { partner, product, actor: asPartner(partner), assignmentId: assignment.id };
  }

  const salesOf = (partnerId: string) => h.rows('SELECT id, quantity, unit_price, revenue, invoice_number, assignment_ids FROM sales WHERE partner_id = $1', [partnerId]);
  const progressOf = async (assignmentId: string) =>
    (await h.rows('SELECT actual_quantity::text AS units, actual_revenue::text AS revenue FROM assignments WHERE id = $1', [assignmentId]))[0];

  it('logs the worked example: 2 × $1,000 on 2025-01-15 for a gold partner at 12 % with a $100/unit spiff earns 240 + 200 = 440', async () => {
    const laptop = await catalogProduct(h, 'Test Laptop Pro');
    const gold = await approvedPartner(h);
    const q1 = spiffSnapshot([laptop.id], { assignment_type: 'individual', target_tiers: [], target_partners: [gold.id] });
    await receive(h, h.envelope(Events.SpiffCreated, q1, 'campaigns'));
    const [{ id: assignmentId }] = await h.rows<{ id: string }>('SELECT id FROM assignments WHERE spiff_id = $1', [q1.id]);
    await h.newEvents();
    const actor = asPartner(gold);

    const sale = await sales.log({ partner_id: gold.id, product_id: laptop.id, quantity: 2, unit_price: 1000, sale_date: '2025-01-15' }, actor);

    expect(sale).toMatchObject({
      partner_id: gold.id, product_id: laptop.id, product_name: 'Test Laptop Pro', quantity: 2, unit_price: 1000, revenue: 2000,
      sale_date: '2025-01-15', commission_amount: 240, spiff_bonus: 200, total_commission: 440, commission_status: 'pending',
      returned_quantity: 0, spiffs_applied: [{ spiff_id: q1.id, name: 'Q1 Laptop Promotion', bonus: 200 }],
    });
    expect(await salesOf(gold.id)).toEqual([
      { id: sale.id, quantity: 2, unit_price: '1000.00', revenue: '2000.00', invoice_number: null, assignment_ids: [assignmentId] },
    ]);
    expect(await progressOf(assignmentId)).toEqual({ units: '2', revenue: '2000.00' });
    const events = await h.newEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: Events.SaleLogged, source: 'fulfillment' });
    expect(events[0].payload).toEqual({
      sale_id: sale.id, partner_id: gold.id, partner_name: gold.name, tier: 'gold', product_id: laptop.id, product_name: 'Test Laptop Pro',
      quantity: 2, unit_price: '1000.00', revenue: '2000.00', sale_date: '2025-01-15', invoice_number: null, commission_rate: '12',
      spiff_candidates: [{
        spiff_id: q1.id, name: 'Q1 Laptop Promotion', incentive_type: 'fixed', incentive_amount: '100.00', start_date: '2025-01-01',
        end_date: '2025-03-31', status: 'active', cancelled_on: null, product_ids: [laptop.id], partner_has_assignment: true, proof_required: false,
      }],
      assignment_ids: [assignmentId], logged_by: actor.user_id, logged_at: sale.created_at,
    });
  });

  it('a replay with the same Idempotency-Key answers the same sale (its line as the ledger now has it) and records nothing more', async () => {
    const { partner, product, actor, assignmentId } = await sellerOfOneProduct();
    const command: LogSaleCommand = { partner_id: partner.id, product_id: product.id, quantity: 3, unit_price: 19.99, sale_date: '2025-02-01' };
    const key = randomUUID();
    const withKey = (body: LogSaleCommand) => idempotencyOf({ actor, correlation_id: randomUUID(), body, idempotency_key: key }, Rpc.fulfillment.LogSale);

    const first = await sales.log(command, actor, withKey(command));
    // 3 × 19.99 = 59.97 at 12 %: 7.1964, half-up to 7.20
    expect(first).toMatchObject({ revenue: 59.97, commission_amount: 7.2, spiff_bonus: 0, total_commission: 7.2, commission_status: 'pending' });
    expect((await h.newEvents()).map((e) => e.type)).toEqual([Events.SaleLogged]);

    expect(await sales.log(command, actor, withKey(command))).toEqual(first);
    ledger.book(first.id, { commission_amount: 7.2, spiff_bonus: 0, total_commission: 7.2, status: 'approved', spiffs_applied: [] });
    expect(await sales.log(command, actor, withKey(command))).toEqual({ ...first, commission_status: 'approved' });
    expect(await refusalOf(sales.log({ ...command, quantity: 4 }, actor, withKey({ ...command, quantity: 4 })))).toMatchObject({
      status: 422, code: ErrorCode.IDEMPOTENCY_KEY_REUSED,
    });

    expect(await salesOf(partner.id)).toHaveLength(1);
    expect(await progressOf(assignmentId)).toEqual({ units: '3', revenue: '59.97' });
    expect(await h.newEvents()).toEqual([]);
  });

  it('refuses a sale no active assignment covers (422 SALE_NOT_COVERED): outside its period, or of another product; nothing is stored', async () => {
    const { partner, actor, product, assignmentId } = await sellerOfOneProduct();
    const other = await catalogProduct(h, 'Docking Station');
    await h.newEvents();
    for (const change of [{ sale_date: '2024-06-01' }, { product_id: other.id }]) {
      const refusal = await refusalOf(sales.log({ partner_id: partner.id, product_id: product.id, quantity: 1, unit_price: 100, sale_date: '2025-03-01', ...change }, actor));
      expect(refusal).toMatchObject({ status: 422, code: ErrorCode.SALE_NOT_COVERED, message: expect.stringContaining('is not in any active assignment') });
    }
    expect(await salesOf(partner.id)).toEqual([]);
    expect(await progressOf(assignmentId)).toEqual({ units: '0', revenue: '0.00' });
    expect(await h.newEvents()).toEqual([]);
  });

  it('accepts a sale dated today in UTC+14 while that is tomorrow in UTC, and refuses the day after (400 VALIDATION_FAILED on sale_date)', async () => {
    const { partner, actor, assignmentId, product } = await sellerOfOneProduct();
    // 12:00 UTC on 2025-06-30: 02:00 on 2025-07-01 in UTC+14 (Kiribati), the latest today on earth.
    moment = new Date('2025-06-30T12:00:00Z');
    try {
      const sale = { partner_id: partner.id, product_id: product.id, quantity: 1, unit_price: 100 };
      expect(await sales.log({ ...sale, sale_date: '2025-07-01' }, actor)).toMatchObject({ sale_date: '2025-07-01', revenue: 100 });
      expect(await refusalOf(sales.log({ ...sale, sale_date: '2025-07-02' }, actor))).toMatchObject({
        status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'sale_date', reason: 'must not be in the future' }],
      });
      expect(await progressOf(assignmentId)).toEqual({ units: '1', revenue: '100.00' });
    } finally {
      moment = null;
    }
  });

  it('refuses an invoice number the partner already used (409 INVOICE_ALREADY_USED), its progress undone; another partner may use it', async () => {
    const { partner, product, actor, assignmentId } = await sellerOfOneProduct();
    const sale = (invoice: string, quantity: number) => ({ partner_id: partner.id, product_id: product.id, quantity, unit_price: 250, sale_date: '2025-04-01', invoice_number: invoice });
    const first: SaleView = await sales.log(sale('INV-1', 1), actor);
    await h.newEvents();

    for (const invoice of ['INV-1', '  INV-1 ']) {
      expect(await refusalOf(sales.log(sale(invoice, 5), actor))).toMatchObject({
        status: 409, code: ErrorCode.INVOICE_ALREADY_USED, message: 'invoice_number INV-1 was already used for a sale of this partner',
      });
    }
    expect((await salesOf(partner.id)).map((s) => [s.id, s.invoice_number])).toEqual([[first.id, 'INV-1']]);
    expect(await progressOf(assignmentId)).toEqual({ units: '1', revenue: '250.00' });
    expect(await h.newEvents()).toEqual([]);

    const other = await sellerOfOneProduct();
    const theirs = await sales.log({ ...sale('INV-1', 1), partner_id: other.partner.id, product_id: other.product.id }, other.actor);
    expect(theirs).toMatchObject({ invoice_number: 'INV-1', total_commission: 30 });
  });
});

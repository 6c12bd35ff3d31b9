import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ErrorCode, Events, Rpc } from '@spiffworks/contracts';
import type { Actor, AssignmentView, PartnerSnapshot, ProductSnapshot, SaleView } from '@spiffworks/contracts';
import { countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { FulfillmentAppModule } from '../src/fulfillment-app.module';

const ADMIN: Actor = { user_id: '00000000-0000-4000-8000-0000000000aa', role: 'admin', partner_id: null };

/**
 * An assignment's progress sums every sale of a program's life: maximum-size sales (100,000 units ×
 * 1,000,000.00 = 1e11) take it past what integer / numeric(16,2) held, and the sale is still taken.
 */
describe('fulfillment: progress as large as the inputs allow (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;
  let rpc: TestRpcClient;
  const laptop: ProductSnapshot = { id: randomUUID(), name: 'Server Rack', sku: 'RACK-1', commission_rate: 10, commission_rates: {} };
  const id = randomUUID();
  const partner: PartnerSnapshot = { id, name: 'Whale Reseller', tier: 'gold', status: 'approved', contact_email: `${id}@example.com`, version: 1 };

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, broker: true });
    ({ broker, db, rpc } = h);
    broker.publish(broker.envelope(Events.ProductCreated, laptop));
    broker.publish(broker.envelope(Events.PartnerApproved, partner));
    await eventually(async () => (await countRows(db, 'SELECT count(*) FROM catalog_products')) + (await countRows(db, 'SELECT count(*) FROM partner_directory')),
      (n) => n === 2);
  });

  afterAll(() => h?.close());

  const maxSale = (): Promise<SaleView> => rpc.call<SaleView>(Rpc.fulfillment.LogSale, {
    partner_id: partner.id, product_id: laptop.id, quantity: 100_000, unit_price: 1_000_000, sale_date: '2025-01-15',
  }, ADMIN);

  async function assignmentWithProgress(units: string, revenue: string): Promise<string> {
    const assignment = await rpc.call<AssignmentView>(Rpc.fulfillment.CreateAssignment, {
      partner_id: partner.id, product_ids: [laptop.id], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
    }, ADMIN);
    // the program so far, as its earlier sales left it
    await db.query('UPDATE assignments SET actual_quantity = $2, actual_revenue = $3 WHERE id = $1', [assignment.id, units, revenue]);
    return assignment.id;
  }

  const progress = async (assignmentId: string): Promise<{ actual_quantity: string; actual_revenue: string }> =>
    (await db.query('SELECT actual_quantity, actual_revenue FROM assignments WHERE id = $1', [assignmentId])).rows[0];

  it('takes a maximum-size sale on top of progress at the old limits: units past 2^31, revenue past 1e14', async () => {
    // what integer and numeric(16,2) could hold at most, about 21,000 and 1,000 maximum-size sales in
    const assignmentId = await assignmentWithProgress('2147400000', '99999999999999.00');
    const sale = await maxSale();
    expect(sale).toMatchObject({ quantity: 100_000, revenue: 100_000_000_000 });
    expect(await progress(assignmentId)).toEqual({ actual_quantity: '2147500000', actual_revenue: '100099999999999.00' });
    const { rows } = await db.query('SELECT count(*)::int AS n FROM sales WHERE $1 = ANY (assignment_ids)', [assignmentId]);
    expect(rows[0].n).toBe(1);
    await db.query("UPDATE assignments SET status = 'closed' WHERE id = $1", [assignmentId]);
  });

  it('answers an overflow that can still happen with 422 AMOUNT_OUT_OF_RANGE naming the fields, and stores nothing', async () => {
    const assignmentId = await assignmentWithProgress('1000', '999999999999999999999999999999999999.00'); // numeric(38,2) nearly full
    const salesBefore = await countRows(db, 'SELECT count(*) FROM sales');
    const failure = await maxSale().then(() => null, (error: { error: unknown }) => error.error);
    expect(failure).toMatchObject({
      status: 422,
      code: ErrorCode.AMOUNT_OUT_OF_RANGE,
      errors: [{ field: 'quantity', reason: expect.any(String) }, { field: 'unit_price', reason: expect.any(String) }],
    });
    expect(await countRows(db, 'SELECT count(*) FROM sales')).toBe(salesBefore);
    expect(await progress(assignmentId)).toEqual({ actual_quantity: '1000', actual_revenue: '999999999999999999999999999999999999.00' });
  });
});

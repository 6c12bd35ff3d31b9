import { randomUUID } from 'node:crypto';
import { Events, Rpc } from '@spiffworks/contracts';
import type { CommissionView, Page, SaleLoggedPayload, SaleReturnedPayload } from '@spiffworks/contracts';
import { eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { CommissionsAppModule } from '../src/commissions-app.module';

/** The payout file opens safely in a spreadsheet: no cell runs as a formula, no cell splits a row. */
describe('commissions export.csv (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let rpc: TestRpcClient;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'commissions', module: CommissionsAppModule.register, broker: true });
    ({ broker, rpc } = h);
  });

  afterAll(() => h?.close());

  const lines = (partnerId: string): Promise<CommissionView[]> =>
    rpc.call<Page<CommissionView>>(Rpc.commissions.List, { partner_id: partnerId, page: 1, page_size: 100 }).then((p) => p.items);

  it('neutralizes formula cells (=, +, -, @, tab, CR), quotes line breaks, and leaves negative amounts as numbers', async () => {
    const partnerId = randomUUID();
    const sale: SaleLoggedPayload = {
      sale_id: randomUUID(), partner_id: partnerId, partner_name: 'CSV Partners', tier: 'gold', product_id: randomUUID(),
      product_name: 'Laptop', quantity: 2, unit_price: '500.00', revenue: '1000.00', sale_date: '2025-01-15', invoice_number: null,
      commission_rate: '12', spiff_candidates: [], assignment_ids: [randomUUID()], logged_by: randomUUID(), logged_at: new Date().toISOString(),
    };
    broker.publish(broker.envelope(Events.SaleLogged, sale, 'fulfillment'));
    const returned: SaleReturnedPayload = {
      return_id: randomUUID(), sale_id: sale.sale_id, partner_id: partnerId, product_id: sale.product_id, sale_date: sale.sale_date,
      sold_quantity: 2, returned_before: 0, quantity: 1, revenue_returned: '500.00', reason: 'returned', returned_at: new Date().toISOString(),
    };
    broker.publish(broker.envelope(Events.SaleReturned, returned, 'fulfillment'));
    const [line, clawback] = await eventually(async () => {
      const all = await lines(partnerId);
      return [all.find((l) => l.kind === 'sale'), all.find((l) => l.kind === 'clawback')];
    }, ([l, c]) => Boolean(l && c));
    await rpc.call(Rpc.commissions.Approve, { ids: [line!.id, clawback!.id] });
    await rpc.call(Rpc.commissions.Pay, { ids: [line!.id], payout_reference: '\t=HYPERLINK("http://evil.example","x")' });
    await rpc.call(Rpc.commissions.Pay, { ids: [clawback!.id], payout_reference: '\r@SUM(A1:A9)\r\nforged,row' });

    const csv = await rpc.call<string>(Rpc.commissions.Export, { partner_id: partnerId });
    const [header, ...rows] = csv.split('\n');
    expect(header.split(',')).toContain('payout_reference');
    expect(csv).toContain(`,"'\t=HYPERLINK(""http://evil.example"",""x"")",`); // neutralized, quotes doubled
    expect(csv).toContain(`,"'\r@SUM(A1:A9)\r\nforged,row",`); // neutralized, CR/LF and comma inside quotes
    expect(csv).toContain(',-60.00,'); // the clawback's amounts stay numbers
    expect(csv).not.toContain(",'-60.00");
    // split on \n only inside quotes: the payout file still has exactly two records
    const records = csv.trimEnd().split(/\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(records).toHaveLength(3);
    expect(rows.length).toBeGreaterThan(0);
  });
});

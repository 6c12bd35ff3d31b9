import { randomUUID } from 'node:crypto';
import { COMMISSION_EXPORT_COLUMNS, Events, Rpc, csvRow } from '@spiffworks/contracts';
import type { CommissionExportPage, CommissionView, Page, SaleLoggedPayload, SaleReturnedPayload } from '@spiffworks/contracts';
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

  const saleOf = (partnerId: string): SaleLoggedPayload => ({
    sale_id: randomUUID(), partner_id: partnerId, partner_name: 'CSV Partners', tier: 'gold', product_id: randomUUID(),
    product_name: 'Laptop', quantity: 2, unit_price: '500.00', revenue: '1000.00', sale_date: '2025-01-15', invoice_number: null,
    commission_rate: '12', spiff_candidates: [], assignment_ids: [randomUUID()], logged_by: randomUUID(), logged_at: new Date().toISOString(),
  });

  /** Every page of the partner's payout file, `limit` lines at a time, as the gateway asks them. */
  async function pagesOf(partnerId: string, limit: number): Promise<CommissionExportPage[]> {
    const pages: CommissionExportPage[] = [];
    let after: CommissionExportPage['next'] = null;
    do {
      const page: CommissionExportPage = await rpc.call<CommissionExportPage>(Rpc.commissions.ExportPage, { partner_id: partnerId, after, limit });
      pages.push(page);
      after = page.next;
    } while (after && pages.length < 100);
    return pages;
  }

  it('pages the payout file oldest first by (created_at, id), no line skipped or repeated, even lines within one millisecond', async () => {
    const partnerId = randomUUID();
    const sales = Array.from({ length: 7 }, () => saleOf(partnerId));
    for (const sale of sales) broker.publish(broker.envelope(Events.SaleLogged, sale, 'fulfillment'));
    await eventually(() => lines(partnerId), (all) => all.length === sales.length);
    // All seven in one millisecond, 0, 1 or 2 microseconds apart: a cursor rounded to the millisecond would lose or repeat lines.
    await h.db.query(
      `UPDATE commission_lines l SET created_at = '2025-02-01T10:00:00.123Z'::timestamptz + (o.n % 3) * interval '1 microsecond'
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM commission_lines WHERE partner_id = $1) o WHERE l.id = o.id`,
      [partnerId],
    );
    const expected = (await h.rows<{ id: string }>('SELECT id FROM commission_lines WHERE partner_id = $1 ORDER BY created_at, id', [partnerId])).map((r) => r.id);
    const idsOf = (pages: CommissionExportPage[]): string[] => pages.flatMap((p) => p.csv.split('\n').filter(Boolean).map((record) => record.split(',')[0]));

    const byTwo = await pagesOf(partnerId, 2);
    expect(byTwo.map((p) => p.lines)).toEqual([2, 2, 2, 1]);
    expect(byTwo.at(-1)!.next).toBeNull();
    expect(idsOf(byTwo)).toEqual(expected);

    // A last page exactly full: one more ask, answered empty, ends the file.
    const whole = await pagesOf(partnerId, 7);
    expect(whole.map((p) => [p.lines, p.csv === '', p.next === null])).toEqual([[7, false, false], [0, true, true]]);
    expect(idsOf(whole)).toEqual(expected);
  });

  it('writes every cell as the ledger holds it: amounts to the cent, the sale date, created_at in ISO UTC to the millisecond, nulls empty', async () => {
    const partnerId = randomUUID();
    const sale = saleOf(partnerId);
    broker.publish(broker.envelope(Events.SaleLogged, sale, 'fulfillment'));
    await eventually(() => lines(partnerId), (all) => all.length === 1);
    // Microseconds past the millisecond: the file truncates them, as a JS Date of the line prints it.
    await h.db.query(`UPDATE commission_lines SET created_at = '2025-03-09T23:59:59.999987Z' WHERE partner_id = $1`, [partnerId]);
    const [line] = await h.rows<Record<string, string | null> & { created_at: Date }>(
      `SELECT id, partner_id, kind, sale_id, sale_date, revenue, commission_amount, spiff_bonus, reward_amount, total_commission, status,
         payout_reference, created_at FROM commission_lines WHERE partner_id = $1`,
      [partnerId],
    );

    const page = await rpc.call<CommissionExportPage>(Rpc.commissions.ExportPage, { partner_id: partnerId, after: null, limit: 10 });
    const cells = [line.id, line.partner_id, 'sale', sale.sale_id, '2025-01-15', '1000.00', '120.00', '0.00', '0.00', '120.00', 'pending', '', '2025-03-09T23:59:59.999Z'];
    expect(page.csv).toBe(`${cells.join(',')}\n`);
    expect(line).toMatchObject({ kind: 'sale', sale_date: '2025-01-15', revenue: '1000.00', payout_reference: null });
    expect(line.created_at.toISOString()).toBe('2025-03-09T23:59:59.999Z');
    expect(page.next).toBeNull();
  });

  it('neutralizes formula cells (=, +, -, @, tab, CR), quotes line breaks, and leaves negative amounts as numbers', async () => {
    const partnerId = randomUUID();
    const sale = saleOf(partnerId);
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

    const page = await rpc.call<CommissionExportPage>(Rpc.commissions.ExportPage, { partner_id: partnerId, after: null, limit: 100 });
    const csv = `${csvRow(COMMISSION_EXPORT_COLUMNS)}\n${page.csv}`;
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

import { randomUUID } from 'node:crypto';
import { Events, normalizeInvoiceNumber } from '@spiffworks/contracts';
import type { CommissionChangedPayload, CommissionsRecordedPayload } from '@spiffworks/contracts';
import { NotReadyYet } from '@spiffworks/messaging';
import { serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { CommissionsAppModule } from '../../src/commissions-app.module';
import { fixedSpiff, linesOf, netCents, receive, returnOf, saleFacts } from './ledger-inputs';

/** The ledger books what fulfillment reports: one line per sale, a clawback per return, on its own database. */
describe('commission ledger: booking sales and returns (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'commissions', module: CommissionsAppModule.register });
  });
  afterAll(() => h?.close());
  beforeEach(() => h.newEvents());

  const lineCount = (saleId: string): Promise<number> => h.count('SELECT count(*) FROM commission_lines WHERE sale_id = $1', [saleId]);

  it('books the worked example once: 2 × $1,000 at 12 % with a $100/unit spiff is 240 + 200 = 440, redelivered or published again', async () => {
    const partnerId = randomUUID();
    const q1 = fixedSpiff('Q1 Laptop Promotion', '100.00');
    const sale = saleFacts(partnerId, 2, '1000.00', '12', [q1]);
    const logged = h.envelope(Events.SaleLogged, sale, 'fulfillment');

    expect(await receive(h, logged)).toBe('processed');

    const [line] = await linesOf(h, partnerId);
    expect(line).toMatchObject({
      kind: 'sale', sale_id: sale.sale_id, revenue: 2000, commission_amount: 240, spiff_bonus: 200, reward_amount: 0, total_commission: 440,
      status: 'pending', spiffs_applied: [{ spiff_id: q1.spiff_id, name: 'Q1 Laptop Promotion', bonus: 200 }],
    });
    expect(line.trace).toMatchObject({ tier: 'gold', commission_rate: '12', revenue: '2000.00', spiffs: [expect.objectContaining({ applied: true, bonus: '200.00' })] });
    expect(await h.newEvents()).toEqual([expect.objectContaining({
      type: Events.CommissionRecorded, source: 'commissions',
      payload: {
        commission_id: line.id, kind: 'sale', partner_id: partnerId, tier: 'gold', sale_id: sale.sale_id, return_id: null, sale_date: '2025-01-15',
        product_id: sale.product_id, revenue: '2000.00', commission_amount: '240.00', spiff_bonus: '200.00', reward_amount: '0.00',
        total_commission: '440.00', spiff_bonuses: [{ spiff_id: q1.spiff_id, bonus: '200.00' }], previous_status: null, status: 'pending',
      },
    })]);

    // The broker delivering it again (the inbox knows it), and the same sale in another envelope (one line per sale_id).
    expect(await receive(h, logged)).toBe('duplicate');
    expect(await receive(h, h.envelope(Events.SaleLogged, sale, 'fulfillment'))).toBe('processed');
    expect(await lineCount(sale.sale_id)).toBe(1);
    expect(await h.newEvents()).toEqual([]);
  });

  it('books a file chunk\'s sales.logged exactly as each sale.logged: the same lines and history, one commissions.recorded, never twice', async () => {
    const partnerId = randomUUID();
    const q1 = fixedSpiff('Q1 Laptop Promotion', '100.00');
    const alone = saleFacts(partnerId, 2, '1000.00', '12', [q1]);
    // The first of the chunk is the single sale again under another id and with an invoice: every column it stores must be the same.
    const chunk = [{ ...alone, sale_id: randomUUID(), invoice_number: ' inv-0042 ' }, saleFacts(partnerId, 3, '333.33', '10'), alone];
    await receive(h, h.envelope(Events.SaleLogged, alone, 'fulfillment'));
    const [single] = await h.newEvents();

    const batch = h.envelope(Events.SalesLogged, { sales: chunk }, 'fulfillment');
    expect(await receive(h, batch)).toBe('processed');

    const lines = await linesOf(h, partnerId);
    expect(lines).toHaveLength(3); // the sale booked through sale.logged before is not booked again
    const figures = (l: (typeof lines)[number]) => [l.sale_id, l.status, l.revenue, l.commission_amount, l.spiff_bonus, l.total_commission];
    expect(lines.map(figures)).toEqual(expect.arrayContaining([
      [chunk[0].sale_id, 'pending', 2000, 240, 200, 440],
      [chunk[1].sale_id, 'pending', 999.99, 100, 0, 100],
      [alone.sale_id, 'pending', 2000, 240, 200, 440],
    ]));
    const stored = await h.rows<Record<string, unknown>>(
      `SELECT sale_id, kind, partner_id, tier, product_id, sale_date, invoice_number, invoice_key, revenue, commission_amount, spiff_bonus, reward_amount,
              total_commission, spiffs_applied, spiff_ids, trace, status, status_reason, payout_reference, milestone_achievement_id, return_id, dispute_id
       FROM commission_lines WHERE sale_id = ANY ($1::uuid[])`, [[chunk[0].sale_id, alone.sale_id]],
    );
    const columnsOf = (saleId: string) => {
      const { sale_id: _id, invoice_number, invoice_key, ...rest } = stored.find((row) => row.sale_id === saleId) as Record<string, unknown>;
      return { rest, invoice: [invoice_number, invoice_key] };
    };
    expect(columnsOf(chunk[0].sale_id).rest).toEqual(columnsOf(alone.sale_id).rest);
    expect(columnsOf(chunk[0].sale_id).invoice).toEqual([' inv-0042 ', normalizeInvoiceNumber(' inv-0042 ')]);
    expect(columnsOf(alone.sale_id).invoice).toEqual([null, null]);

    const history = await h.rows<{ to_status: string }>(
      'SELECT c.to_status FROM commission_status_changes c JOIN commission_lines l ON l.id = c.commission_id WHERE l.partner_id = $1', [partnerId],
    );
    expect(history.map((c) => c.to_status)).toEqual(['pending', 'pending', 'pending']);
    const events = await h.newEvents();
    expect(events.map((e) => e.type)).toEqual([Events.CommissionsRecorded]);
    const recorded = (events[0].payload as CommissionsRecordedPayload).lines;
    expect(recorded.map((l) => l.sale_id)).toEqual([chunk[0].sale_id, chunk[1].sale_id]);
    const { commission_id: _a, sale_id: _b, product_id: _c, ...sameAsSingle } = single.payload as CommissionChangedPayload;
    expect(recorded[0]).toMatchObject(sameAsSingle);

    expect(await receive(h, batch)).toBe('duplicate');
    expect(await receive(h, h.envelope(Events.SalesLogged, { sales: chunk }, 'fulfillment'))).toBe('processed');
    expect(await linesOf(h, partnerId)).toHaveLength(3);
    expect(await h.newEvents()).toEqual([]);
  });

  it('claws back a sale returned in parts by its cumulative share: each part to the cent, the whole exactly what it earned', async () => {
    const partnerId = randomUUID();
    // 3 × 333.33 = 999.99 at 10 %: base 100.00 (99.999 rounded), bonus 3 × 12.34 = 37.02
    const sale = saleFacts(partnerId, 3, '333.33', '10', [fixedSpiff('Kicker', '12.34')]);
    await receive(h, h.envelope(Events.SaleLogged, sale, 'fulfillment'));
    await h.newEvents();

    const totals: string[] = [];
    for (const returnedBefore of [0, 1, 2]) {
      const returned = returnOf(sale, 1, returnedBefore);
      expect(await receive(h, h.envelope(Events.SaleReturned, returned, 'fulfillment'))).toBe('processed');
      const [recorded] = await h.newEvents();
      expect(recorded).toMatchObject({ type: Events.CommissionRecorded, payload: { kind: 'clawback', return_id: returned.return_id, revenue: '-333.33', status: 'pending' } });
      const payload = recorded.payload as { commission_amount: string; spiff_bonus: string; total_commission: string };
      totals.push(`${payload.commission_amount} + ${payload.spiff_bonus} = ${payload.total_commission}`);
    }
    // round(100 × 1/3) = 33.33, round(100 × 2/3) − 33.33 = 33.34, 100 − 66.67 = 33.33; the bonus 12.34 a unit
    expect(totals).toEqual(['-33.33 + -12.34 = -45.67', '-33.34 + -12.34 = -45.68', '-33.33 + -12.34 = -45.67']);

    const lines = await linesOf(h, partnerId);
    expect(lines.map((l) => [l.kind, l.status])).toEqual([['sale', 'pending'], ['clawback', 'pending'], ['clawback', 'pending'], ['clawback', 'pending']]);
    expect(lines[0]).toMatchObject({ commission_amount: 100, spiff_bonus: 37.02, total_commission: 137.02 }); // never edited
    expect(lines[3].trace).toMatchObject({ clawback: { original_line_id: lines[0].id, sold_quantity: 3, returned_before: 2, returned: 1 } });
    expect(netCents(lines)).toBe(0);
  });

  it('a clawback arriving before its sale line waits, booking nothing, and is booked once the sale is', async () => {
    const partnerId = randomUUID();
    const sale = saleFacts(partnerId, 4, '500.00', '12'); // 240.00, 60.00 a unit
    const returned = h.envelope(Events.SaleReturned, returnOf(sale, 1), 'fulfillment');

    await expect(receive(h, returned)).rejects.toBeInstanceOf(NotReadyYet);
    expect(await h.count('SELECT count(*) FROM inbox WHERE id = $1', [returned.id])).toBe(0);
    expect(await lineCount(sale.sale_id)).toBe(0);
    expect(await h.newEvents()).toEqual([]);

    await receive(h, h.envelope(Events.SaleLogged, sale, 'fulfillment'));
    expect(await receive(h, returned)).toBe('processed'); // its redelivery

    const lines = await linesOf(h, partnerId);
    expect(lines).toMatchObject([
      { kind: 'sale', total_commission: 240, status: 'pending' },
      { kind: 'clawback', return_id: returned.payload.return_id, revenue: -500, commission_amount: -60, total_commission: -60, status: 'pending' },
    ]);
    expect((await h.newEvents()).map((e) => [e.type, (e.payload as { kind: string; total_commission: string }).kind, (e.payload as { total_commission: string }).total_commission]))
      .toEqual([[Events.CommissionRecorded, 'sale', '240.00'], [Events.CommissionRecorded, 'clawback', '-60.00']]);
  });
});

import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ErrorCode, Events, Rpc, SALE_IMPORT_APPEND_ROWS, SALE_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type {
  Actor, AssignmentView, LogSaleCommand, PartnerSnapshot, ProductSnapshot, SaleImportErrorsPage, SaleImportRow, SaleImportView, SalesLoggedPayload,
  ServiceError,
} from '@spiffworks/contracts';
import { RpcCallFailed } from '@spiffworks/messaging';
import { TEST_ADMIN, countRows, eventually, serviceHarness } from '@spiffworks/testing';
import type { BrokerServiceHarness, TestBroker, TestRpcClient } from '@spiffworks/testing';
import { FulfillmentAppModule } from '../src/fulfillment-app.module';

/** What the service answered a refused RPC; fails the test if it was carried out. */
async function refusal(call: Promise<unknown>): Promise<ServiceError> {
  const outcome = await call.then(() => null, (error: unknown) => error);
  if (outcome instanceof RpcCallFailed) return outcome.error;
  throw new Error(`a refusal was expected, got ${String(outcome)}`);
}

/** A sell-through file streamed in over RPC as the gateway does it, weighed by the worker loop running in the service. */
describe('fulfillment: sale imports over RPC (real PostgreSQL and RabbitMQ)', () => {
  let h: BrokerServiceHarness;
  let broker: TestBroker;
  let db: Pool;
  let rpc: TestRpcClient;
  const product: ProductSnapshot = { id: randomUUID(), name: 'Access Point', sku: 'AP-1', commission_rate: 10, commission_rates: { gold: 12 } };
  const partner = (name: string): PartnerSnapshot => {
    const id = randomUUID();
    return { id, name, tier: 'gold', status: 'approved', contact_email: `${id}@example.com`, version: 1 };
  };
  const seller = partner('Shelf Space Ltd');
  const stranger = partner('Somebody Else Inc');
  const actor: Actor = { user_id: randomUUID(), role: 'partner', partner_id: seller.id };

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, broker: true });
    ({ broker, db, rpc } = h);
    await broker.listen([Events.SalesLogged]);
    await h.apply(broker.envelope(Events.ProductCreated, product), broker.envelope(Events.PartnerApproved, seller), broker.envelope(Events.PartnerApproved, stranger));
    await rpc.call<AssignmentView>(Rpc.fulfillment.CreateAssignment, {
      partner_id: seller.id, product_ids: [product.id], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31',
    }, TEST_ADMIN);
  });

  afterAll(() => h?.close());

  const sale = (n: number, change: Partial<LogSaleCommand> = {}): LogSaleCommand => ({
    partner_id: seller.id, product_id: product.id, quantity: 1, unit_price: 99.5, sale_date: '2025-03-01', invoice_number: `POS-${n}`, ...change,
  });
  const cellsOf = (s: LogSaleCommand): string[] => [s.partner_id, s.product_id, String(s.quantity), String(s.unit_price), s.sale_date, s.invoice_number ?? ''];

  it('opens, appends in chunks, closes, and the worker completes the import: good rows booked and published, bad rows listed', async () => {
    const rows: SaleImportRow[] = Array.from({ length: 1_500 }, (_, i) => {
      const row = i + 2;
      if (row === 10) return { row, cells: ['x', product.id, '1', '99.5', '2025-03-01', 'POS-X'], errors: [{ field: 'partner_id', reason: 'must be a UUID' }] };
      if (row === 700) return { row, cells: cellsOf(sale(row, { partner_id: stranger.id })), sale: sale(row, { partner_id: stranger.id }) };
      const s = row === 1_200 ? sale(3) : sale(row);
      return { row, cells: cellsOf(s), sale: s };
    });
    const opened = await rpc.call<SaleImportView>(Rpc.fulfillment.OpenSaleImport, { header: [...SALE_IMPORT_COLUMNS], file_name: 'pos.csv' }, actor);
    expect(opened).toMatchObject({ status: 'receiving', file_name: 'pos.csv', rows_total: 0 });
    for (let i = 0; i < rows.length; i += SALE_IMPORT_APPEND_ROWS) {
      const { rows_received: received } = await rpc.call<{ rows_received: number }>(
        Rpc.fulfillment.AppendSaleImportRows, { import_id: opened.id, rows: rows.slice(i, i + SALE_IMPORT_APPEND_ROWS) }, actor,
      );
      expect(received).toBe(Math.min(i + SALE_IMPORT_APPEND_ROWS, rows.length));
    }
    const closed = await rpc.call<SaleImportView>(Rpc.fulfillment.CloseSaleImport, { import_id: opened.id, rows_total: rows.length }, actor);
    expect(closed).toMatchObject({ id: opened.id, rows_total: 1_500 });

    const done = await eventually(
      () => rpc.call<SaleImportView>(Rpc.fulfillment.GetSaleImport, { import_id: opened.id }, actor),
      (view) => view.status === 'completed',
      { timeoutMs: 60_000 },
    );
    expect(done).toMatchObject({ rows_total: 1_500, rows_accepted: 1_497, rows_rejected: 3, failure: null, finished_at: expect.any(String) });
    expect(done.errors).toEqual([
      { row: 10, field: 'partner_id', reason: 'must be a UUID' },
      { row: 700, field: 'partner_id', reason: 'a partner logs sales for itself only' },
      { row: 1_200, field: 'invoice_number', reason: 'invoice_number POS-3 was already used for a sale of this partner' },
    ]);
    expect(await countRows(db, 'SELECT count(*) FROM sales WHERE partner_id = $1', [seller.id])).toBe(1_497);
    // The chunk's sales go out as sales.logged, at most SALES_PER_EVENT to a message.
    const published = await eventually(
      async () => broker.eventsOf<SalesLoggedPayload>(Events.SalesLogged).flatMap((e) => e.payload.sales).filter((sale) => sale.partner_id === seller.id),
      (sales) => sales.length >= 1_497,
    );
    expect(new Set(published.map((sale) => sale.invoice_number)).size).toBe(1_497);
    expect(broker.eventsOf<SalesLoggedPayload>(Events.SalesLogged).map((e) => e.payload.sales.length).sort()).toEqual([497, 500, 500]);

    const page = await rpc.call<SaleImportErrorsPage>(Rpc.fulfillment.SaleImportErrorsPage, { import_id: opened.id, after_row: 0, limit: 2 }, actor);
    expect(page).toEqual({
      header: [...SALE_IMPORT_COLUMNS],
      csv: `10,partner_id,must be a UUID,x,${product.id},1,99.5,2025-03-01,POS-X\n` +
        `700,partner_id,a partner logs sales for itself only,${stranger.id},${product.id},1,99.5,2025-03-01,POS-700\n`,
      next_after_row: 700,
    });
    const theirs: Actor = { user_id: randomUUID(), role: 'partner', partner_id: stranger.id };
    expect(await refusal(rpc.call(Rpc.fulfillment.GetSaleImport, { import_id: opened.id }, theirs))).toMatchObject({
      status: 404, code: ErrorCode.SALE_IMPORT_NOT_FOUND,
    });
  });

  it('a chunk that keeps failing backs off alone: the import behind it completes, and it completes once the failure is gone', async () => {
    const upload = async (rows: SaleImportRow[]): Promise<string> => {
      const { id } = await rpc.call<SaleImportView>(Rpc.fulfillment.OpenSaleImport, { header: [...SALE_IMPORT_COLUMNS], file_name: null }, actor);
      await rpc.call(Rpc.fulfillment.AppendSaleImportRows, { import_id: id, rows }, actor);
      await rpc.call(Rpc.fulfillment.CloseSaleImport, { import_id: id, rows_total: rows.length }, actor);
      return id;
    };
    const statusOf = (id: string) => rpc.call<SaleImportView>(Rpc.fulfillment.GetSaleImport, { import_id: id }, actor);
    await db.query(`CREATE FUNCTION refuse_stuck() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.invoice_number = 'STUCK' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`);
    await db.query('CREATE TRIGGER refuse_stuck BEFORE INSERT ON sales FOR EACH ROW EXECUTE FUNCTION refuse_stuck()');
    let stuck: string;
    try {
      stuck = await upload([{ row: 2, cells: cellsOf(sale(5_000, { invoice_number: 'STUCK' })), sale: sale(5_000, { invoice_number: 'STUCK' }) }]);
      const behind = await upload([{ row: 2, cells: cellsOf(sale(5_001)), sale: sale(5_001) }]);

      expect(await eventually(() => statusOf(behind), (view) => view.status === 'completed')).toMatchObject({ rows_accepted: 1 });
      expect(await statusOf(stuck)).toMatchObject({ status: 'queued', rows_accepted: 0, rows_rejected: 0 });
    } finally {
      await db.query('DROP TRIGGER refuse_stuck ON sales');
      await db.query('DROP FUNCTION refuse_stuck()');
    }
    expect(await eventually(() => statusOf(stuck), (view) => view.status === 'completed', { timeoutMs: 60_000 })).toMatchObject({ rows_accepted: 1 });
    expect(await countRows(db, `SELECT count(*) FROM sales WHERE invoice_number = 'STUCK'`)).toBe(1);
  });

  it('an aborted upload fails with its reason over RPC and takes no more rows', async () => {
    const opened = await rpc.call<SaleImportView>(Rpc.fulfillment.OpenSaleImport, { header: [...SALE_IMPORT_COLUMNS], file_name: null }, actor);
    await rpc.call(Rpc.fulfillment.AppendSaleImportRows, { import_id: opened.id, rows: [{ row: 2, cells: cellsOf(sale(9_000)), sale: sale(9_000) }] }, actor);
    const aborted = await rpc.call<SaleImportView>(Rpc.fulfillment.AbortSaleImport, { import_id: opened.id, reason: 'client went away' }, actor);
    expect(aborted).toMatchObject({ status: 'failed', failure: 'client went away', rows_accepted: 0 });
    expect(await refusal(rpc.call(Rpc.fulfillment.AppendSaleImportRows, { import_id: opened.id, rows: [] }, actor))).toMatchObject({
      status: 409, code: ErrorCode.SALE_IMPORT_NOT_RECEIVING,
    });
    expect(await countRows(db, `SELECT count(*) FROM sales WHERE invoice_number = 'POS-9000'`)).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { ErrorCode, Events, Rpc, SALES_PER_EVENT, SALE_IMPORT_APPEND_ROWS, SALE_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type {
  Actor, EventEnvelope, FieldError, LogSaleCommand, Milestone, PartnerSnapshot, ProductSnapshot, SaleImportRow, SaleImportView, SaleLoggedPayload,
  SalesLoggedPayload,
} from '@spiffworks/contracts';
import { runWithCorrelation } from '@spiffworks/messaging';
import { UPLOAD_DID_NOT_FINISH, importUpkeepToken } from '@spiffworks/imports';
import type { ImportUpkeep } from '@spiffworks/imports';
import { RetentionPurger, idempotencyOf } from '@spiffworks/runtime';
import { TEST_ADMIN, refusalOf, serviceHarness } from '@spiffworks/testing';
import type { ServiceHarness } from '@spiffworks/testing';
import { AssignmentsService } from '../../src/assignments/assignments.service';
import { FulfillmentAppModule } from '../../src/fulfillment-app.module';
import { SALE_IMPORTS } from '../../src/sale-imports/sale-import-kind';
import { SaleImportWorker } from '../../src/sale-imports/sale-import.worker';
import { SaleImportsService } from '../../src/sale-imports/sale-imports.service';
import { CommissionsClient } from '../../src/sales/commissions.client';
import { SalesService } from '../../src/sales/sales.service';
import { LedgerAnswers, approvedPartner, asPartner, catalogProduct, receive, spiffSnapshot } from './fulfillment-inputs';

const HEADER = [...SALE_IMPORT_COLUMNS];

/** A data row of a file: a sale whose shape passed the gateway's validation, or the cells the gateway refused and why. */
type FileRow = LogSaleCommand | { cells: string[]; errors: FieldError[] };

const cellsOf = (s: LogSaleCommand): string[] =>
  [s.partner_id, s.product_id, String(s.quantity), String(s.unit_price), s.sale_date, s.invoice_number ?? ''];

/** The rows as the gateway sends them: numbered from 2 (the header is row 1). */
const numbered = (rows: FileRow[], first = 2): SaleImportRow[] =>
  rows.map((r, i) => ('errors' in r ? { row: first + i, cells: r.cells, errors: r.errors } : { row: first + i, cells: cellsOf(r), sale: r }));

/** Sell-through files: every accepted row a sale exactly as the API logs it, every other row rejected with its reason. */
describe('fulfillment: sale imports (service and PostgreSQL, no broker)', () => {
  let h: ServiceHarness;
  let imports: SaleImportsService;
  let worker: SaleImportWorker;
  let sales: SalesService;

  beforeAll(async () => {
    h = await serviceHarness({ service: 'fulfillment', module: FulfillmentAppModule.register, standIns: [{ provide: CommissionsClient, useValue: new LedgerAnswers() }] });
    imports = h.get(SaleImportsService);
    worker = h.get(SaleImportWorker);
    sales = h.get(SalesService);
  });
  afterAll(() => h?.close());

  interface Seller { partner: PartnerSnapshot; product: ProductSnapshot; actor: Actor; assignmentId: string }

  /** A gold partner holding a manual assignment of a fresh product (12 % for gold) over 2025. */
  async function seller(milestones: Milestone[] = []): Promise<Seller> {
    const product = await catalogProduct(h, 'Monitor 27');
    const partner = await approvedPartner(h);
    const assignment = await h.get(AssignmentsService).create({
      partner_id: partner.id, product_ids: [product.id], assignment_type: 'product', start_date: '2025-01-01', end_date: '2025-12-31', milestones,
    }, TEST_ADMIN);
    await h.newEvents();
    return { partner, product, actor: asPartner(partner), assignmentId: assignment.id };
  }

  const saleOf = (s: Seller, quantity: number, invoice: string, change: Partial<LogSaleCommand> = {}): LogSaleCommand => ({
    partner_id: s.partner.id, product_id: s.product.id, quantity, unit_price: 250, sale_date: '2025-04-01', invoice_number: invoice, ...change,
  });

  /** Streams the file in as the gateway does (open, appends of 1,000 rows, close); answers the import's id. */
  async function upload(actor: Actor, rows: FileRow[]): Promise<string> {
    const opened = await imports.open({ header: HEADER, file_name: 'sales.csv' }, actor);
    const sent = numbered(rows);
    for (let i = 0; i < sent.length; i += SALE_IMPORT_APPEND_ROWS) {
      await imports.append({ import_id: opened.id, rows: sent.slice(i, i + SALE_IMPORT_APPEND_ROWS) }, actor);
    }
    await imports.close({ import_id: opened.id, rows_total: rows.length }, actor);
    return opened.id;
  }

  /** Lets the worker weigh chunks until no import has rows left; answers how many chunks it took. */
  async function drain(): Promise<number> {
    let chunks = 0;
    while (await worker.processNextChunk()) chunks++;
    return chunks;
  }

  async function importFile(actor: Actor, rows: FileRow[]): Promise<SaleImportView> {
    const id = await upload(actor, rows);
    await drain();
    return imports.get({ import_id: id }, actor);
  }

  const invoicesOf = async (partnerId: string): Promise<string[]> =>
    (await h.rows<{ invoice_number: string }>('SELECT invoice_number FROM sales WHERE partner_id = $1 ORDER BY created_at, invoice_number', [partnerId]))
      .map((s) => s.invoice_number);
  const progressOf = async (assignmentId: string) =>
    (await h.rows('SELECT actual_quantity::text AS units, actual_revenue::text AS revenue FROM assignments WHERE id = $1', [assignmentId]))[0];
  /** The sales a chunk's `sales.logged` events carry, in order. */
  const salesIn = (events: EventEnvelope[]): SaleLoggedPayload[] =>
    events.flatMap((e) => (e.type === Events.SalesLogged ? (e.payload as SalesLoggedPayload).sales : []));

  it('books each accepted row as the API books a sale: the same sale.logged facts, the same progress and milestones', async () => {
    const laptop = await catalogProduct(h, 'Test Laptop Pro');
    const gold = await approvedPartner(h);
    const q1 = spiffSnapshot([laptop.id], {
      assignment_type: 'individual', target_tiers: [], target_partners: [gold.id],
      milestones: [{ name: 'Five units', metric: 'units', threshold: 5, reward_amount: 50 }],
    });
    await receive(h, h.envelope(Events.SpiffCreated, q1, 'campaigns'));
    const [{ id: assignmentId }] = await h.rows<{ id: string }>('SELECT id FROM assignments WHERE spiff_id = $1', [q1.id]);
    await h.newEvents();
    const actor = asPartner(gold);
    const sale = (quantity: number, invoice: string): LogSaleCommand => ({
      partner_id: gold.id, product_id: laptop.id, quantity, unit_price: 1000, sale_date: '2025-01-15', invoice_number: invoice,
    });
    await sales.log(sale(2, 'API-1'), actor);
    const [viaApi] = await h.newEvents();

    const id = await runWithCorrelation('upload-7f3a', () => upload(actor, [sale(2, 'FILE-1'), sale(1, 'FILE-2')]));
    expect(await imports.get({ import_id: id }, actor)).toMatchObject({ status: 'queued', rows_total: 2, rows_accepted: 0, finished_at: null });
    expect(await drain()).toBe(1);

    expect(await imports.get({ import_id: id }, actor)).toEqual({
      id, status: 'completed', file_name: 'sales.csv', rows_total: 2, rows_accepted: 2, rows_rejected: 0, errors: [], failure: null,
      created_at: expect.any(String), finished_at: expect.any(String), rows_purged_at: null,
    });
    const booked = await h.rows(
      `SELECT r.row, s.id, s.quantity, s.revenue, s.invoice_number, s.logged_by, s.assignment_ids
       FROM sale_import_rows r JOIN sales s ON s.id = r.sale_id WHERE r.import_id = $1 ORDER BY r.row`,
      [id],
    );
    expect(booked).toEqual([
      { row: 2, id: expect.any(String), quantity: 2, revenue: '2000.00', invoice_number: 'FILE-1', logged_by: actor.user_id, assignment_ids: [assignmentId] },
      { row: 3, id: expect.any(String), quantity: 1, revenue: '1000.00', invoice_number: 'FILE-2', logged_by: actor.user_id, assignment_ids: [assignmentId] },
    ]);
    expect(await progressOf(assignmentId)).toEqual({ units: '5', revenue: '5000.00' });

    // The second row takes the assignment to five units: its milestone is reached, and the chunk's sales go out in one sales.logged.
    const events = await h.newEvents();
    expect(events.map((e) => e.type)).toEqual([Events.MilestoneAchieved, Events.SalesLogged]);
    expect(events.map((e) => e.correlation_id)).toEqual(['upload-7f3a', 'upload-7f3a']);
    const sameFacts = ({ sale_id: _id, invoice_number: _invoice, logged_at: _at, ...facts }: SaleLoggedPayload) => facts;
    expect(viaApi.payload).toMatchObject({ commission_rate: '12', spiff_candidates: [{ spiff_id: q1.id, partner_has_assignment: true }] });
    const [first, second] = salesIn(events);
    expect(sameFacts(first)).toEqual(sameFacts(viaApi.payload as SaleLoggedPayload));
    expect(first).toMatchObject({ sale_id: booked[0].id, invoice_number: 'FILE-1' });
    expect(second).toMatchObject({ sale_id: booked[1].id, invoice_number: 'FILE-2', quantity: 1, revenue: '1000.00', unit_price: '1000.00' });
    expect(events[0].payload).toMatchObject({
      partner_id: gold.id, assignment_id: assignmentId, spiff_id: q1.id, milestone: 'Five units', metric: 'units', threshold: '5', reward_amount: '50.00',
    });
    expect(await h.count('SELECT count(*) FROM milestone_achievements WHERE assignment_id = $1', [assignmentId])).toBe(1);
  });

  it('rejects bad rows of every kind, each named by its row number, field and reason; the good rows around them are booked', async () => {
    const s = await seller();
    const other = await seller();
    const unknownProduct = randomUUID();
    await sales.log(saleOf(s, 1, 'API-1'), s.actor);
    await h.newEvents();

    const view = await importFile(s.actor, [
      saleOf(s, 1, 'INV-A'),
      { cells: [s.partner.id, s.product.id, '-1', '250', '2025-04-01', 'INV-X'], errors: [{ field: 'quantity', reason: 'must be at least 1' }, { field: 'unit_price', reason: 'x' }] },
      saleOf(s, 1, 'INV-B', { product_id: unknownProduct }),
      saleOf(s, 1, 'INV-C', { sale_date: '2024-06-01' }),
      saleOf(other, 1, 'INV-D'),
      saleOf(s, 5, 'INV-A'),
      saleOf(s, 5, 'API-1'),
      saleOf(s, 1, 'INV-E', { sale_date: '2999-12-31' }),
      saleOf(s, 2, 'INV-F'),
    ]);

    expect(view).toMatchObject({ status: 'completed', rows_total: 9, rows_accepted: 2, rows_rejected: 7 });
    expect(view.errors).toEqual([
      { row: 3, field: 'quantity', reason: 'must be at least 1' },
      { row: 4, field: 'product_id', reason: `product_id names an unknown product: ${unknownProduct}` },
      { row: 5, field: null, reason: `product Monitor 27 is not in any active assignment of partner ${s.partner.name} covering 2024-06-01` },
      { row: 6, field: 'partner_id', reason: 'a partner logs sales for itself only' },
      { row: 7, field: 'invoice_number', reason: 'invoice_number INV-A was already used for a sale of this partner' },
      { row: 8, field: 'invoice_number', reason: 'invoice_number API-1 was already used for a sale of this partner' },
      { row: 9, field: 'sale_date', reason: 'sale_date must not be in the future' },
    ]);
    expect(await invoicesOf(s.partner.id)).toEqual(['API-1', 'INV-A', 'INV-F']);
    expect(await invoicesOf(other.partner.id)).toEqual([]);
    expect(await progressOf(s.assignmentId)).toEqual({ units: '4', revenue: '1000.00' });
    expect(await progressOf(other.assignmentId)).toEqual({ units: '0', revenue: '0.00' });
    expect(salesIn(await h.newEvents())).toHaveLength(2);
  });

  it("drops a rejected row's changes and events with it: a milestone its units reached before its invoice was found used is not achieved", async () => {
    const s = await seller([{ name: 'Five units', metric: 'units', threshold: 5, reward_amount: 75 }]);

    const view = await importFile(s.actor, [saleOf(s, 4, 'INV-1'), saleOf(s, 2, 'INV-1'), saleOf(s, 1, 'INV-2')]);

    expect(view).toMatchObject({ rows_accepted: 2, rows_rejected: 1, errors: [{ row: 3, field: 'invoice_number' }] });
    expect(await progressOf(s.assignmentId)).toEqual({ units: '5', revenue: '1250.00' });
    const events = await h.newEvents();
    expect(events.map((e) => e.type)).toEqual([Events.MilestoneAchieved, Events.SalesLogged]);
    expect(salesIn(events).map((sale) => sale.invoice_number)).toEqual(['INV-1', 'INV-2']);
    expect(await h.count('SELECT count(*) FROM milestone_achievements WHERE assignment_id = $1', [s.assignmentId])).toBe(1);
  });

  it('books nothing twice when the same file is imported again: every row of the second import is a used invoice', async () => {
    const s = await seller();
    const file: FileRow[] = [saleOf(s, 1, 'Q1-001'), saleOf(s, 2, 'Q1-002'), saleOf(s, 3, 'Q1-003', { partner_id: randomUUID() })];
    const first = await importFile(TEST_ADMIN, file);
    expect(first).toMatchObject({ rows_accepted: 2, rows_rejected: 1, errors: [{ row: 4, field: 'partner_id', reason: expect.stringContaining('names an unknown partner') }] });
    await h.newEvents();

    const again = await importFile(TEST_ADMIN, file);

    expect(again).toMatchObject({ status: 'completed', rows_accepted: 0, rows_rejected: 3 });
    expect(again.errors.map((e) => [e.row, e.field])).toEqual([[2, 'invoice_number'], [3, 'invoice_number'], [4, 'partner_id']]);
    expect(await invoicesOf(s.partner.id)).toEqual(['Q1-001', 'Q1-002']);
    expect(await progressOf(s.assignmentId)).toEqual({ units: '3', revenue: '750.00' });
    expect(await h.newEvents()).toEqual([]);
  });

  it('answers a replayed Idempotency-Key with the same import as it stands now; the key with another file is refused', async () => {
    const s = await seller();
    const command = { header: HEADER, file_name: 'q1.csv' };
    const key = randomUUID();
    const withKey = (body: unknown) => idempotencyOf({ actor: s.actor, correlation_id: randomUUID(), body, idempotency_key: key }, Rpc.fulfillment.OpenSaleImport);

    const first = await imports.open(command, s.actor, withKey(command));
    expect(first).toMatchObject({ status: 'receiving', file_name: 'q1.csv', rows_total: 0, errors: [] });
    await imports.append({ import_id: first.id, rows: numbered([saleOf(s, 1, 'K-1')]) }, s.actor);
    expect(await imports.open(command, s.actor, withKey(command))).toEqual({ ...first, rows_total: 1 });
    expect(await refusalOf(imports.open({ ...command, file_name: 'q2.csv' }, s.actor, withKey({ ...command, file_name: 'q2.csv' })))).toMatchObject({
      status: 422, code: ErrorCode.IDEMPOTENCY_KEY_REUSED,
    });
    expect(await h.count('SELECT count(*) FROM sale_imports WHERE actor_user_id = $1', [s.actor.user_id])).toBe(1);
  });

  it('keeps a resent append chunk once, closes only with every row received, and takes no rows once closed', async () => {
    const s = await seller();
    const { id } = await imports.open({ header: HEADER, file_name: null }, s.actor);
    const rows = numbered([saleOf(s, 1, 'R-1'), saleOf(s, 1, 'R-2'), saleOf(s, 1, 'R-3')]);

    expect(await imports.append({ import_id: id, rows: rows.slice(0, 2) }, s.actor)).toEqual({ rows_received: 2 });
    expect(await imports.append({ import_id: id, rows: rows.slice(0, 2) }, s.actor)).toEqual({ rows_received: 2 });
    expect(await imports.append({ import_id: id, rows: rows.slice(1, 3) }, s.actor)).toEqual({ rows_received: 3 });
    expect(await refusalOf(imports.close({ import_id: id, rows_total: 4 }, s.actor))).toMatchObject({
      status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'rows_total', reason: 'is 4, but 3 rows were received' }],
    });
    const closed = await imports.close({ import_id: id, rows_total: 3 }, s.actor);
    expect(closed).toMatchObject({ status: 'queued', rows_total: 3 });
    expect(await imports.close({ import_id: id, rows_total: 3 }, s.actor)).toEqual(closed);
    for (const late of [
      imports.append({ import_id: id, rows: numbered([saleOf(s, 1, 'R-4')], 5) }, s.actor),
      imports.close({ import_id: id, rows_total: 4 }, s.actor),
      imports.abort({ import_id: id, reason: 'too late' }, s.actor),
    ]) {
      expect(await refusalOf(late)).toMatchObject({ status: 409, code: ErrorCode.SALE_IMPORT_NOT_RECEIVING, message: `sale import ${id} is queued: it receives no more rows` });
    }

    await drain();
    expect(await imports.get({ import_id: id }, s.actor)).toMatchObject({ status: 'completed', rows_total: 3, rows_accepted: 3, rows_rejected: 0 });
    expect(await invoicesOf(s.partner.id)).toEqual(['R-1', 'R-2', 'R-3']);
  });

  it('books nothing of an aborted upload: the import fails with the reason and no worker takes it', async () => {
    const s = await seller();
    const { id } = await imports.open({ header: HEADER, file_name: 'cut.csv' }, s.actor);
    await imports.append({ import_id: id, rows: numbered([saleOf(s, 1, 'A-1'), saleOf(s, 1, 'A-2')]) }, s.actor);

    const aborted = await imports.abort({ import_id: id, reason: 'the upload broke off after row 3' }, s.actor);

    expect(aborted).toMatchObject({ status: 'failed', failure: 'the upload broke off after row 3', rows_total: 2, rows_accepted: 0, finished_at: expect.any(String) });
    expect(await imports.abort({ import_id: id, reason: 'again' }, s.actor)).toEqual(aborted);
    expect(await worker.processNextChunk()).toBeNull();
    for (const late of [imports.append({ import_id: id, rows: numbered([saleOf(s, 1, 'A-3')], 4) }, s.actor), imports.close({ import_id: id, rows_total: 2 }, s.actor)]) {
      expect(await refusalOf(late)).toMatchObject({ status: 409, code: ErrorCode.SALE_IMPORT_NOT_RECEIVING });
    }
    expect(await invoicesOf(s.partner.id)).toEqual([]);
    expect(await h.count('SELECT count(*) FROM sale_import_rows WHERE import_id = $1 AND outcome IS NOT NULL', [id])).toBe(0);
    expect(await h.newEvents()).toEqual([]);

    // An abort always goes through: a long reason is cut to what is kept, never refused (the import would stay receiving).
    const other = await imports.open({ header: HEADER, file_name: null }, s.actor);
    expect((await imports.abort({ import_id: other.id, reason: `${'x'.repeat(1_999)}yz` }, s.actor)).failure).toBe(`${'x'.repeat(1_999)}y`);
  });

  it('fails an upload that stopped arriving (IMPORT_RECEIVING_TIMEOUT_S), deleting its rows; purges a finished import\'s rows after IMPORT_ROWS_RETENTION_DAYS', async () => {
    const s = await seller();
    const upkeep = h.get<ImportUpkeep>(importUpkeepToken(SALE_IMPORTS));
    const stale = await imports.open({ header: HEADER, file_name: 'hung.csv' }, s.actor);
    await imports.append({ import_id: stale.id, rows: numbered([saleOf(s, 1, 'H-1')]) }, s.actor);
    const fresh = await imports.open({ header: HEADER, file_name: 'slow.csv' }, s.actor);
    await h.rows(`UPDATE sale_imports SET last_activity_at = now() - make_interval(secs => $2) WHERE id = $1`, [stale.id, h.config.IMPORT_RECEIVING_TIMEOUT_S + 1]);

    expect(await upkeep.failAbandoned()).toEqual([stale.id]);
    expect(await imports.get({ import_id: stale.id }, s.actor)).toMatchObject({ status: 'failed', failure: UPLOAD_DID_NOT_FINISH });
    expect(await h.count('SELECT count(*) FROM sale_import_rows WHERE import_id = $1', [stale.id])).toBe(0);
    expect((await imports.get({ import_id: fresh.id }, s.actor)).status).toBe('receiving');
    await imports.abort({ import_id: fresh.id, reason: 'done with this test' }, s.actor);

    const { id } = await imports.open({ header: HEADER, file_name: 'old.csv' }, s.actor);
    await imports.append({ import_id: id, rows: numbered([saleOf(s, 1, 'O-1'), saleOf(s, 1, 'O-1')]) }, s.actor);
    await imports.close({ import_id: id, rows_total: 2 }, s.actor);
    await drain();
    await h.rows(`UPDATE sale_imports SET finished_at = now() - make_interval(days => $2) WHERE id = $1`, [id, h.config.IMPORT_ROWS_RETENTION_DAYS + 1]);
    expect((await h.get(RetentionPurger).purgeNow()).sale_import_rows).toBe(2);
    expect(await imports.get({ import_id: id }, s.actor)).toMatchObject({ status: 'completed', rows_accepted: 1, rows_rejected: 1, errors: [], rows_purged_at: expect.any(String) });
    expect(await refusalOf(imports.errorsPage({ import_id: id, after_row: 0, limit: 10 }, s.actor))).toMatchObject({ status: 410, code: ErrorCode.IMPORT_ROWS_PURGED });
    expect(await invoicesOf(s.partner.id)).toEqual(['O-1']);
  });

  it('pages errors.csv: each rejected row as it was, after row, field and reason, quoted and with formulas neutralized', async () => {
    const s = await seller();
    const [p, x] = [s.partner.id, s.product.id];
    const unknownProduct = randomUUID();
    const view = await importFile(s.actor, [
      { cells: ['=SUM(A1:A9)', x, '1', '10', '2025-01-15', 'INV-1'], errors: [{ field: 'partner_id', reason: 'must be a UUID' }] },
      { cells: [p, x, '-2', '10', '2025-01-15', 'INV-2'], errors: [{ field: 'quantity', reason: 'must be at least 1' }] },
      saleOf(s, 1, 'INV-3'),
      { cells: [p, x, '1', '10', '2025-02-30', 'INV "5", big'], errors: [{ field: 'sale_date', reason: 'must be a calendar date (YYYY-MM-DD)' }] },
      saleOf(s, 1, 'INV-6', { product_id: unknownProduct, unit_price: 10, sale_date: '2025-01-15' }),
      { cells: [p, x, '1', '@evil', '2025-01-15', 'line\nbreak'], errors: [{ field: 'unit_price', reason: 'must be a number' }] },
    ]);
    expect(view).toMatchObject({ rows_accepted: 1, rows_rejected: 5 });
    expect(view.errors.map((e) => e.row)).toEqual([2, 3, 5, 6, 7]);

    const page = (afterRow: number) => imports.errorsPage({ import_id: view.id, after_row: afterRow, limit: 2 }, s.actor);
    expect(await page(0)).toEqual({
      header: HEADER,
      csv: `2,partner_id,must be a UUID,'=SUM(A1:A9),${x},1,10,2025-01-15,INV-1\n3,quantity,must be at least 1,${p},${x},-2,10,2025-01-15,INV-2\n`,
      next_after_row: 3,
    });
    expect(await page(3)).toEqual({
      header: HEADER,
      csv: `5,sale_date,must be a calendar date (YYYY-MM-DD),${p},${x},1,10,2025-02-30,"INV ""5"", big"\n` +
        `6,product_id,product_id names an unknown product: ${unknownProduct},${p},${unknownProduct},1,10,2025-01-15,INV-6\n`,
      next_after_row: 6,
    });
    expect(await page(6)).toEqual({ header: HEADER, csv: `7,unit_price,must be a number,${p},${x},1,'@evil,2025-01-15,"line\nbreak"\n`, next_after_row: null });
    expect(await page(7)).toEqual({ header: HEADER, csv: '', next_after_row: null });
    expect(await refusalOf(imports.errorsPage({ import_id: view.id, after_row: 0, limit: 0 }, s.actor))).toMatchObject({
      status: 400, errors: [{ field: 'limit', reason: 'must be an integer from 1 to 10000' }],
    });
  });

  it("shows an import to its uploader and to admins only: another partner's user is told it does not exist", async () => {
    const s = await seller();
    const stranger = asPartner((await seller()).partner);
    const colleague: Actor = { ...s.actor, user_id: randomUUID() };
    const view = await importFile(s.actor, [saleOf(s, 1, 'V-1')]);

    expect(await imports.get({ import_id: view.id }, TEST_ADMIN)).toEqual(view);
    for (const actor of [stranger, colleague]) {
      // One at a time: a refusal that settled before its turn to be awaited would be an unhandled rejection.
      for (const refused of [
        () => imports.get({ import_id: view.id }, actor),
        () => imports.errorsPage({ import_id: view.id, after_row: 0, limit: 10 }, actor),
        () => imports.append({ import_id: view.id, rows: [] }, actor),
      ]) {
        expect(await refusalOf(refused())).toMatchObject({ status: 404, code: ErrorCode.SALE_IMPORT_NOT_FOUND, message: `sale import ${view.id} not found` });
      }
    }
    expect(await refusalOf(imports.get({ import_id: 'not-an-id' }, TEST_ADMIN))).toMatchObject({ status: 404, code: ErrorCode.SALE_IMPORT_NOT_FOUND });
  });

  it('rolls back the whole chunk when a row fails for another reason than the sale rule, and a retry books every good row once', async () => {
    const s = await seller();
    const id = await upload(s.actor, [saleOf(s, 1, 'C-1'), saleOf(s, 1, 'C-2'), saleOf(s, 1, 'C-3'), saleOf(s, 1, 'BOOM'), saleOf(s, 1, 'C-1')]);
    expect(await worker.processNextChunk(2)).toEqual({ import_id: id, accepted: 2, rejected: 0, completed: false });
    await h.newEvents();
    await h.rows(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.invoice_number = 'BOOM' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`);
    await h.rows('CREATE TRIGGER refuse_boom BEFORE INSERT ON sales FOR EACH ROW EXECUTE FUNCTION refuse_boom()');
    try {
      // C-3 and BOOM are inserted together and BOOM fails: the chunk's rollback takes C-3 back too.
      await expect(worker.processNextChunk(2)).rejects.toMatchObject({ importId: id, message: `a chunk of sale import ${id} failed and was rolled back: disk on fire` });

      expect(await imports.get({ import_id: id }, s.actor)).toMatchObject({ status: 'running', rows_accepted: 2, rows_rejected: 0 });
      expect(await h.count('SELECT count(*) FROM sale_import_rows WHERE import_id = $1 AND outcome IS NULL', [id])).toBe(3);
      expect(await invoicesOf(s.partner.id)).toEqual(['C-1', 'C-2']);
      expect(await progressOf(s.assignmentId)).toEqual({ units: '2', revenue: '500.00' });
      expect(await h.newEvents()).toEqual([]);
    } finally {
      await h.rows('DROP TRIGGER refuse_boom ON sales');
      await h.rows('DROP FUNCTION refuse_boom()');
    }

    expect(await drain()).toBe(1);
    expect(await imports.get({ import_id: id }, s.actor)).toMatchObject({
      status: 'completed', rows_total: 5, rows_accepted: 4, rows_rejected: 1, errors: [{ row: 6, field: 'invoice_number' }],
    });
    expect(await invoicesOf(s.partner.id)).toEqual(['C-1', 'C-2', 'BOOM', 'C-3']);
    expect(await progressOf(s.assignmentId)).toEqual({ units: '4', revenue: '1000.00' });
    expect(salesIn(await h.newEvents()).map((sale) => sale.invoice_number)).toEqual(['C-3', 'BOOM']);
  });

  it('leaves an import another replica is weighing to it: the worker takes the next import rather than wait', async () => {
    const s = await seller();
    const held = await upload(s.actor, [saleOf(s, 1, 'H-1')]);
    const next = await upload(s.actor, [saleOf(s, 1, 'N-1')]);
    const otherReplica = await h.db.connect();
    try {
      await otherReplica.query('BEGIN');
      await otherReplica.query('SELECT id FROM sale_imports WHERE id = $1 FOR UPDATE', [held]);

      expect(await worker.processNextChunk()).toMatchObject({ import_id: next, accepted: 1, completed: true });
      expect(await worker.processNextChunk()).toBeNull();
    } finally {
      await otherReplica.query('ROLLBACK');
      otherReplica.release();
    }
    expect(await worker.processNextChunk()).toMatchObject({ import_id: held, accepted: 1, completed: true });
    expect(await invoicesOf(s.partner.id)).toEqual(['N-1', 'H-1']);
  });

  it('refuses a malformed opening: a file needs a header', async () => {
    for (const header of [[], 'partner_id', [1, 2]] as unknown[]) {
      expect(await refusalOf(imports.open({ header: header as string[], file_name: 'x.csv' }, TEST_ADMIN))).toMatchObject({
        status: 400, code: ErrorCode.VALIDATION_FAILED, errors: [{ field: 'header' }],
      });
    }
    expect(await refusalOf(imports.open({ header: HEADER, file_name: 'x'.repeat(256) }, TEST_ADMIN))).toMatchObject({ status: 400, errors: [{ field: 'file_name' }] });
  });

  it('weighs a 5,000-row file to the cent (rows per second printed, not asserted)', async () => {
    const s = await seller();
    const count = 5_000;
    const rows = Array.from({ length: count }, (_, i) => saleOf(s, (i % 3) + 1, `BULK-${i}`, { unit_price: (i % 100) + 0.99 }));
    const expectedCents = rows.reduce((sum, r) => sum + r.quantity * Math.round(r.unit_price * 100), 0);

    const received = performance.now();
    const id = await upload(TEST_ADMIN, rows);
    const weighing = performance.now();
    const chunks = await drain();
    const done = performance.now();
    console.log(
      `sale import of ${count} rows: received in ${Math.round(weighing - received)} ms (${Math.round(count / ((weighing - received) / 1000))} rows/s), ` +
        `weighed in ${chunks} chunks in ${Math.round(done - weighing)} ms (${Math.round(count / ((done - weighing) / 1000))} rows/s)`,
    );

    expect(await imports.get({ import_id: id }, TEST_ADMIN)).toMatchObject({ status: 'completed', rows_total: count, rows_accepted: count, rows_rejected: 0 });
    const [{ revenue }] = await h.rows<{ revenue: string }>('SELECT sum(revenue)::text AS revenue FROM sales WHERE partner_id = $1', [s.partner.id]);
    expect(revenue).toBe(`${Math.floor(expectedCents / 100)}.${String(expectedCents % 100).padStart(2, '0')}`);
    expect(await progressOf(s.assignmentId)).toEqual({ units: String(rows.reduce((n, r) => n + r.quantity, 0)), revenue });
    const events = await h.newEvents();
    expect(salesIn(events)).toHaveLength(count);
    expect(events.every((e) => (e.payload as SalesLoggedPayload).sales.length <= SALES_PER_EVENT)).toBe(true);
  });
});

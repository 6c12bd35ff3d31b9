import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import type { Pool } from 'pg';
import { COMMISSION_EXPORT_COLUMNS, ErrorCode } from '@spiffworks/contracts';
import type { CommissionView, Opportunity, OverviewView, Page, PartnerTier, SaleImportView } from '@spiffworks/contracts';
import {
  ALREADY_BOOKED, BAD_ROW_KINDS, FILE_HEADER, IMPORTS_PATH, ProgramTerms, buildFile, cents, countRows, errorsCsv, eventually, fileChunks, finishedImport,
  goodSales, importStatus, openServiceDb, partnerTotalsInAnalytics, uploadCsv,
} from '@spiffworks/testing';
import type {
  AssignmentTerms, BadRowContext, BookedSale, ExpectedRejection, FileRow, PartnerTotals, SellThroughFile, SpiffTerms,
} from '@spiffworks/testing';
import { createPartner, startPlatform, stopPlatform } from './support';
import type { CreatedPartner, RunningPlatform } from './support';

const FILE_ROWS = 20_000;
/** Long enough for 20,000 sales to reach the ledger and analytics on a busy 2-core machine; never a bound on speed. */
const CATCH_UP_MS = 150_000;

/**
 * The kill test's file: about 20 s of importing at the rate the first file was imported at, so
 * both kills land mid-import however fast the import is, without minutes of waiting when it is
 * slow; 20,000 rows when the rate is unknown (the test run alone) or the import is fast.
 */
function killFileRows(rowsPerSecond: number | undefined): number {
  if (rowsPerSecond === undefined) return FILE_ROWS;
  return Math.min(FILE_ROWS, Math.max(5_000, Math.round(rowsPerSecond * 20)));
}

/**
 * Sell-through files through the whole platform (issue 16, "Tests"): a 20,000-row file with bad
 * rows of every kind, a partner's own file, the same files again, a header-less file, and SIGKILLs
 * of fulfillment and commissions mid-import. After each, the ledger and analytics must equal, to
 * the cent, what the rule makes of every sale booked so far (`book`): the API's sale and the
 * files' good rows, worked out here from the rows the test wrote.
 */
describe('sale imports: a sell-through file books exactly what its good rows say, once', () => {
  let running: RunningPlatform;
  let fulfillmentDb: Pool;
  let commissionsDb: Pool;
  const program = new ProgramTerms();
  /** Every sale booked so far, whichever way. */
  const book: BookedSale[] = [];
  let alpha: CreatedPartner;
  let beta: CreatedPartner;
  let context: BadRowContext;
  let firstFile: SellThroughFile;
  let partnerFile: SellThroughFile;
  /** The first file's import rate (202 to completed), which sizes the file of the kill test. */
  let rowsPerSecond: number | undefined;

  beforeAll(async () => {
    running = await startPlatform();
    fulfillmentDb = openServiceDb(running.config, 'fulfillment');
    commissionsDb = openServiceDb(running.config, 'commissions');
    await setUpProgram();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([fulfillmentDb?.end(), commissionsDb?.end()]);
    await stopPlatform(running);
  });

  /** The catalog, two partners of different tiers, two spiffs (one with milestones) and the partners' own assignments. */
  async function setUpProgram(): Promise<void> {
    const { api, admin } = running;
    const product = async (name: string, sku: string, rate: number, rates: Partial<Record<PartnerTier, number>> = {}): Promise<string> => {
      const created = await api.post('/api/products', { name, sku, commission_rate: rate, commission_rates: rates }, admin);
      expect(created.status).toBe(201);
      program.products.set(created.body.id, { id: created.body.id, name, commission_rate: rate, commission_rates: rates });
      return created.body.id;
    };
    const router = await product('Edge Router X', 'SI-RTR', 8, { gold: 10.5, silver: 9.25 });
    const networkSwitch = await product('Core Switch 48', 'SI-SW', 6, { gold: 7.125 });
    const cable = await product('Patch Cable Kit', 'SI-CBL', 5);
    const display = await product('Wall Display', 'SI-DSP', 4);
    alpha = await createPartner(api, admin, 'gold', { name: 'Alpha Gold Distribution' });
    beta = await createPartner(api, admin, 'silver', { name: 'Beta Silver Resellers' });

    await createSpiff({
      name: 'H1 network push', incentive_type: 'fixed', incentive_amount: 15, start_date: '2025-01-01', end_date: '2025-06-30',
      product_ids: [router, networkSwitch], target_tiers: ['gold'],
      milestones: [
        { name: '1,000 units', metric: 'units', threshold: 1_000, reward_amount: 250 },
        // Out of the first file's reach (its Q1-Q2 router and switch sales come to ~$22.5M): reached during the kill test's import.
        { name: '$25M revenue', metric: 'revenue', threshold: 25_000_000, reward_amount: 1_500 },
      ],
    });
    await createSpiff({
      name: 'March switch 2.5 %', incentive_type: 'percentage', incentive_amount: 2.5, start_date: '2025-03-01', end_date: '2025-03-31',
      product_ids: [networkSwitch], target_tiers: ['gold', 'silver'], milestones: [],
    });
    program.partners.set(alpha.id, { id: alpha.id, name: 'Alpha Gold Distribution', tier: 'gold', manual: [] });
    program.partners.set(beta.id, { id: beta.id, name: 'Beta Silver Resellers', tier: 'silver', manual: [] });
    await manualAssignment(alpha, { product_ids: [cable, router], start_date: '2024-10-01', end_date: '2024-12-31', milestones: [] });
    await manualAssignment(beta, {
      product_ids: [router, networkSwitch, cable], start_date: '2025-01-01', end_date: '2025-12-31',
      milestones: [
        { name: '400 units', metric: 'units', threshold: 400, reward_amount: 120.5 },
        // The first two files come to ~$39M: reached during the kill test's import too.
        { name: '$40M revenue', metric: 'revenue', threshold: 40_000_000, reward_amount: 2_000 },
      ],
    });
    await opportunitiesOf(alpha, 3);
    await opportunitiesOf(beta, 2);
    context = { uncoveredProductId: display, uncoveredDate: '2024-03-15' };
  }

  async function createSpiff(terms: Omit<SpiffTerms, 'id'>): Promise<void> {
    const created = await running.api.post('/api/spiffs', {
      name: terms.name, target_products: terms.product_ids, assignment_type: 'tier', target_tiers: terms.target_tiers,
      incentive_amount: terms.incentive_amount, incentive_type: terms.incentive_type, start_date: terms.start_date, end_date: terms.end_date,
      milestones: terms.milestones,
    }, running.admin);
    expect(created.status).toBe(201);
    program.spiffs.push({ id: created.body.id, ...terms });
  }

  async function manualAssignment(partner: CreatedPartner, terms: AssignmentTerms): Promise<void> {
    // The partner reaches fulfillment's directory a moment after its approval.
    await eventually(async () => (await running.api.post('/api/fulfillment/assignments', {
      partner_id: partner.id, assignment_type: 'product', ...terms,
    }, running.admin)).status, (status) => status === 201);
    program.partners.get(partner.id)!.manual.push(terms);
  }

  const opportunitiesOf = (partner: CreatedPartner, count: number): Promise<Opportunity[]> => eventually(
    async () => (await running.api.get<{ opportunities: Opportunity[] }>('/api/fulfillment/assignments/my-opportunities', partner.token)).body.opportunities,
    (list) => list.length === count,
  );

  const expectedErrors = (rows: Array<Pick<FileRow, 'row'> & { rejection: ExpectedRejection }>) =>
    rows.map(({ row, rejection }) => ({ row, field: rejection.field, reason: expect.stringMatching(rejection.reason) }));
  const rejectedRows = (file: SellThroughFile) => file.rows.flatMap((r) => (r.rejection ? [{ ...r, rejection: r.rejection }] : []));

  /** Uploads the file and waits for its import to finish; its view, and how long each part took. */
  async function importFile(file: SellThroughFile, token: string, idempotencyKey?: string) {
    const started = performance.now();
    const answer = await uploadCsv(running.platform.gatewayUrl, token, fileChunks(file), idempotencyKey);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { import_id: expect.any(String), status: 'queued' } });
    expect(answer.location).toBe(`${IMPORTS_PATH}/${answer.body.import_id}`);
    const { view, at } = await finishedImport(running.api, token, answer.body.import_id);
    return { id: answer.body.import_id as string, view, started, accepted: answer.answeredAt, finished: at };
  }

  /** errors.csv holds every rejected row once, in row order, as it was in the file, with its row, field and reason. */
  async function expectErrorsCsv(id: string, token: string, rows: Array<FileRow & { rejection: ExpectedRejection }>): Promise<void> {
    const file = await errorsCsv(running.platform.gatewayUrl, token, id);
    expect({ status: file.status, contentType: file.contentType }).toEqual({ status: 200, contentType: expect.stringMatching(/^text\/csv/) });
    expect(file.records[0]).toEqual(['row', 'field', 'reason', ...FILE_HEADER]);
    expect(file.records.slice(1)).toEqual(rows.map(({ row, cells, rejection }) => [String(row), rejection.field ?? '', expect.stringMatching(rejection.reason), ...cells]));
  }

  it('a 20,000-row admin file with bad rows of every kind: exact counts, each bad row named, errors.csv, ledger = analytics = the arithmetic', async () => {
    const { api, admin } = running;
    const apiSale: BookedSale = {
      partner_id: alpha.id, product_id: [...program.products.keys()][0], quantity: 2, unit_price: '1000.00', sale_date: '2025-01-15', invoice_number: 'API-0001',
    };
    const logged = await api.post('/api/fulfillment/sales', { ...apiSale, unit_price: 1000 }, alpha.token);
    const rule = program.commissionOf(apiSale);
    expect(logged).toMatchObject({ status: 201, body: { commission_amount: rule.base.toNumber(), spiff_bonus: rule.bonus.toNumber() } });
    book.push(apiSale);
    context.apiSale = apiSale;

    firstFile = buildFile(program, {
      rows: FILE_ROWS, prefix: 'F1', sellers: [alpha.id, beta.id], seed: 16, perKind: 8, context,
      bad: BAD_ROW_KINDS.filter((kind) => kind !== 'other_partner'),
    });
    const bad = rejectedRows(firstFile);
    const good = goodSales(firstFile);
    const imported = await importFile(firstFile, admin);
    expect(imported.view).toMatchObject({
      status: 'completed', rows_total: FILE_ROWS, rows_accepted: good.length, rows_rejected: bad.length, failure: null, file_name: null,
    });
    expect(imported.view.errors).toEqual(expectedErrors(bad));
    await expectErrorsCsv(imported.id, admin, bad);

    book.push(...good);
    // The file exercises every part of the arithmetic for both partners: base, spiff bonus, milestone rewards.
    const totals = program.totals(book);
    for (const t of totals.values()) expect({ bonus: new Decimal(t.spiff_bonus).isPositive(), milestones: t.milestones > 0 }).toEqual({ bonus: true, milestones: true });
    const caughtUp = await expectLedgerAndAnalyticsEqualTheBook();
    rowsPerSecond = FILE_ROWS / ((imported.finished - imported.accepted) / 1000);
    const rate = (ms: number): string => `${Math.round(FILE_ROWS / (ms / 1000))} rows/s`;
    console.log(
      `sale import of ${FILE_ROWS} rows (${good.length} accepted, ${bad.length} rejected): upload to 202 ${Math.round(imported.accepted - imported.started)} ms; ` +
      `202 to completed ${Math.round(imported.finished - imported.accepted)} ms (${rate(imported.finished - imported.accepted)}); ` +
      `202 to ledger and analytics caught up ${Math.round(caughtUp - imported.accepted)} ms (${rate(caughtUp - imported.accepted)}); ` +
      `the book: ${JSON.stringify(Object.fromEntries(totals))}`,
    );
  }, 300_000);

  it("a partner's own file: its rows are booked, another partner's rows rejected; only it and admins see the import", async () => {
    partnerFile = buildFile(program, {
      rows: 400, prefix: 'B1', sellers: [beta.id], seed: 42, perKind: 4, bad: ['other_partner', 'duplicate_in_file', 'too_many_decimals'],
      context: { ...context, otherPartnerId: alpha.id },
    });
    const bad = rejectedRows(partnerFile);
    const imported = await importFile(partnerFile, beta.token!);
    expect(imported.view).toMatchObject({ status: 'completed', rows_total: 400, rows_accepted: 400 - bad.length, rows_rejected: bad.length });
    expect(imported.view.errors).toEqual(expectedErrors(bad));
    await expectErrorsCsv(imported.id, beta.token!, bad);
    expect((await importStatus(running.api, running.admin, imported.id)).rows_accepted).toBe(400 - bad.length);
    const stranger = await running.api.get(`${IMPORTS_PATH}/${imported.id}`, alpha.token);
    expect({ status: stranger.status, code: stranger.body.code }).toEqual({ status: 404, code: ErrorCode.SALE_IMPORT_NOT_FOUND });

    book.push(...goodSales(partnerFile));
    await expectLedgerAndAnalyticsEqualTheBook();
  }, 180_000);

  it('the same file again books nothing twice (every booked row is a duplicate invoice); the same Idempotency-Key answers the same import', async () => {
    const again = await importFile(firstFile, running.admin);
    const asBefore = firstFile.rows.map((r) => ({ row: r.row, rejection: r.rejection ?? ALREADY_BOOKED }));
    expect(again.view).toMatchObject({ status: 'completed', rows_total: FILE_ROWS, rows_accepted: 0, rows_rejected: FILE_ROWS });
    // The status lists the first 1,000 rejected rows; errors.csv has them all.
    expect(again.view.errors).toEqual(expectedErrors(asBefore.slice(0, 1_000)));
    await expectErrorsCsv(again.id, running.admin, firstFile.rows.map((r) => ({ ...r, rejection: r.rejection ?? ALREADY_BOOKED })));
    expect(await salesInFulfillment()).toBe(book.length);

    const key = randomUUID();
    const keyed = await importFile(partnerFile, beta.token!, key);
    expect(keyed.view).toMatchObject({ rows_accepted: 0, rows_rejected: 400 });
    const imports = await countRows(fulfillmentDb, 'SELECT count(*) FROM sale_imports');
    const replay = await uploadCsv(running.platform.gatewayUrl, beta.token!, fileChunks(partnerFile), key);
    expect({ status: replay.status, body: replay.body }).toEqual({ status: 202, body: { import_id: keyed.id, status: 'completed' } });
    expect(await countRows(fulfillmentDb, 'SELECT count(*) FROM sale_imports')).toBe(imports);

    expect(await salesInFulfillment()).toBe(book.length);
    await expectLedgerAndAnalyticsEqualTheBook();
  }, 180_000);

  it('a header-less file is a 400 IMPORT_FILE_INVALID and creates nothing: no import, no sale', async () => {
    const imports = await countRows(fulfillmentDb, 'SELECT count(*) FROM sale_imports');
    const headerless = buildFile(program, { rows: 50, prefix: 'H1', sellers: [alpha.id], seed: 3, perKind: 0, bad: [], context });
    const answer = await uploadCsv(running.platform.gatewayUrl, running.admin, fileChunks(headerless, { withHeader: false }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, detail: expect.stringMatching(/header/) });
    expect(answer.location).toBeUndefined();
    expect(await countRows(fulfillmentDb, 'SELECT count(*) FROM sale_imports')).toBe(imports);
    expect(await salesInFulfillment()).toBe(book.length);
  });

  it('SIGKILL of fulfillment, then of commissions, mid-import loses and doubles nothing: every good row booked once, to the cent', async () => {
    const { api, admin, platform } = running;
    const rows = killFileRows(rowsPerSecond);
    const file = buildFile(program, { rows, prefix: 'K1', sellers: [alpha.id, beta.id], seed: 99, perKind: 0, bad: [], context });
    const good = goodSales(file);
    const milestones = (sales: BookedSale[]): number => [...program.totals(sales).values()].reduce((n, t) => n + t.milestones, 0);
    // Milestones are reached while the services are killed: their rewards too must be booked once.
    expect(milestones([...book, ...good])).toBeGreaterThan(milestones(book));
    const linesBefore = await saleLines();
    const upload = await uploadCsv(platform.gatewayUrl, admin, fileChunks(file));
    expect(upload.status).toBe(202);
    const id: string = upload.body.import_id;

    const weighed = (v: SaleImportView): number => v.rows_accepted + v.rows_rejected;
    const midway = await eventually(() => importStatus(api, admin, id), (v) => weighed(v) > 0 && weighed(v) < rows, { timeoutMs: 60_000, intervalMs: 20 });
    expect(await platform.stopService('fulfillment', true)).toEqual({ code: null, signal: 'SIGKILL' });
    await platform.startService('fulfillment');

    const ledgerMidway = await eventually(saleLines, (n) => n > linesBefore && n < linesBefore + good.length, { timeoutMs: 60_000, intervalMs: 20 });
    expect(await platform.stopService('commissions', true)).toEqual({ code: null, signal: 'SIGKILL' });
    await platform.startService('commissions');
    console.log(`sale import kills: fulfillment SIGKILLed at ${weighed(midway)} of ${rows} rows weighed, commissions at ${ledgerMidway - linesBefore} ledger lines`);

    const { view } = await finishedImport(api, admin, id, CATCH_UP_MS);
    expect(view).toMatchObject({ status: 'completed', rows_total: rows, rows_accepted: rows, rows_rejected: 0, errors: [] });
    book.push(...good);
    await expectLedgerAndAnalyticsEqualTheBook();

    const sales = await fulfillmentDb.query<{ id: string; invoice_number: string }>(`SELECT id, invoice_number FROM sales WHERE invoice_number LIKE 'K1-%'`);
    expect(sales.rows.map((s) => s.invoice_number).sort()).toEqual(good.map((s) => s.invoice_number).sort());
    const weighedRows = await fulfillmentDb.query(
      `SELECT count(*) FILTER (WHERE outcome = 'accepted')::int AS accepted, count(DISTINCT sale_id)::int AS sales FROM sale_import_rows WHERE import_id = $1`, [id]);
    expect(weighedRows.rows[0]).toEqual({ accepted: rows, sales: rows });
    const lines = await commissionsDb.query<{ lines: number; sales: number }>(
      `SELECT count(*)::int AS lines, count(DISTINCT sale_id)::int AS sales FROM commission_lines WHERE kind = 'sale' AND sale_id = ANY ($1::uuid[])`,
      [sales.rows.map((s) => s.id)],
    );
    expect(lines.rows[0]).toEqual({ lines: rows, sales: rows });
  }, 300_000);

  const salesInFulfillment = (): Promise<number> => countRows(fulfillmentDb, 'SELECT count(*) FROM sales');
  const saleLines = (): Promise<number> => countRows(commissionsDb, `SELECT count(*) FROM commission_lines WHERE kind = 'sale'`);

  /**
   * Waits until the ledger holds a line for every booked sale and milestone and analytics has
   * applied them, then compares both, partner by partner and to the cent, with the book's
   * arithmetic; when they were both caught up (performance.now()).
   */
  async function expectLedgerAndAnalyticsEqualTheBook(): Promise<number> {
    const expected = program.totals(book);
    const lines = [...expected.values()].reduce((n, t) => n + t.sales + t.milestones, 0);
    await eventually(ledgerLineCount, (n) => n >= lines, { timeoutMs: CATCH_UP_MS, intervalMs: 250 });
    const partnerIds = [...expected.keys()];
    const settled = (actual: Map<string, PartnerTotals>): boolean => partnerIds.every((id) => JSON.stringify(actual.get(id)) === JSON.stringify(expected.get(id)));
    await eventually(() => analyticsTotals(partnerIds), settled, { timeoutMs: CATCH_UP_MS, intervalMs: 250 }).catch(() => undefined);
    const caughtUp = performance.now();

    const ledger = await ledgerTotals();
    expect(ledger.lines).toBe(lines);
    expect(ledger.saleIds.size).toBe(book.length);
    expect(Object.fromEntries(ledger.byPartner)).toEqual(Object.fromEntries(expected));
    expect(Object.fromEntries(await analyticsTotals(partnerIds))).toEqual(Object.fromEntries(expected));
    await expectOverview(expected);
    return caughtUp;
  }

  async function ledgerLineCount(): Promise<number> {
    const page = await running.api.get<Page<CommissionView>>('/api/commissions?page_size=1', running.admin);
    if (page.status !== 200) throw new Error(`ledger: ${page.status}`);
    return page.body.total;
  }

  /** The payout file (export.csv, streamed), added up per partner; and every sale it has a line for. */
  async function ledgerTotals(): Promise<{ lines: number; saleIds: Set<string>; byPartner: Map<string, PartnerTotals> }> {
    const response = await fetch(`${running.platform.gatewayUrl}/api/commissions/export.csv`, { headers: { authorization: `Bearer ${running.admin}` } });
    expect(response.status).toBe(200);
    const [header, ...records] = parse(await response.text()) as string[][];
    expect(header).toEqual([...COMMISSION_EXPORT_COLUMNS]);
    const at = (record: string[], column: (typeof COMMISSION_EXPORT_COLUMNS)[number]): string => record[COMMISSION_EXPORT_COLUMNS.indexOf(column)];
    const sums = new Map<string, { sales: number; milestones: number; revenue: Decimal; base: Decimal; bonus: Decimal; rewards: Decimal }>();
    const saleIds = new Set<string>();
    for (const record of records) {
      const partner = at(record, 'partner_id');
      const sum = sums.get(partner) ?? { sales: 0, milestones: 0, revenue: new Decimal(0), base: new Decimal(0), bonus: new Decimal(0), rewards: new Decimal(0) };
      sums.set(partner, sum);
      if (at(record, 'kind') === 'sale') {
        saleIds.add(at(record, 'sale_id'));
        sum.sales += 1;
        sum.revenue = sum.revenue.plus(at(record, 'revenue'));
        sum.base = sum.base.plus(at(record, 'commission_amount'));
        sum.bonus = sum.bonus.plus(at(record, 'spiff_bonus'));
      } else if (at(record, 'kind') === 'milestone_reward') {
        sum.milestones += 1;
        sum.rewards = sum.rewards.plus(at(record, 'reward_amount'));
      }
    }
    const byPartner = new Map([...sums].map(([partner, s]): [string, PartnerTotals] => [partner, {
      sales: s.sales, revenue: cents(s.revenue), base_commission: cents(s.base), spiff_bonus: cents(s.bonus),
      total_commission: cents(s.base.plus(s.bonus)), milestones: s.milestones, milestone_rewards: cents(s.rewards),
    }]));
    return { lines: records.length, saleIds, byPartner };
  }

  const analyticsTotals = (partnerIds: string[]): Promise<Map<string, PartnerTotals>> => partnerTotalsInAnalytics(running.api, running.admin, partnerIds);

  /** The system overview: the book's totals over both partners, and each partner's line among the top partners. */
  async function expectOverview(expected: Map<string, PartnerTotals>): Promise<void> {
    const all = [...expected.values()];
    const total = (pick: (t: PartnerTotals) => string): string => cents(all.reduce((s, t) => s.plus(pick(t)), new Decimal(0)));
    const { body } = await running.api.get<OverviewView>('/api/analytics/overview', running.admin);
    expect({
      total_sales: body.overview.total_sales, total_revenue: cents(body.overview.total_revenue), total_commission: cents(body.overview.total_commission),
    }).toEqual({ total_sales: book.length, total_revenue: total((t) => t.revenue), total_commission: total((t) => t.total_commission) });
    const top = body.top_partners.map((p) => ({ partner_id: p.partner_id, sales_count: p.sales_count, revenue: cents(p.revenue), commission: cents(p.commission) }));
    expect(top).toEqual(expect.arrayContaining([...expected].map(([id, t]) => ({ partner_id: id, sales_count: t.sales, revenue: t.revenue, commission: t.total_commission }))));
  }
});

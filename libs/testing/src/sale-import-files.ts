/**
 * Sell-through files for the import's end-to-end tests and its benchmark: built from the program the test created
 * (every good row covered by an assignment of its partner, every bad row wrong in exactly one way,
 * with the field and reason it must be rejected for), streamed to the gateway as `curl
 * --data-binary @file -H 'content-type: text/csv'` does, and read back (status, errors.csv, partner analytics).
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type { PartnerMetricsView, SaleImportView } from '@spiffworks/contracts';
import type { GatewayClient } from './http-client';
import { eventually } from './polling';
import { cents } from './sale-import-book';
import type { BookedSale, PartnerTotals, ProgramTerms } from './sale-import-book';

export const IMPORTS_PATH = '/api/fulfillment/sales/imports';

/** The required columns in another order than documented, and one the import ignores (`store`). */
export const FILE_HEADER = ['invoice_number', 'sale_date', 'partner_id', 'product_id', 'quantity', 'unit_price', 'store'] as const;
type Column = (typeof FILE_HEADER)[number];
type Cells = Record<Column, string>;

export const BAD_ROW_KINDS = [
  'negative_quantity', 'impossible_date', 'future_date', 'unknown_product', 'unknown_partner', 'date_not_covered',
  'product_not_covered', 'duplicate_in_file', 'duplicate_of_api_sale', 'missing_invoice', 'non_numeric_price', 'too_many_decimals',
  'other_partner',
] as const;
export type BadRowKind = (typeof BAD_ROW_KINDS)[number];

export interface ExpectedRejection {
  kind: BadRowKind | 'already_booked';
  /** errors.csv's `field` (null: the row as a whole, as for a sale no assignment covers). */
  field: string | null;
  reason: RegExp;
}

/** One data row: its number (the header is row 1), its cells as written, and what must become of it. */
export interface FileRow {
  row: number;
  cells: string[];
  /** The sale it books, when it is good. */
  sale?: BookedSale;
  rejection?: ExpectedRejection;
}

export interface SellThroughFile {
  header: readonly string[];
  rows: FileRow[];
}

/** What some bad rows need from the test's program. */
export interface BadRowContext {
  /** A product in the catalog that no assignment holds. */
  uncoveredProductId: string;
  /** A date no assignment of any seller covers. */
  uncoveredDate: string;
  /** An invoice number a sale logged through the API already used. */
  apiSale?: { partner_id: string; invoice_number: string };
  /** For a partner's own file: another partner, whose rows it may not import. */
  otherPartnerId?: string;
}

export interface FilePlan {
  rows: number;
  /** Starts every invoice number of the file: files apart never share one by accident. */
  prefix: string;
  /** The partners whose (good) sales the file holds. */
  sellers: string[];
  seed: number;
  /** Kinds of bad rows, each `perKind` times, spread evenly from the first data row to the last. */
  bad: readonly BadRowKind[];
  perKind: number;
  context: BadRowContext;
}

const REJECTIONS: Record<BadRowKind, Omit<ExpectedRejection, 'kind'>> = {
  negative_quantity: { field: 'quantity', reason: /not be less than 1/ },
  impossible_date: { field: 'sale_date', reason: /real date/ },
  future_date: { field: 'sale_date', reason: /future/ },
  unknown_product: { field: 'product_id', reason: /unknown product/ },
  unknown_partner: { field: 'partner_id', reason: /unknown partner/ },
  date_not_covered: { field: null, reason: /not in any active assignment/ },
  product_not_covered: { field: null, reason: /not in any active assignment/ },
  duplicate_in_file: { field: 'invoice_number', reason: /already used/ },
  duplicate_of_api_sale: { field: 'invoice_number', reason: /already used/ },
  missing_invoice: { field: 'invoice_number', reason: /required/ },
  non_numeric_price: { field: 'unit_price', reason: /number written with digits/ },
  too_many_decimals: { field: 'unit_price', reason: /at most 2 decimal places/ },
  other_partner: { field: 'partner_id', reason: /for itself only/ },
};

/** What a row the first upload booked is, in the same file uploaded again. */
export const ALREADY_BOOKED: ExpectedRejection = { kind: 'already_booked', field: 'invoice_number', reason: /already used/ };

/** A small deterministic generator (mulberry32): the same plan builds the same file. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const daysFromToday = (days: number): string => isoDate(Date.now() + days * DAY_MS);

/** The rows of a file built to the plan; row numbers count the header as row 1. */
export function buildFile(program: ProgramTerms, plan: FilePlan): SellThroughFile {
  const random = generator(plan.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const badAt = badRowPositions(plan);
  const rows: FileRow[] = [];

  const goodCells = (partnerId: string, row: number): Cells => {
    const options = program.assignmentsOf(partnerId).flatMap((a) => a.product_ids.map((productId) => ({ productId, a })));
    const { productId, a } = pick(options);
    const from = Date.parse(a.start_date);
    const to = Math.min(Date.parse(a.end_date), Date.now() - DAY_MS);
    const priceCents = 500 + Math.floor(random() * 250_000);
    return {
      invoice_number: `${plan.prefix}-${String(row).padStart(6, '0')}`,
      sale_date: isoDate(from + Math.floor(random() * ((to - from) / DAY_MS + 1)) * DAY_MS),
      partner_id: partnerId,
      product_id: productId,
      quantity: String(1 + Math.floor(random() * 5)),
      // Some prices as a spreadsheet writes them (`1250`, `12.5`), most to the cent.
      unit_price: random() < 0.1 ? String(priceCents / 100) : (priceCents / 100).toFixed(2),
      store: row % 97 === 0 ? `Shop ${row}, Main St` : `Store ${row % 40}`,
    };
  };

  for (let row = 2; row <= plan.rows + 1; row++) {
    const kind = badAt.get(row);
    const seller = pick(plan.sellers);
    if (!kind) {
      const cells = goodCells(seller, row);
      rows.push({ row, cells: FILE_HEADER.map((c) => cells[c]), sale: saleOf(cells) });
      continue;
    }
    const cells = badCells(kind, { row, seller, goodCells, rows, context: plan.context, program });
    rows.push({ row, cells: FILE_HEADER.map((c) => cells[c]), rejection: { kind, ...REJECTIONS[kind] } });
  }
  return { header: FILE_HEADER, rows };
}

/** Each kind `perKind` times, spread from the first data row to the last (both included). */
function badRowPositions(plan: FilePlan): Map<number, BadRowKind> {
  const count = plan.bad.length * plan.perKind;
  const positions = new Map<number, BadRowKind>();
  for (let j = 0; j < count; j++) positions.set(2 + Math.round((j * (plan.rows - 1)) / Math.max(count - 1, 1)), plan.bad[j % plan.bad.length]);
  return positions;
}

interface BadRowInput {
  row: number;
  seller: string;
  goodCells: (partnerId: string, row: number) => Cells;
  rows: FileRow[];
  context: BadRowContext;
  program: ProgramTerms;
}

/** A row wrong in exactly one way: otherwise the good row it would have been. */
function badCells(kind: BadRowKind, { row, seller, goodCells, rows, context, program }: BadRowInput): Cells {
  const good = goodCells(seller, row);
  switch (kind) {
    case 'negative_quantity': return { ...good, quantity: '-2' };
    case 'impossible_date': return { ...good, sale_date: '2025-02-30' };
    case 'future_date': return { ...good, sale_date: daysFromToday(20) };
    case 'unknown_product': return { ...good, product_id: randomUUID() };
    case 'unknown_partner': return { ...good, partner_id: randomUUID() };
    case 'date_not_covered':
      if (program.covers(seller, good.product_id, context.uncoveredDate)) throw new Error(`${context.uncoveredDate} is covered for ${seller}`);
      return { ...good, sale_date: context.uncoveredDate };
    case 'product_not_covered': return { ...good, product_id: context.uncoveredProductId };
    case 'duplicate_in_file': {
      // Half-way back through the file, so the first of the two rows is usually in another chunk.
      const earlier = rows.filter((r) => r.sale?.partner_id === seller);
      if (earlier.length === 0) throw new Error(`no earlier good row of ${seller} before row ${row}`);
      return { ...good, invoice_number: earlier[Math.floor(earlier.length / 2)].sale!.invoice_number };
    }
    case 'duplicate_of_api_sale': {
      const { partner_id: partnerId, invoice_number: invoice } = required(context.apiSale, kind);
      return { ...goodCells(partnerId, row), invoice_number: invoice };
    }
    case 'missing_invoice': return { ...good, invoice_number: '' };
    case 'non_numeric_price': return { ...good, unit_price: 'twelve' };
    case 'too_many_decimals': return { ...good, unit_price: '19.999' };
    case 'other_partner': return goodCells(required(context.otherPartnerId, kind), row);
  }
}

function required<T>(value: T | undefined, kind: BadRowKind): T {
  if (value === undefined) throw new Error(`a ${kind} row needs its context`);
  return value;
}

const saleOf = (cells: Cells): BookedSale => ({
  partner_id: cells.partner_id, product_id: cells.product_id, quantity: Number(cells.quantity),
  unit_price: cells.unit_price, sale_date: cells.sale_date, invoice_number: cells.invoice_number,
});

/** The sales a file's good rows book. */
export const goodSales = (file: SellThroughFile): BookedSale[] => file.rows.flatMap((r) => (r.sale ? [r.sale] : []));

/** RFC 4180 quoting, only where a cell needs it. */
const csvLine = (cells: readonly string[]): string => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

/** The file's text, a thousand lines per chunk; `withHeader: false` leaves the header row out. */
export function* fileChunks(file: { header: readonly string[]; rows: ReadonlyArray<{ cells: string[] }> }, { withHeader = true } = {}): Generator<Buffer> {
  const lines = [...(withHeader ? [csvLine(file.header)] : []), ...file.rows.map((r) => csvLine(r.cells))];
  for (let i = 0; i < lines.length; i += 1_000) yield Buffer.from(`${lines.slice(i, i + 1_000).join('\n')}\n`);
}

export interface UploadAnswer {
  status: number;
  body: any;
  location: string | undefined;
  /** When the answer arrived (performance.now()). */
  answeredAt: number;
}

/**
 * POSTs the chunks as a `text/csv` body without a Content-Length (chunked, streamed as they are
 * produced: the gateway reads the file while it arrives), to the sales import or another (`path`).
 */
export function uploadCsv(gatewayUrl: string, token: string, chunks: Iterable<Buffer>, idempotencyKey?: string, path = IMPORTS_PATH): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'text/csv' };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const req = request(`${gatewayUrl}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, location: res.headers.location, answeredAt: performance.now() });
      });
    });
    req.on('error', reject);
    Readable.from(chunks).pipe(req);
  });
}

/** The import's status as its uploader (or an admin) reads it; throws on anything but 200. */
export async function importStatus(api: GatewayClient, token: string, id: string, path = IMPORTS_PATH): Promise<SaleImportView> {
  const answer = await api.get<SaleImportView>(`${path}/${id}`, token);
  if (answer.status !== 200) throw new Error(`import status: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Polls the import until it has finished (completed or failed); when it did, by performance.now(). */
export async function finishedImport(api: GatewayClient, token: string, id: string, timeoutMs = 90_000, path = IMPORTS_PATH): Promise<{ view: SaleImportView; at: number }> {
  const view = await eventually(() => importStatus(api, token, id, path), (v) => v.status === 'completed' || v.status === 'failed', { timeoutMs, intervalMs: 100 });
  return { view, at: performance.now() };
}

/** errors.csv (or another of the import's files) as records (the header row first), parsed as CSV. */
export async function errorsCsv(gatewayUrl: string, token: string, id: string, path = IMPORTS_PATH, file = 'errors.csv'): Promise<{ status: number; contentType: string | null; records: string[][] }> {
  const response = await fetch(`${gatewayUrl}${path}/${id}/${file}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), records: response.ok ? (parse(text, { relax_column_count: true }) as string[][]) : [] };
}

/** What partner analytics says each partner adds up to, in the book's terms (money to the cent as strings). */
export async function partnerTotalsInAnalytics(api: GatewayClient, token: string, partnerIds: string[]): Promise<Map<string, PartnerTotals>> {
  const views = await Promise.all(partnerIds.map(async (id) => {
    const answer = await api.get<PartnerMetricsView>(`/api/analytics/partners/${id}`, token);
    if (answer.status !== 200) throw new Error(`partner analytics: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }));
  return new Map(views.map(({ partner_id: id, metrics: m }): [string, PartnerTotals] => [id, {
    sales: m.total_sales, revenue: cents(m.total_revenue), base_commission: cents(m.base_commission), spiff_bonus: cents(m.spiff_bonus),
    total_commission: cents(m.total_commission), milestones: m.milestones_achieved, milestone_rewards: cents(m.milestone_rewards),
  }]));
}

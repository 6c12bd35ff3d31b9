/**
 * Scenario 7: the payout file, `GET /api/commissions/export.csv`, of a ledger of 1,000,000 lines
 * (100,000 with `--quick`), downloaded by an admin through the gateway.
 *
 * The lines are seeded in SQL into the commissions database (payout-export-seed.ts): booking a
 * million sales through the sale path would take over an hour here, and this scenario measures the
 * read. The download is counted as it arrives and never held: lines, bytes, the first byte, and
 * every process's RSS sampled during the download beside its RSS just before. The file must hold
 * every line of the ledger plus the header, or the scenario fails.
 *
 * References in the same run, on the same rows in the same order:
 * - PostgreSQL's own `COPY (SELECT <the file's columns> … ORDER BY created_at, id) TO STDOUT`, read
 *   by psql and counted by the same counter (no copy-stream package is a dependency);
 * - the export's page query (keyset on (created_at, id), 1,000 lines a page, the file's columns as
 *   text rows) read through `pg`: the database's and driver's share of the export, without the
 *   ledger's CSV, the RPC and HTTP.
 */
import { get } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { COMMISSION_EXPORT_COLUMNS, csvRow } from '@spiffworks/contracts';
import { serviceDatabase } from '@spiffworks/persistence';
import type { PlatformConfig } from '@spiffworks/runtime';
import type { BenchPlatform } from '../bench-platform';
import { benchDb, scalar } from '../bench-db';
import { BENCH_PROCESS, whileSampling } from '../process-usage';
import { psql } from '../psql';
import { Progress } from '../progress';
import { atMost, measured } from '../report';
import type { GoalCheck } from '../report';
import { since } from '../stats';
import { seedLedgerLines } from './payout-export-seed';

/** The gateway's page (PAYOUT_FILE_PAGE_LINES in apps/gateway/src/commissions/payout-file.ts). */
const EXPORT_PAGE_LINES = 1_000;
const FIRST_BYTE_GOAL_MS = 1000;
/**
 * "Usual RSS" is a process's RSS just before the download plus this margin, fixed before the first
 * run: a page or two in flight (a page is about 1 MB of CSV, several times that as rows and
 * objects) fits in it many times over, while a process holding a million-line file (~200 MB of
 * CSV) cannot.
 */
const USUAL_RSS_MARGIN_MB = 50;
const NEWLINE = 0x0a;
const TAIL_BYTES = 1024;

export interface TransferFigures {
  lines: number;
  bytes: number;
  duration_ms: number;
  first_byte_ms: number;
  lines_per_s: number;
  mb_per_s: number;
}

export interface PayoutExportResult {
  seeded_lines: number;
  seed_ms: number;
  /** Every line of the ledger: the seeded ones plus any earlier scenarios booked. */
  ledger_lines: number;
  page_lines: number;
  export: TransferFigures & { headers_ms: number; transfer_encoding: string | null };
  reference_copy: TransferFigures;
  reference_keyset_pages: { lines: number; pages: number; duration_ms: number; lines_per_s: number };
  /** The export's duration over COPY's. */
  export_over_copy: number;
  usual_rss_margin_mb: number;
  rss_before_mb: Record<string, number>;
  peak_rss_mb: Record<string, number>;
  /** CPU seconds per process during the download. */
  cpu_s: Record<string, number>;
}

export async function payoutExportScenario(bench: BenchPlatform, sizes: { lines: number; directoryPartners: number }): Promise<PayoutExportResult> {
  const db = benchDb(bench.config, 'commissions', 1);
  try {
    const seed = await seedLedgerLines(db, bench.config.DATABASE_NAME_PREFIX, sizes.lines, sizes.directoryPartners);
    const ledgerLines = await scalar(db, 'SELECT count(*) FROM commission_lines');
    const { rows } = await db.query<{ id: string }>('SELECT id FROM commission_lines ORDER BY created_at DESC, id DESC LIMIT 1');
    const { result: transfer, rssBefore, used } = await whileSampling(bench, () => downloadPayoutFile(bench, ledgerLines));
    expectWholeFile('export.csv', transfer, ledgerLines, rows[0].id);
    const copy = await copyReference(bench.config, ledgerLines);
    expectWholeFile('COPY reference', copy, ledgerLines, rows[0].id);
    const pages = await keysetPagesReference(db, ledgerLines);
    return {
      seeded_lines: seed.lines,
      seed_ms: seed.ms,
      ledger_lines: ledgerLines,
      page_lines: EXPORT_PAGE_LINES,
      export: { ...figures(transfer), headers_ms: round1(transfer.headersMs), transfer_encoding: transfer.transferEncoding },
      reference_copy: figures(copy),
      reference_keyset_pages: pages,
      export_over_copy: round2(transfer.durationMs / copy.durationMs),
      usual_rss_margin_mb: USUAL_RSS_MARGIN_MB,
      rss_before_mb: rssBefore,
      peak_rss_mb: used.peak_rss_mb,
      cpu_s: used.cpu_s,
    };
  } finally {
    await db.end();
  }
}

/** The bounds: first byte in < 1 s, no service above its usual RSS; lines/s reported beside COPY's. */
export function payoutExportGoals(result: PayoutExportResult): GoalCheck[] {
  const { export: file, reference_copy: copy, reference_keyset_pages: pages } = result;
  const services = Object.keys(result.rss_before_mb).filter((name) => name !== BENCH_PROCESS);
  return [
    measured('7 export', `${file.lines - 1} lines, lines/s`, file.lines_per_s,
      `COPY ${copy.lines_per_s} lines/s (export ${result.export_over_copy}× as long); keyset pages via pg ${pages.lines_per_s} lines/s`),
    atMost('7 export', 'first byte, ms', file.first_byte_ms, FIRST_BYTE_GOAL_MS, ' ms', `COPY first byte ${copy.first_byte_ms} ms`),
    ...services.map((name) => {
      const before = result.rss_before_mb[name];
      return atMost('7 export', `peak RSS ${name} during the export, MB`, result.peak_rss_mb[name], round1(before + USUAL_RSS_MARGIN_MB),
        ` MB (before + ${USUAL_RSS_MARGIN_MB})`, `before ${before} MB`);
    }),
  ];
}

interface Transfer {
  lines: number;
  bytes: number;
  durationMs: number;
  firstByteMs: number;
  firstLine: string;
  lastLine: string;
}

/**
 * Counts lines and bytes as they pass and keeps only the first line and the end of the stream,
 * so however long the file, the bench holds a chunk of it at most.
 */
class LineCounter extends Writable {
  lines = 0;
  bytes = 0;
  firstByteMs = Number.NaN;
  private head = '';
  private tail: Buffer = Buffer.alloc(0);

  constructor(private readonly startedAt: number, private readonly progress: Progress) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.bytes === 0) this.firstByteMs = since(this.startedAt);
    this.bytes += chunk.length;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) this.lines += 1;
    if (!this.head.includes('\n')) this.head += chunk.subarray(0, TAIL_BYTES).toString();
    this.tail = chunk.length >= TAIL_BYTES ? chunk.subarray(chunk.length - TAIL_BYTES) : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
    this.progress.set(this.lines);
    done();
  }

  result(): Transfer {
    const ended = this.tail.toString().replace(/\n$/, '');
    return {
      lines: this.lines, bytes: this.bytes, durationMs: since(this.startedAt), firstByteMs: this.firstByteMs,
      firstLine: this.head.split('\n')[0], lastLine: ended.slice(ended.lastIndexOf('\n') + 1),
    };
  }
}

/** The admin's download through the gateway, read at the speed it arrives; a response broken off fails it. */
async function downloadPayoutFile(bench: BenchPlatform, ledgerLines: number): Promise<Transfer & { headersMs: number; transferEncoding: string | null }> {
  const progress = new Progress('export: export.csv via gateway', ledgerLines + 1);
  const start = performance.now();
  try {
    const response = await request(`${bench.platform.gatewayUrl}/api/commissions/export.csv`, bench.admin);
    const headersMs = since(start);
    if (response.statusCode !== 200) throw new Error(`GET export.csv answered ${response.statusCode}: ${await text(response)}`);
    const counter = new LineCounter(start, progress);
    await pipeline(response, counter);
    return { ...counter.result(), headersMs, transferEncoding: response.headers['transfer-encoding'] ?? null };
  } finally {
    progress.done();
  }
}

function request(url: string, token: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, { headers: { authorization: `Bearer ${token}` } }, resolve).on('error', reject));
}

async function text(response: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of response) body += String(chunk);
  return body.slice(0, 500);
}

/** PostgreSQL's own CSV of the file's columns in the file's order, streamed to psql and counted as it arrives. */
async function copyReference(config: PlatformConfig, ledgerLines: number): Promise<Transfer> {
  const target = serviceDatabase(config, 'commissions');
  const columns = COMMISSION_EXPORT_COLUMNS.map((c) => (c === 'commission_id' ? 'id AS commission_id' : c)).join(', ');
  const copy = `COPY (SELECT ${columns} FROM commission_lines ORDER BY created_at, id) TO STDOUT WITH (FORMAT csv, HEADER)`;
  const progress = new Progress('export reference: COPY via psql', ledgerLines + 1);
  const start = performance.now();
  try {
    const counter = new LineCounter(start, progress);
    await psql(target, [copy], { output: counter });
    return counter.result();
  } finally {
    progress.done();
  }
}

/** The export's own page query, page after page through `pg`, rows as arrays of text as the ledger reads them: what the database and driver cost of it. */
async function keysetPagesReference(db: Pool, ledgerLines: number) {
  const columns = COMMISSION_EXPORT_COLUMNS.map((c) => (c === 'commission_id' ? 'id' : c)).join(', ');
  const page = `SELECT ${columns}, created_at::text AS cursor_at FROM commission_lines`;
  const order = `ORDER BY commission_lines.created_at, commission_lines.id LIMIT ${EXPORT_PAGE_LINES}`;
  const asText = { getTypeParser: () => (value: string) => value };
  const progress = new Progress('export reference: keyset pages', ledgerLines);
  const start = performance.now();
  let lines = 0;
  let pages = 0;
  let after: string[] | undefined;
  try {
    for (;;) {
      const { rows } = await db.query<string[]>({
        text: after ? `${page} WHERE (created_at, id) > ($1::timestamptz, $2::uuid) ${order}` : `${page} ${order}`,
        values: after ?? [], rowMode: 'array', types: asText,
      });
      lines += rows.length;
      pages += 1;
      progress.set(lines);
      if (rows.length < EXPORT_PAGE_LINES) break;
      const last = rows[rows.length - 1];
      after = [last[last.length - 1], last[0]];
    }
  } finally {
    progress.done();
  }
  const ms = since(start);
  return { lines, pages, duration_ms: Math.round(ms), lines_per_s: Math.round(lines / (ms / 1000)) };
}

/** The header, one line per ledger line, ending with the ledger's last line: a short or cut file fails the run. */
function expectWholeFile(what: string, transfer: Transfer, ledgerLines: number, lastLineId: string): void {
  const header = csvRow(COMMISSION_EXPORT_COLUMNS);
  const problems = [
    transfer.firstLine !== header && `its first line is "${transfer.firstLine.slice(0, 200)}", not the header`,
    transfer.lines !== ledgerLines + 1 && `it has ${transfer.lines} lines, not ${ledgerLines} + the header`,
    !transfer.lastLine.startsWith(`${lastLineId},`) && `it ends with "${transfer.lastLine.slice(0, 200)}", not the ledger's last line ${lastLineId}`,
  ].filter(Boolean);
  if (problems.length) throw new Error(`${what} is not the whole payout file: ${problems.join('; ')}`);
}

function figures(transfer: Transfer): TransferFigures {
  const seconds = transfer.durationMs / 1000;
  return {
    lines: transfer.lines,
    bytes: transfer.bytes,
    duration_ms: Math.round(transfer.durationMs),
    first_byte_ms: round1(transfer.firstByteMs),
    lines_per_s: Math.round(transfer.lines / seconds),
    mb_per_s: round1(transfer.bytes / 2 ** 20 / seconds),
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

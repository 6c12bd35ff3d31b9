import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { COMMISSION_EXPORT_COLUMNS, COMMISSION_STATUSES } from '@spiffworks/contracts';
import type { CommissionStatus } from '@spiffworks/contracts';
import { eventually, openServiceDb } from '@spiffworks/testing';
import type { Pool } from 'pg';
import { MB, cents, firstDifference, mb, watchResident } from './process-memory';
import { startPlatform, stopPlatform } from './support';
import type { RunningPlatform } from './support';

/** About 65 MB of CSV: more than the gateway may grow by, and far more than sockets can buffer ahead of a paused reader. */
const LEDGER_LINES = 350_000;

/**
 * How much the gateway's RSS may grow while it streams the whole file. Building the file in one
 * string and receiving it as one RPC reply needs the reply's bytes, its text and the response's
 * bytes at once (2–3 × the file, > 130 MB here); a streamed file needs a few pages (~1 MB each).
 */
const GATEWAY_GROWTH_BOUND_MB = 60;

const column = (name: (typeof COMMISSION_EXPORT_COLUMNS)[number]): number => COMMISSION_EXPORT_COLUMNS.indexOf(name);
const ID = column('commission_id');
const TOTAL = column('total_commission');
const STATUS = column('status');

/**
 * Books `lines` ledger lines straight into the commissions database: sales, clawbacks (negative)
 * and milestone rewards of the partners, in every status, with amounts to the cent. The lines are
 * inserted in an order unrelated to their created_at (a permutation of the row number), so only
 * the export's ORDER BY can put them in order; created_at values come in threes (ties broken by
 * id) and four of them share each millisecond (a cursor rounded to the millisecond would lose or
 * repeat lines at page boundaries, which fall inside such groups). No cell needs CSV quoting.
 */
async function seedLedger(db: Pool, partners: string[], lines: number): Promise<void> {
  await db.query(
    `INSERT INTO commission_lines (id, kind, partner_id, sale_id, product_id, milestone_achievement_id, return_id, tier, sale_date,
       revenue, commission_amount, spiff_bonus, reward_amount, total_commission, spiffs_applied, spiff_ids, status, status_reason,
       payout_reference, trace, created_at, updated_at)
     SELECT gen_random_uuid(), kind, ($1::uuid[])[(1 + i % cardinality($1::uuid[]))::int],
       CASE WHEN kind <> 'milestone_reward' THEN gen_random_uuid() END,
       CASE WHEN kind <> 'milestone_reward' THEN $3::uuid END,
       CASE WHEN kind = 'milestone_reward' THEN gen_random_uuid() END,
       CASE WHEN kind = 'clawback' THEN gen_random_uuid() END,
       CASE WHEN kind <> 'milestone_reward' THEN 'gold' END,
       CASE WHEN kind <> 'milestone_reward' THEN date '2025-01-01' + (i % 365)::int END,
       CASE kind WHEN 'sale' THEN base * 8 WHEN 'clawback' THEN -base * 8 ELSE 0 END,
       CASE kind WHEN 'sale' THEN base WHEN 'clawback' THEN -base ELSE 0 END,
       CASE kind WHEN 'sale' THEN bonus WHEN 'clawback' THEN -bonus ELSE 0 END,
       CASE kind WHEN 'milestone_reward' THEN base ELSE 0 END,
       CASE kind WHEN 'sale' THEN base + bonus WHEN 'clawback' THEN -(base + bonus) ELSE base END,
       '[]', '{}', status, CASE WHEN status = 'rejected' THEN 'duplicate sale' END,
       CASE WHEN status = 'paid' THEN 'PAYOUT-2025-' || lpad((1 + i % 12)::text, 2, '0') END,
       '{}', created_at, created_at
     FROM generate_series(0::bigint, $2::bigint - 1) AS g(i)
     CROSS JOIN LATERAL (SELECT
       CASE WHEN i % 10 = 3 THEN 'clawback' WHEN i % 10 = 7 THEN 'milestone_reward' ELSE 'sale' END AS kind,
       ($4::text[])[(1 + (i / 7) % cardinality($4::text[]))::int] AS status,
       (((i * 7919) % 250000 + 1)::numeric / 100)::numeric(18,2) AS base,
       (((i * 104729) % 4000)::numeric / 100)::numeric(18,2) AS bonus,
       ((i * 7907) % $2::bigint) / 3 AS instant) AS line
     CROSS JOIN LATERAL (SELECT
       timestamptz '2025-01-01 00:00:00+00' + (instant / 4) * interval '1 second' + (instant % 4) * interval '250 microseconds' AS created_at) AS at`,
    [partners, lines, randomUUID(), COMMISSION_STATUSES],
  );
  await db.query('ANALYZE commission_lines');
}

interface LedgerFilter {
  partner_id?: string;
  status?: CommissionStatus;
}

/** What the payout file must hold, straight from the database: the ids in file order and Σ total_commission per status. */
interface ExpectedPayoutFile {
  ids: string[];
  totals: Record<string, string>;
}

async function expectedPayoutFile(db: Pool, filter: LedgerFilter = {}): Promise<ExpectedPayoutFile> {
  const where = 'WHERE ($1::uuid IS NULL OR partner_id = $1) AND ($2::text IS NULL OR status = $2)';
  const params = [filter.partner_id ?? null, filter.status ?? null];
  const ids = await db.query<{ id: string }>(`SELECT id FROM commission_lines ${where} ORDER BY created_at, id`, params);
  const sums = await db.query<{ status: string; total: string }>(
    `SELECT status, sum(total_commission)::text AS total FROM commission_lines ${where} GROUP BY status`, params,
  );
  return { ids: ids.rows.map((r) => r.id), totals: Object.fromEntries(sums.rows.map((r) => [r.status, cents(r.total).toString()])) };
}

/**
 * The payout file read as it arrives, never held whole: the header, each record's id and Σ
 * total_commission per status. Splitting lines at `\n` and cells at `,` is exact because the seeded
 * ledger has no cell that CSV quotes (no comma, quote or line break); a record of another width fails.
 */
class PayoutFileTally {
  header: string | undefined;
  readonly ids: string[] = [];
  private readonly totals = new Map<string, bigint>();
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  bytes = 0;

  take(chunk: Buffer): void {
    this.bytes += chunk.length;
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.record(line);
  }

  /** Σ total_commission per status, in cents. */
  totalsByStatus(): Record<string, string> {
    return Object.fromEntries([...this.totals].map(([status, total]) => [status, total.toString()]));
  }

  /** Text after the last line end: none in a file whose every record was ended. */
  get unended(): string {
    return this.partial + this.decoder.end();
  }

  private record(line: string): void {
    if (this.header === undefined) {
      this.header = line;
      return;
    }
    const cells = line.split(',');
    if (cells.length !== COMMISSION_EXPORT_COLUMNS.length) throw new Error(`record ${this.ids.length + 1} has ${cells.length} cells: ${line}`);
    this.ids.push(cells[ID]);
    this.totals.set(cells[STATUS], (this.totals.get(cells[STATUS]) ?? 0n) + cents(cells[TOTAL]));
  }
}

function requestPayoutFile(gatewayUrl: string, token: string, filter: LedgerFilter = {}): Promise<IncomingMessage> {
  const query = new URLSearchParams(filter as Record<string, string>).toString();
  return new Promise((resolve, reject) => {
    // agent: false, so the connection is not kept for a later test once the file is read.
    const request = get(`${gatewayUrl}/api/commissions/export.csv${query ? `?${query}` : ''}`, { headers: { authorization: `Bearer ${token}` }, agent: false }, resolve);
    request.on('error', reject);
  });
}

interface Download {
  response: IncomingMessage;
  tally: PayoutFileTally;
  firstByteMs: number;
  durationMs: number;
}

async function downloadPayoutFile(gatewayUrl: string, token: string, filter: LedgerFilter = {}): Promise<Download> {
  const started = performance.now();
  const response = await requestPayoutFile(gatewayUrl, token, filter);
  const tally = new PayoutFileTally();
  let firstByteMs = -1;
  for await (const chunk of response) {
    if (firstByteMs < 0) firstByteMs = performance.now() - started;
    tally.take(chunk as Buffer);
  }
  return { response, tally, firstByteMs, durationMs: performance.now() - started };
}

function expectWholeFile(download: Download, expected: ExpectedPayoutFile): void {
  const { response, tally } = download;
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/csv/);
  expect(response.headers['transfer-encoding']).toBe('chunked');
  expect(response.headers['content-length']).toBeUndefined();
  expect(response.complete).toBe(true);
  expect(tally.header).toBe(COMMISSION_EXPORT_COLUMNS.join(','));
  expect(tally.unended).toBe('');
  expect(tally.ids).toHaveLength(expected.ids.length);
  expect(new Set(tally.ids).size).toBe(tally.ids.length);
  expect(firstDifference(tally.ids, expected.ids)).toBe(-1);
  expect(tally.totalsByStatus()).toEqual(expected.totals);
}

describe('payout file: GET /api/commissions/export.csv streams a large ledger page by page', () => {
  let running: RunningPlatform;
  let commissionsDb: Pool;
  let partners: string[];
  let wholeLedger: ExpectedPayoutFile;

  beforeAll(async () => {
    running = await startPlatform();
    commissionsDb = openServiceDb(running.config, 'commissions');
    partners = [randomUUID(), randomUUID(), randomUUID()];
    await seedLedger(commissionsDb, partners, LEDGER_LINES);
    wholeLedger = await expectedPayoutFile(commissionsDb);
  });

  afterAll(async () => {
    await commissionsDb?.end();
    await stopPlatform(running);
  });

  it('sends every line once, oldest first, with sums to the cent, while the gateway grows by less than the size of the file', async () => {
    const gatewayPid = running.platform.pid('gateway');
    if (!gatewayPid) throw new Error('the gateway has no process id');
    expect(wholeLedger.ids).toHaveLength(LEDGER_LINES);

    const resident = watchResident(gatewayPid);
    const download = await downloadPayoutFile(running.platform.gatewayUrl, running.admin);
    const { baseline, peak } = resident.stop();

    expectWholeFile(download, wholeLedger);
    console.log(
      `payout file stream: ${download.tally.ids.length} lines, ${mb(download.tally.bytes)} MB in ${Math.round(download.durationMs)} ms ` +
      `(first byte after ${Math.round(download.firstByteMs)} ms); gateway RSS ${mb(baseline)} MB before, ${mb(peak)} MB at peak ` +
      `(+${mb(peak - baseline)} MB, bound ${GATEWAY_GROWTH_BOUND_MB} MB)`,
    );
    // The bound means something only because the file is bigger: not even one copy of it fits under the bound.
    expect(download.tally.bytes).toBeGreaterThan(GATEWAY_GROWTH_BOUND_MB * MB);
    expect(peak - baseline).toBeLessThan(GATEWAY_GROWTH_BOUND_MB * MB);
  });

  it('sends exactly the lines of one partner in one status', async () => {
    const filter: LedgerFilter = { partner_id: partners[1], status: 'approved' };
    const expected = await expectedPayoutFile(commissionsDb, filter);
    expect(expected.ids.length).toBeGreaterThan(0);
    expect(Object.keys(expected.totals)).toEqual(['approved']);

    expectWholeFile(await downloadPayoutFile(running.platform.gatewayUrl, running.admin, filter), expected);
  });

  it('breaks the download off when the ledger goes away mid-file, so a cut file never looks complete; once back, the whole file downloads', async () => {
    const { platform, admin } = running;
    const response = await requestPayoutFile(platform.gatewayUrl, admin);
    expect(response.statusCode).toBe(200);
    const tally = new PayoutFileTally();
    const chunks = response[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const first = await chunks.next();
    tally.take(first.value);

    // Not reading on is what keeps this deterministic: the gateway asks a page only when the
    // client has taken the one before, so while we wait it holds at most a page or two, the
    // kernel's socket buffers a few MB more (≤ 4 MB send, the receive window not yet grown), and
    // the http client stops reading at its own small high-water mark. With ~65 MB in the file,
    // the rest must be asked after commissions has stopped, and that page fails (at the
    // gateway's RPC timeout, as nothing consumes the request).
    await platform.stopService('commissions');
    const readRest = async (): Promise<void> => {
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) tally.take(next.value);
    };
    await expect(readRest()).rejects.toThrow(/aborted|ECONNRESET|premature close/i);
    expect(response.complete).toBe(false);
    expect(tally.ids.length).toBeGreaterThan(0);
    expect(tally.ids.length).toBeLessThan(wholeLedger.ids.length);
    expect(firstDifference(tally.ids, wholeLedger.ids.slice(0, tally.ids.length))).toBe(-1);
    console.log(`payout file cut: ${tally.ids.length} lines (${mb(tally.bytes)} MB) arrived before the download broke off`);

    await platform.startService('commissions');
    await eventually(() => fetch(`${platform.gatewayUrl}/health`).then((r) => r.status), (status) => status === 200, { timeoutMs: 30_000, intervalMs: 200 });
    expectWholeFile(await downloadPayoutFile(platform.gatewayUrl, admin), wholeLedger);
  });
});

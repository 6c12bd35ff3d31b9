import { Readable } from 'node:stream';
import { HttpException } from '@nestjs/common';
import { ErrorCode, SALE_IMPORT_COLUMNS, serviceError } from '@spiffworks/contracts';
import type { AppendSaleImportRowsCommand, SaleImportView, ServiceError } from '@spiffworks/contracts';
import { RpcCallFailed } from '@spiffworks/messaging';
import { RowChunk, SALE_IMPORT_LIMITS, receiveSaleFile } from './sale-import-upload';
import type { SaleImportCalls, SaleImportLimits } from './sale-import-upload';

const PARTNER = '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70';
const PRODUCT = 'c9a1e2b3-4d5f-4a6b-8c7d-9e0f1a2b3c4d';
const HEADER = SALE_IMPORT_COLUMNS.join(',');
const line = (i: number): string => `${PARTNER},${PRODUCT},${(i % 5) + 1},10.50,2025-01-15,INV-${i}`;
const LIMITS: SaleImportLimits = { ...SALE_IMPORT_LIMITS, chunkRows: 3 };

const view = (status: SaleImportView['status'], id = 'import-1'): SaleImportView => ({
  id, status, file_name: null, rows_total: 0, rows_accepted: 0, rows_rejected: 0, errors: [], failure: null, created_at: '2025-01-31T09:00:00.000Z', finished_at: null, rows_purged_at: null,
});

/** Stands in for fulfillment: records every call; `append` may be made to fail. */
function fulfillment(options: { opened?: SaleImportView; appendFails?: Error } = {}) {
  const calls = {
    opened: [] as unknown[],
    appends: [] as AppendSaleImportRowsCommand[],
    closed: [] as unknown[],
    aborted: [] as Array<{ import_id: string; reason: string }>,
    got: [] as string[],
  };
  const api: SaleImportCalls = {
    open: async (command) => (calls.opened.push(command), options.opened ?? view('receiving')),
    append: async (command) => {
      calls.appends.push(command);
      if (options.appendFails) throw options.appendFails;
      return { rows_received: 0 };
    },
    close: async (command) => (calls.closed.push(command), { ...view('queued'), rows_total: command.rows_total }),
    abort: async (command) => (calls.aborted.push(command), view('failed')),
    get: async (id) => (calls.got.push(id), view('completed', id)),
  };
  return { calls, api };
}

/** The file's bytes, pulled piece by piece as the reader asks for them. */
function* bytesOf(text: string | Iterable<string>): Generator<Buffer> {
  for (const piece of typeof text === 'string' ? [text] : text) yield Buffer.from(piece);
}

const fileOf = (text: string | Iterable<string>, signal = new AbortController().signal) => ({ bytes: Readable.from(bytesOf(text)), name: 'sales.csv', signal });

/** Enough rows that the streams' buffers hold only a small part of them. */
const MANY = 2_000;
const manyLines = function* (from = 1): Generator<string> {
  for (let i = from; i < from + MANY; i++) yield `${line(i)}\n`;
};

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpException) return error.getResponse() as ServiceError;
    if (error instanceof RpcCallFailed) return error.error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('receiveSaleFile: a sell-through file into a fulfillment import', () => {
  it('opens with the header, sends every row in order in chunks, numbered from 2 (the header is row 1), then closes with the total', async () => {
    const { calls, api } = fulfillment();
    const file = `\uFEFF${HEADER}\r\n${[1, 2, 3, 4, 5, 6, 7].map(line).join('\r\n')}\r\n`;
    const closed = await receiveSaleFile(fileOf(file), api, { replayable: false, limits: LIMITS });
    expect(calls.opened).toEqual([{ header: [...SALE_IMPORT_COLUMNS], file_name: 'sales.csv' }]);
    expect(calls.appends.map((a) => a.rows.map((r) => r.row))).toEqual([[2, 3, 4], [5, 6, 7], [8]]);
    expect(calls.appends.every((a) => a.import_id === 'import-1')).toBe(true);
    expect(calls.appends[0].rows[0]).toEqual({
      row: 2, cells: line(1).split(','),
      sale: { partner_id: PARTNER, product_id: PRODUCT, quantity: 2, unit_price: 10.5, sale_date: '2025-01-15', invoice_number: 'INV-1' },
    });
    expect(calls.closed).toEqual([{ import_id: 'import-1', rows_total: 7 }]);
    expect(closed.status).toBe('queued');
    expect(calls.aborted).toEqual([]);
  });

  it('keeps at most 255 characters of a file name', async () => {
    const { calls, api } = fulfillment();
    await receiveSaleFile({ ...fileOf(`${HEADER}\n`), name: `${'x'.repeat(300)}.csv` }, api, { replayable: false, limits: LIMITS });
    expect(calls.opened).toEqual([{ header: [...SALE_IMPORT_COLUMNS], file_name: 'x'.repeat(255) }]);
    expect(calls.closed).toEqual([{ import_id: 'import-1', rows_total: 0 }]);
  });

  it('numbers rows by record: a quoted cell over two lines is one row, a blank row is skipped but keeps its number', async () => {
    const { calls, api } = fulfillment();
    const file = `${HEADER},notes\n${line(1)},"two\nlines, one cell"\n\n,,,,,\n${line(2)}\n`;
    await receiveSaleFile(fileOf(file), api, { replayable: false, limits: LIMITS });
    expect(calls.appends.flatMap((a) => a.rows.map((r) => [r.row, r.cells.at(-1)]))).toEqual([[2, 'two\nlines, one cell'], [5, 'INV-2']]);
    expect(calls.closed).toEqual([{ import_id: 'import-1', rows_total: 2 }]);
  });

  it('sends a row that fails validation as errors (field and reason), and the good ones as sales', async () => {
    const { calls, api } = fulfillment();
    const bad = `${PARTNER},${PRODUCT},2.5,1e3,2025-01-15,INV-9`;
    await receiveSaleFile(fileOf(`${HEADER}\n${line(1)}\n${bad}\n`), api, { replayable: false, limits: LIMITS });
    const [good, refused] = calls.appends[0].rows;
    expect(good.sale).toBeDefined();
    expect(refused).toEqual({
      row: 3, cells: bad.split(','),
      errors: [
        { field: 'quantity', reason: 'must be a whole number written with digits, such as 2' },
        { field: 'unit_price', reason: 'must be a number written with digits and an optional decimal point, such as 1000.50' },
      ],
    });
  });

  it('reads the file only as fast as fulfillment takes it: each append is made before the rest of the file is read', async () => {
    const { calls, api } = fulfillment();
    let produced = 0;
    const pulledAtAppend: number[] = [];
    const rows = function* (): Generator<string> {
      yield `${HEADER}\n`;
      for (let i = 1; i <= 20_000; i++) {
        produced++;
        yield `${line(i)}\n`;
      }
    };
    const tracked: SaleImportCalls = { ...api, append: (command) => (pulledAtAppend.push(produced), api.append(command)) };
    await receiveSaleFile(fileOf(rows()), tracked, { replayable: false, limits: { ...LIMITS, chunkRows: 1_000 } });
    expect(calls.appends.map((a) => a.rows.length)).toEqual(Array(20).fill(1_000));
    // Rows in flight when an append starts: the chunk plus the streams' small buffers, never the file.
    const ahead = pulledAtAppend.map((pulled, i) => pulled - (i + 1) * 1_000);
    expect(Math.max(...ahead)).toBeLessThan(600);
    expect(pulledAtAppend[0]).toBeLessThan(2_000);
  });

  it('refuses a file without the header before anything is opened', async () => {
    const { calls, api } = fulfillment();
    const problem = await refusal(receiveSaleFile(fileOf(`${line(1)}\n${line(2)}\n`), api, { replayable: false, limits: LIMITS }));
    expect(problem).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, status: 400 });
    expect(problem.errors?.map((e) => e.field)).toEqual([...SALE_IMPORT_COLUMNS]);
    expect(calls).toMatchObject({ opened: [], appends: [], closed: [], aborted: [] });
  });

  it('refuses an empty file before anything is opened', async () => {
    for (const text of ['', '\uFEFF']) {
      const { calls, api } = fulfillment();
      const problem = await refusal(receiveSaleFile(fileOf(text), api, { replayable: false, limits: LIMITS }));
      expect(problem).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, message: expect.stringMatching(/^the file is empty/) });
      expect(calls.opened).toEqual([]);
    }
  });

  it('aborts the import of a file that is not CSV, and names the row', async () => {
    const { calls, api } = fulfillment();
    const file = [`${HEADER}\n`, ...manyLines(), `"${line(0)}\n`, `${line(1)}\n`];
    const problem = await refusal(receiveSaleFile(fileOf(file), api, { replayable: false, limits: LIMITS }));
    expect(problem).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, message: `row ${MANY + 2} is not valid CSV: a quoted cell is never closed` });
    expect(calls.aborted).toEqual([{ import_id: 'import-1', reason: problem.message }]);
    expect(calls.closed).toEqual([]);
  });

  it('aborts the import of a row longer than the limit (an unclosed quote reads no further than that)', async () => {
    const { calls, api } = fulfillment();
    const long = `${line(0)},"${'x'.repeat(5_000)}`;
    const problem = await refusal(receiveSaleFile(fileOf([`${HEADER}\n`, ...manyLines(), long]), api, { replayable: false, limits: { ...LIMITS, maxRowCharacters: 1_000 } }));
    expect(problem.message).toBe(`row ${MANY + 2} is not valid CSV: the row is longer than 1000 characters`);
    expect(calls.aborted).toHaveLength(1);
  });

  it('aborts the import of a file over the byte limit (413)', async () => {
    const { calls, api } = fulfillment();
    const problem = await refusal(receiveSaleFile(fileOf([`${HEADER}\n`, ...manyLines()]), api, { replayable: false, limits: { ...LIMITS, maxBytes: 100_000 } }));
    expect(problem).toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE, status: 413, message: expect.stringContaining('(100000 bytes)') });
    expect(calls.aborted).toEqual([{ import_id: 'import-1', reason: problem.message }]);
    expect(calls.closed).toEqual([]);
  });

  it('aborts the import of a file over the row limit (413): rows after the header, so no row number passes limit + 1', async () => {
    const rows = (n: number, blank = ''): string => `${HEADER}\n${blank}${Array.from({ length: n }, (_, i) => line(i)).join('\n')}\n\n\n`;
    const within = fulfillment();
    await receiveSaleFile(fileOf(rows(10)), within.api, { replayable: false, limits: { ...LIMITS, maxRows: 10 } });
    expect(within.calls.closed).toEqual([{ import_id: 'import-1', rows_total: 10 }]);
    for (const file of [rows(11), rows(10, ',,,\n')]) {
      const over = fulfillment();
      const problem = await refusal(receiveSaleFile(fileOf(file), over.api, { replayable: false, limits: { ...LIMITS, maxRows: 10 } }));
      expect(problem).toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'the file has more than 10 rows after the header; split it into several files' });
      expect(over.calls.aborted).toHaveLength(1);
    }
  });

  it('aborts the import when the upload breaks off before the file ends', async () => {
    const { calls, api } = fulfillment();
    const client = new AbortController();
    const bytes = new Readable({ read() {} });
    bytes.push(`${HEADER}\n${line(1)}\n${line(2)}\n${line(3)}\n${line(4)}\n`);
    const gone: SaleImportCalls = { ...api, append: (command) => (client.abort(), api.append(command)) };
    const problem = await refusal(receiveSaleFile({ bytes, name: null, signal: client.signal }, gone, { replayable: false, limits: LIMITS }));
    expect(problem).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, message: 'the upload broke off before the file ended' });
    expect(calls.aborted).toEqual([{ import_id: 'import-1', reason: 'the upload broke off before the file ended' }]);
    expect(calls.closed).toEqual([]);
  });

  it('aborts the import when fulfillment fails mid-upload, with its reason', async () => {
    const failure = new RpcCallFailed(serviceError(ErrorCode.SERVICE_UNAVAILABLE, 'fulfillment service did not answer within 10000 ms'), 'timeout');
    const { calls, api } = fulfillment({ appendFails: failure });
    const problem = await refusal(receiveSaleFile(fileOf(`${HEADER}\n${line(1)}\n`), api, { replayable: false, limits: LIMITS }));
    expect(problem.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(calls.aborted).toEqual([{ import_id: 'import-1', reason: 'fulfillment service did not answer within 10000 ms' }]);
  });

  it('answers a replay (same Idempotency-Key) of an upload already in with that import, reading no rows', async () => {
    const { calls, api } = fulfillment({ opened: view('completed', 'import-0') });
    const answered = await receiveSaleFile(fileOf(`${HEADER}\n${line(1)}\n`), api, { replayable: true, limits: LIMITS });
    expect(answered).toMatchObject({ id: 'import-0', status: 'completed' });
    expect(calls).toMatchObject({ appends: [], closed: [], aborted: [] });
  });

  it('answers the import as it is when another request with the same key closed it meanwhile; never aborts it', async () => {
    const notReceiving = new RpcCallFailed(serviceError(ErrorCode.SALE_IMPORT_NOT_RECEIVING, 'sale import import-1 is not receiving rows'));
    const replay = fulfillment({ appendFails: notReceiving });
    expect(await receiveSaleFile(fileOf(`${HEADER}\n${line(1)}\n`), replay.api, { replayable: true, limits: LIMITS })).toMatchObject({ status: 'completed' });
    expect(replay.calls).toMatchObject({ got: ['import-1'], aborted: [] });
    // Without a key of the client's it is no replay: the 409 stands.
    const plain = fulfillment({ appendFails: notReceiving });
    expect(await refusal(receiveSaleFile(fileOf(`${HEADER}\n${line(1)}\n`), plain.api, { replayable: false, limits: LIMITS }))).toMatchObject({ status: 409 });
    expect(plain.calls).toMatchObject({ got: [], aborted: [] });
  });
});

describe('RowChunk', () => {
  const row = (n: number, width = 10) => ({ row: n, cells: ['x'.repeat(width)] });

  it('is full at the row count', () => {
    const chunk = new RowChunk({ chunkRows: 2, chunkCharacters: 1_000_000 });
    expect([chunk.add(row(2)), chunk.add(row(3))]).toEqual([false, true]);
    expect(chunk.take().map((r) => r.row)).toEqual([2, 3]);
    expect(chunk.size).toBe(0);
  });

  it('is full sooner when its rows are wide, so that no message grows past the broker\'s limit', () => {
    const chunk = new RowChunk({ chunkRows: 1_000, chunkCharacters: 2_500 });
    expect([chunk.add(row(2, 1_000)), chunk.add(row(3, 1_000)), chunk.add(row(4, 1_000))]).toEqual([false, false, true]);
    expect(chunk.take()).toHaveLength(3);
    expect(chunk.add(row(5, 1_000))).toBe(false);
  });
});

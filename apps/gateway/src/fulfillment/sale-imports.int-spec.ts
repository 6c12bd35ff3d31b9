import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Controller, Module } from '@nestjs/common';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ErrorCode, Rpc, SALE_IMPORT_COLUMNS, SALE_IMPORT_MAX_BYTES } from '@spiffworks/contracts';
import type {
  AbortSaleImportCommand, AccountAccessView, AppendSaleImportRowsCommand, CloseSaleImportCommand, GetSaleImportQuery, OpenSaleImportCommand,
  RpcRequest, SaleImportErrorsPage, SaleImportErrorsPageQuery, SaleImportRow, SaleImportView, UserRole,
} from '@spiffworks/contracts';
import { claimsFor } from '@spiffworks/auth';
import { MessagingTopology, ServiceFailure, rpcServerOptions } from '@spiffworks/messaging';
import type { PlatformConfig } from '@spiffworks/runtime';
import { eventually, isolatedConfig, removeNamespace } from '@spiffworks/testing';
import { createGatewayApp } from '../main';

/** Every account is active (the partners service's answer the guard needs). */
@Controller()
class EveryAccountActive {
  @MessagePattern(Rpc.partners.AccountAccess)
  access(@Payload() request: RpcRequest<{ user_id: string }>): AccountAccessView {
    return { user_id: request.body.user_id, allowed: true, reason: null };
  }
}
@Module({ controllers: [EveryAccountActive] })
class AccountAccessStubModule {}

interface Append {
  import_id: string;
  /** The first and last row number. */
  span: [number, number];
  /** The rows' numbers and the rows themselves while `keepRows` (the memory test keeps nothing of them). */
  rows?: number[];
  sent?: SaleImportRow[];
}

/** What the stand-in for fulfillment was asked, and the imports it holds. */
const seen = {
  opened: [] as Array<{ body: OpenSaleImportCommand; key?: string; actor: unknown; id?: string }>,
  appends: [] as Append[],
  closed: [] as CloseSaleImportCommand[],
  aborted: [] as AbortSaleImportCommand[],
  pagesAsked: [] as number[],
  keepRows: true,
};
const imports = new Map<string, SaleImportView>();
/** Idempotency keys whose upload is done: opening with one answers that import. */
const replays = new Map<string, string>();
/** errors.csv pages by `after_row`; an Error stands for a page that fails. */
const errorPages = new Map<number, SaleImportErrorsPage | Error>();

const newView = (body: OpenSaleImportCommand): SaleImportView => ({
  id: randomUUID(), status: 'receiving', file_name: body.file_name, rows_total: 0, rows_accepted: 0, rows_rejected: 0,
  errors: [], failure: null, created_at: new Date().toISOString(), finished_at: null, rows_purged_at: null,
});

function known(id: string): SaleImportView {
  const view = imports.get(id);
  if (!view) throw ServiceFailure.notFound(ErrorCode.SALE_IMPORT_NOT_FOUND, 'sale import', id);
  return view;
}

/** Stands in for fulfillment's sale imports over the real RabbitMQ. */
@Controller()
class SaleImportsStub {
  @MessagePattern(Rpc.fulfillment.OpenSaleImport)
  open(@Payload() request: RpcRequest<OpenSaleImportCommand>): SaleImportView {
    const replayed = request.idempotency_key && replays.get(request.idempotency_key);
    const view = replayed ? known(replayed) : newView(request.body);
    imports.set(view.id, view);
    seen.opened.push({ body: request.body, key: request.idempotency_key, actor: request.actor, id: view.id });
    return view;
  }

  @MessagePattern(Rpc.fulfillment.AppendSaleImportRows)
  append(@Payload() request: RpcRequest<AppendSaleImportRowsCommand>): { rows_received: number } {
    const { import_id, rows } = request.body;
    if (known(import_id).status !== 'receiving') throw new ServiceFailure(ErrorCode.SALE_IMPORT_NOT_RECEIVING, `sale import ${import_id} is not receiving`);
    seen.appends.push({ import_id, span: [rows[0].row, rows[rows.length - 1].row], ...(seen.keepRows && { rows: rows.map((r) => r.row), sent: rows }) });
    return { rows_received: rows.length };
  }

  @MessagePattern(Rpc.fulfillment.CloseSaleImport)
  close(@Payload() request: RpcRequest<CloseSaleImportCommand>): SaleImportView {
    seen.closed.push(request.body);
    const view = { ...known(request.body.import_id), status: 'queued' as const, rows_total: request.body.rows_total };
    imports.set(view.id, view);
    return view;
  }

  @MessagePattern(Rpc.fulfillment.AbortSaleImport)
  abort(@Payload() request: RpcRequest<AbortSaleImportCommand>): SaleImportView {
    seen.aborted.push(request.body);
    const view = { ...known(request.body.import_id), status: 'failed' as const, failure: request.body.reason };
    imports.set(view.id, view);
    return view;
  }

  @MessagePattern(Rpc.fulfillment.GetSaleImport)
  get(@Payload() request: RpcRequest<GetSaleImportQuery>): SaleImportView {
    return known(request.body.import_id);
  }

  @MessagePattern(Rpc.fulfillment.SaleImportErrorsPage)
  errorsPage(@Payload() request: RpcRequest<SaleImportErrorsPageQuery>): SaleImportErrorsPage {
    known(request.body.import_id);
    seen.pagesAsked.push(request.body.after_row);
    const page = errorPages.get(request.body.after_row);
    if (!page) throw new Error(`no page after ${request.body.after_row}`);
    if (page instanceof Error) throw page;
    return page;
  }
}
@Module({ controllers: [SaleImportsStub] })
class FulfillmentStubModule {}

const PARTNER = '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70';
const PRODUCT = 'c9a1e2b3-4d5f-4a6b-8c7d-9e0f1a2b3c4d';
const HEADER = SALE_IMPORT_COLUMNS.join(',');
const line = (i: number): string => `${PARTNER},${PRODUCT},${(i % 9) + 1},19.99,2025-01-15,INV-${i}`;
const fileOf = (rows: number): string => `${HEADER}\n${Array.from({ length: rows }, (_, i) => `${line(i)}\n`).join('')}`;
const rowNumbers = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A body of `bytes` bytes or more, made a block at a time while it is sent (the test holds no more than a block). */
function* streamedFile(bytes: number, rowOf: (i: number) => string = line): Generator<Buffer> {
  yield Buffer.from(`${HEADER},notes\n`);
  let sent = 0;
  let i = 0;
  while (sent < bytes) {
    let block = '';
    while (block.length < 64 * 1024) block += `${rowOf(i++)},\n`;
    sent += block.length;
    yield Buffer.from(block);
  }
}

/** A problem or status body, read loosely. */
const jsonOf = (response: Response): Promise<any> => response.json() as Promise<any>;

/** POST /api/fulfillment/sales/imports from `body` (a stream is sent chunked). */
async function upload(baseUrl: string, body: string | FormData | Readable, token: string, headers: Record<string, string> = {}): Promise<Response> {
  const streamed = body instanceof Readable;
  return fetch(`${baseUrl}/api/fulfillment/sales/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(!(body instanceof FormData) && { 'content-type': 'text/csv' }), ...headers },
    body: streamed ? (Readable.toWeb(body) as ReadableStream) : body,
    ...(streamed && { duplex: 'half' }),
  } as RequestInit);
}

/**
 * POSTs a file from `chunks` with node's own client: written as the socket takes it and never kept
 * (fetch tees a stream body and would hold every chunk in this process, which the memory test
 * measures). Stops writing once an answer arrives.
 */
function postChunked(baseUrl: string, chunks: Iterable<Buffer>, token: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(`${baseUrl}/api/fulfillment/sales/imports`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    }, (response) => {
      answered = true;
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    request.on('error', (error) => (answered ? undefined : reject(error)));
    const source = chunks[Symbol.iterator]();
    const write = (): void => {
      for (;;) {
        if (answered) return;
        const next = source.next();
        if (next.done) {
          request.end();
          return;
        }
        if (!request.write(next.value)) {
          request.once('drain', write);
          return;
        }
      }
    };
    write();
  });
}

const reset = (): void => {
  seen.opened.length = 0;
  seen.appends.length = 0;
  seen.closed.length = 0;
  seen.aborted.length = 0;
  seen.pagesAsked.length = 0;
  seen.keepRows = true;
};

/**
 * The gateway's sales import routes against stand-ins for fulfillment over the real RabbitMQ: the
 * file is streamed in (text/csv and multipart), validated row by row, appended a chunk at a time,
 * and answered 202 with a Location; status and errors.csv read fulfillment's answers.
 */
describe('gateway: sell-through file imports', () => {
  let config: PlatformConfig;
  let app: INestApplication;
  const services: INestMicroservice[] = [];
  let baseUrl: string;
  let partner: string;

  const token = (role: UserRole, partner_id: string | null = null): Promise<string> =>
    new JwtService({ secret: config.JWT_SECRET }).signAsync({ ...claimsFor({ id: randomUUID(), email: 'u@example.com', role, partner_id }) });

  beforeAll(async () => {
    config = isolatedConfig();
    const topology = new MessagingTopology(config.MESSAGING_NAMESPACE);
    for (const [module, service] of [[AccountAccessStubModule, 'partners'], [FulfillmentStubModule, 'fulfillment']] as const) {
      const rpc = rpcServerOptions({ url: config.RABBITMQ_URL, topology, prefetch: 10 }, service);
      const server = await NestFactory.createMicroservice(module, { ...rpc, options: { ...rpc.options, noAck: true }, logger: false });
      await server.listen();
      services.push(server);
    }
    app = await createGatewayApp({ ...config, LOG_LEVEL: 'error' });
    await app.listen(0);
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    partner = await token('partner', PARTNER);
  });

  beforeEach(reset);

  afterAll(async () => {
    await app?.close();
    for (const server of services) await server.close();
    await removeNamespace(config);
  });

  it('streams a text/csv file in order, in chunks of 1,000 rows numbered from 2, then answers 202 with the import and its Location', async () => {
    const key = randomUUID();
    const response = await upload(baseUrl, fileOf(2_500), partner, { 'idempotency-key': key });
    const body = await jsonOf(response);
    expect(response.status).toBe(202);
    expect(body).toEqual({ import_id: expect.any(String), status: 'queued' });
    expect(response.headers.get('location')).toBe(`/api/fulfillment/sales/imports/${body.import_id}`);
    expect(seen.opened).toEqual([{
      body: { header: [...SALE_IMPORT_COLUMNS], file_name: null }, key, actor: expect.objectContaining({ role: 'partner', partner_id: PARTNER }), id: body.import_id,
    }]);
    expect(seen.appends.map((a) => a.rows)).toEqual([rowNumbers(2, 1_001), rowNumbers(1_002, 2_001), rowNumbers(2_002, 2_501)]);
    expect(seen.appends.every((a) => a.import_id === body.import_id)).toBe(true);
    expect(seen.appends[0].sent?.[0]).toEqual({
      row: 2, cells: line(0).split(','),
      sale: { partner_id: PARTNER, product_id: PRODUCT, quantity: 1, unit_price: 19.99, sale_date: '2025-01-15', invoice_number: 'INV-0' },
    });
    expect(seen.closed).toEqual([{ import_id: body.import_id, rows_total: 2_500 }]);
    expect(seen.aborted).toEqual([]);
  });

  it('takes the same file as a multipart upload (field "file"), with its name', async () => {
    const form = new FormData();
    form.append('note', 'ignored');
    form.append('file', new Blob([fileOf(1_500)], { type: 'text/csv' }), 'january.csv');
    const response = await upload(baseUrl, form, await token('admin'));
    expect(response.status).toBe(202);
    expect(seen.opened[0].body).toEqual({ header: [...SALE_IMPORT_COLUMNS], file_name: 'january.csv' });
    expect(seen.appends.map((a) => a.rows)).toEqual([rowNumbers(2, 1_001), rowNumbers(1_002, 1_501)]);
    expect(seen.closed).toEqual([{ import_id: (await jsonOf(response)).import_id, rows_total: 1_500 }]);
  });

  it('refuses a multipart body without the file field, opening nothing', async () => {
    const form = new FormData();
    form.append('upload', new Blob([fileOf(3)], { type: 'text/csv' }), 'x.csv');
    const response = await upload(baseUrl, form, partner);
    expect(response.status).toBe(400);
    expect(await jsonOf(response)).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, message: 'the multipart body has no file field "file"' });
    expect(seen.opened).toEqual([]);
  });

  it('refuses a file without the header: 400 naming the columns, and nothing is opened', async () => {
    const response = await upload(baseUrl, fileOf(5).split('\n').slice(1).join('\n'), partner);
    expect(response.status).toBe(400);
    const problem = await jsonOf(response);
    expect(problem).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, status: 400 });
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual([...SALE_IMPORT_COLUMNS]);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(seen.opened).toEqual([]);
  });

  it('sends a row of the wrong shape as errors (field and reason), next to the good rows', async () => {
    const file = `${HEADER}\n${line(1)}\n${PARTNER},not-a-product,2.5,1e3,2025-02-30,\n${line(2)}\n`;
    expect((await upload(baseUrl, file, partner)).status).toBe(202);
    const [good, bad, other] = seen.appends[0].sent ?? [];
    expect([good.sale, other.sale].every(Boolean)).toBe(true);
    expect(bad).toEqual({
      row: 3, cells: [PARTNER, 'not-a-product', '2.5', '1e3', '2025-02-30', ''],
      errors: [
        { field: 'product_id', reason: 'must be a UUID' },
        { field: 'quantity', reason: 'must be a whole number written with digits, such as 2' },
        { field: 'unit_price', reason: 'must be a number written with digits and an optional decimal point, such as 1000.50' },
        { field: 'sale_date', reason: 'must be a real date written YYYY-MM-DD' },
        { field: 'invoice_number', reason: 'is required' },
      ],
    });
    expect(seen.closed[0].rows_total).toBe(3);
  });

  it('aborts the import of a file that is not CSV and answers 400 with the row', async () => {
    const file = streamedFile(2 * 1024 * 1024);
    const broken = Readable.from((function* () {
      yield* file;
      yield Buffer.from(`"${line(0)},\n`);
    })());
    const response = await upload(baseUrl, broken, partner);
    expect(response.status).toBe(400);
    const problem = await jsonOf(response);
    expect(problem).toMatchObject({ code: ErrorCode.IMPORT_FILE_INVALID, message: expect.stringMatching(/^row \d+ is not valid CSV: a quoted cell is never closed$/) });
    expect(seen.aborted).toEqual([{ import_id: seen.opened[0].id, reason: problem.message }]);
    expect(seen.closed).toEqual([]);
  });

  it(`answers 413 for a body over ${SALE_IMPORT_MAX_BYTES / 1024 / 1024} MB and aborts its import`, async () => {
    seen.keepRows = false;
    const wide = (i: number): string => `${line(i)},${'n'.repeat(8_000)}`;
    const { status, body: problem } = await postChunked(baseUrl, streamedFile(SALE_IMPORT_MAX_BYTES + 1, wide), partner);
    expect(status).toBe(413);
    expect(problem).toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'the file is larger than 100 MB (104857600 bytes); split it into several files' });
    expect(seen.aborted).toEqual([{ import_id: seen.opened[0].id, reason: problem.message }]);
    expect(seen.closed).toEqual([]);
  }, 120_000);

  it('answers 413 at once, opening nothing, when the Content-Length says the body is too large', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${baseUrl}/api/fulfillment/sales/imports`, {
        method: 'POST', headers: { authorization: `Bearer ${partner}`, 'content-type': 'text/csv', 'content-length': String(SALE_IMPORT_MAX_BYTES + 1) },
      }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.write(`${HEADER}\n`);
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE });
    expect(seen.opened).toEqual([]);
  });

  it('aborts the import when the client goes away mid-upload', async () => {
    const request = httpRequest(`${baseUrl}/api/fulfillment/sales/imports`, {
      method: 'POST', headers: { authorization: `Bearer ${partner}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    });
    request.on('error', () => undefined);
    request.write(fileOf(1_200));
    const [first] = await eventually(async () => seen.appends, (appends) => appends.length === 1);
    request.destroy();
    const aborted = await eventually(async () => seen.aborted, (a) => a.length === 1);
    expect(aborted).toEqual([{ import_id: first.import_id, reason: 'the upload broke off before the file ended' }]);
    expect(seen.closed).toEqual([]);
  });

  it('refuses a body that is not text/csv or multipart, and a charset other than UTF-8 (415)', async () => {
    for (const [contentType, body] of [['application/json', '{"rows":[]}'], ['text/plain', fileOf(1)], ['text/csv; charset=latin1', fileOf(1)]]) {
      const response = await upload(baseUrl, body, partner, { 'content-type': contentType });
      const problem = await jsonOf(response);
      expect({ contentType, status: response.status, code: problem.code }).toEqual({ contentType, status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE });
      expect(problem.message).toMatch(/text\/csv|UTF-8/);
    }
    expect(seen.opened).toEqual([]);
  });

  it('is for partners and admins, behind the token', async () => {
    expect((await upload(baseUrl, fileOf(1), await token('analyst'))).status).toBe(403);
    expect((await fetch(`${baseUrl}/api/fulfillment/sales/imports`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: fileOf(1) })).status).toBe(401);
    expect(seen.opened).toEqual([]);
  });

  it('answers a replay of a finished upload (same Idempotency-Key) with that import, sending no rows', async () => {
    const done = newView({ header: [...SALE_IMPORT_COLUMNS], file_name: null });
    imports.set(done.id, { ...done, status: 'completed', rows_total: 3, rows_accepted: 3 });
    const key = randomUUID();
    replays.set(key, done.id);
    const response = await upload(baseUrl, fileOf(3), partner, { 'idempotency-key': key });
    expect(response.status).toBe(202);
    expect(await jsonOf(response)).toEqual({ import_id: done.id, status: 'completed' });
    expect(response.headers.get('location')).toBe(`/api/fulfillment/sales/imports/${done.id}`);
    expect(seen.opened.map((o) => o.key)).toEqual([key]);
    expect(seen).toMatchObject({ appends: [], closed: [], aborted: [] });
  });

  it("answers an import's status in the issue's shape, and 404 for an unknown one", async () => {
    const view = { ...newView({ header: [...SALE_IMPORT_COLUMNS], file_name: 'x.csv' }), status: 'completed' as const, rows_total: 2, rows_accepted: 1, rows_rejected: 1 };
    imports.set(view.id, { ...view, errors: [{ row: 3, field: 'quantity', reason: 'is required' }], finished_at: '2025-01-31T09:00:04.000Z', secret: 'x' } as SaleImportView);
    const response = await fetch(`${baseUrl}/api/fulfillment/sales/imports/${view.id}`, { headers: { authorization: `Bearer ${partner}` } });
    expect(await jsonOf(response)).toEqual({
      id: view.id, status: 'completed', file_name: 'x.csv', rows_total: 2, rows_accepted: 1, rows_rejected: 1,
      errors: [{ row: 3, field: 'quantity', reason: 'is required' }], failure: null, created_at: view.created_at, finished_at: '2025-01-31T09:00:04.000Z', rows_purged_at: null,
    });
    const unknown = randomUUID();
    const missing = await fetch(`${baseUrl}/api/fulfillment/sales/imports/${unknown}`, { headers: { authorization: `Bearer ${partner}` } });
    expect({ status: missing.status, body: await jsonOf(missing) }).toMatchObject({ status: 404, body: { code: ErrorCode.SALE_IMPORT_NOT_FOUND, message: `sale import ${unknown} not found` } });
    expect((await fetch(`${baseUrl}/api/fulfillment/sales/imports/not-an-id`, { headers: { authorization: `Bearer ${partner}` } })).status).toBe(400);
  });

  describe('errors.csv', () => {
    let id: string;
    const header = [...SALE_IMPORT_COLUMNS, 'store'];
    const rowsOf = (from: number, count: number): string =>
      Array.from({ length: count }, (_, i) => `${from + i},quantity,is required,${PARTNER},${PRODUCT},,1,2025-01-15,INV-${from + i},S1\n`).join('');

    beforeEach(() => {
      const view = newView({ header, file_name: null });
      id = view.id;
      imports.set(id, { ...view, status: 'completed' });
      errorPages.clear();
    });

    it('streams the pages in order after row,field,reason and the file\'s header, chunked', async () => {
      errorPages.set(0, { header, csv: rowsOf(2, 5_000), next_after_row: 5_001 });
      errorPages.set(5_001, { header, csv: rowsOf(5_002, 5_000), next_after_row: 10_001 });
      errorPages.set(10_001, { header, csv: rowsOf(10_002, 7), next_after_row: null });
      const response = await fetch(`${baseUrl}/api/fulfillment/sales/imports/${id}/errors.csv`, { headers: { authorization: `Bearer ${partner}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('transfer-encoding')).toBe('chunked');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="sale-import-${id}-errors.csv"`);
      expect(await response.text()).toBe(`row,field,reason,${header.join(',')}\n${rowsOf(2, 10_007)}`);
      expect(seen.pagesAsked).toEqual([0, 5_001, 10_001]);
    });

    it('breaks the download off, never ends it, when a later page fails', async () => {
      errorPages.set(0, { header, csv: rowsOf(2, 5_000), next_after_row: 5_001 });
      errorPages.set(5_001, new ServiceFailure(ErrorCode.INTERNAL_ERROR, 'database down'));
      const response = await fetch(`${baseUrl}/api/fulfillment/sales/imports/${id}/errors.csv`, { headers: { authorization: `Bearer ${partner}` } });
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    });

    it('is a 404 problem for an unknown import', async () => {
      const response = await fetch(`${baseUrl}/api/fulfillment/sales/imports/${randomUUID()}/errors.csv`, { headers: { authorization: `Bearer ${partner}` } });
      expect(response.status).toBe(404);
      expect((await jsonOf(response)).code).toBe(ErrorCode.SALE_IMPORT_NOT_FOUND);
    });
  });

  it('streams a 50 MB upload through without holding it: the heap grows by a few MB at most', async () => {
    const RETAINED_BOUND = 8 * 1024 * 1024;
    seen.keepRows = false;
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
    const used = (): { heap: number; buffers: number } => {
      const memory = process.memoryUsage();
      return { heap: memory.heapUsed, buffers: memory.arrayBuffers };
    };
    const live = (): number => {
      gc();
      const { heap, buffers } = used();
      return heap + buffers;
    };
    // A first upload warms up what stays anyway (compiled code, the parser's and validator's caches).
    expect((await postChunked(baseUrl, streamedFile(5 * 1024 * 1024), partner)).status).toBe(202);
    reset();
    seen.keepRows = false;
    const before = live();
    let peak = before;
    // What the process still holds while the file streams, garbage collected: it would grow with the body if the body were held.
    let peakHeap = 0;
    // A full collection takes long on a big heap: the live figure is taken every 2 s (a held 50 MB body would show in any of them).
    let ticks = 0;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, used().heap);
      if (ticks++ % 8 === 0) peak = Math.max(peak, live());
    }, 250);
    const started = performance.now();
    // Rows as a point-of-sale export writes them: the sale, then columns of its own (store, address), which are ignored.
    const exported = (i: number): string => `${line(i)},Store ${i % 977} – ${'Main Street '.repeat(12)}`;
    const response = await postChunked(baseUrl, streamedFile(50 * 1024 * 1024, exported), partner);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    expect(response.status).toBe(202);
    const { rows_total: rows } = seen.closed[0];
    // What the upload leaves behind: the answered request's sockets and buffers are let go a moment after the 202,
    // so the retained size is sampled (garbage collected) until it is back under the bound or 5 s have passed.
    let after = live();
    for (const until = Date.now() + 5_000; after - before >= RETAINED_BOUND && Date.now() < until; after = live()) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    console.log(`50 MB upload: ${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s, gateway, client and stand-in in one jest process); ` +
      `live heap + buffers ${mb(before)} MB before, at most +${mb(peak - before)} MB while streaming, +${mb(after - before)} MB after; ` +
      `a heap of ${mb(peakHeap)} MB at most, garbage included`);
    expect(rows).toBeGreaterThan(150_000);
    // Held at most: the two appends in flight (each ~1,000 rows as cells, payloads and the message's JSON) and the next
    // 1,000 rows being read, with their socket buffers: ~18 MB measured, where the body is 50 MB.
    expect(peak - before).toBeLessThan(24 * 1024 * 1024);
    expect(after - before).toBeLessThan(RETAINED_BOUND);
  }, 300_000);
});

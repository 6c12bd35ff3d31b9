import { Logger } from '@nestjs/common';
import { ErrorCode, IMPORT_APPEND_ROWS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '@spiffworks/contracts';
import type { AbortImportCommand, AppendImportRowsCommand, CloseImportCommand, ImportView, OpenImportCommand } from '@spiffworks/contracts';
import { problem, toEdgeError } from '../platform/http-errors';
import { fileInvalid, isBlankRow } from './import-columns';
import { csvRecords } from './import-records';
import type { RecordLimits, UploadedFile } from './import-records';

/** What an upload asks of the owning service (the RPCs, with the caller and key bound); `R` is its kind's row. */
export interface ImportCalls<R> {
  open(command: OpenImportCommand): Promise<ImportView>;
  append(command: AppendImportRowsCommand<R>): Promise<unknown>;
  close(command: CloseImportCommand): Promise<ImportView>;
  abort(command: AbortImportCommand): Promise<unknown>;
  get(importId: string): Promise<ImportView>;
}

export interface ImportLimits extends RecordLimits {
  maxRows: number;
  /** Rows per append. */
  chunkRows: number;
  /** JSON characters per append: rows wide enough would otherwise make a message too large for the broker. */
  chunkCharacters: number;
}

/** Every import's limits (the same for each kind of file). */
export const IMPORT_LIMITS: ImportLimits = {
  maxBytes: IMPORT_MAX_BYTES,
  maxRows: IMPORT_MAX_ROWS,
  chunkRows: IMPORT_APPEND_ROWS,
  maxRowCharacters: 64 * 1024,
  chunkCharacters: 4 * 1024 * 1024,
};

/** What sets a kind of file apart: its header, and what one data row says (or why not). */
export interface ImportFormat<R, P> {
  /** How log lines name an import of it: `sale import`. */
  noun: string;
  /** Named in the message of an empty file: the columns its header must name. */
  columns: readonly string[];
  /** The header's column positions; a bad header throws (400, nothing opened). */
  positionsOf(header: string[]): P;
  /** One data row as its kind's row: what it says, or its errors. */
  rowOf(row: number, cells: string[], positions: P): R;
  /** The code the owning service answers rows sent to an import no longer receiving. */
  notReceiving: ErrorCode;
}

const logger = new Logger('Imports');

/** Appends of one upload under way at once (see `AppendPipeline`). */
export const APPENDS_IN_FLIGHT = 2;

/** The longest file name an import keeps; a longer one is cut. */
const MAX_FILE_NAME = 255;

export interface UploadOptions {
  /** The client sent an Idempotency-Key: an import that already stopped receiving is this upload's replay. */
  replayable: boolean;
  limits?: ImportLimits;
}

/**
 * Receives one file into an import of the owning service: the header is checked before the import
 * is opened (a bad one opens nothing), then every row is read, validated and sent in chunks, a
 * couple of appends in flight while the next chunk is read (`AppendPipeline`); the file's end closes the
 * import (queued), once every append is in.
 * Anything that goes wrong after the import was opened aborts it with the reason, then is thrown.
 */
export async function receiveImportFile<R, P>(file: UploadedFile, calls: ImportCalls<R>, format: ImportFormat<R, P>, options: UploadOptions): Promise<ImportView> {
  const limits = options.limits ?? IMPORT_LIMITS;
  const records = csvRecords(file, limits);
  try {
    const header = await records.next();
    if (header.done) throw fileInvalid(`the file is empty: its first row must be a header naming ${format.columns.join(', ')}`);
    const positions = format.positionsOf(header.value);
    const opened = await calls.open({ header: header.value, file_name: file.name?.slice(0, MAX_FILE_NAME) ?? null });
    // The key's first upload already ended (queued, completed or failed): answer that import again.
    if (opened.status !== 'receiving') return opened;
    return await receiveRows(opened.id, records, { calls, format, positions, limits, replayable: options.replayable });
  } finally {
    await records.return(undefined);
  }
}

interface Receiving<R, P> {
  calls: ImportCalls<R>;
  format: ImportFormat<R, P>;
  positions: P;
  limits: ImportLimits;
  replayable: boolean;
}

async function receiveRows<R, P>(importId: string, records: AsyncGenerator<string[]>, receiving: Receiving<R, P>): Promise<ImportView> {
  const { calls, format, replayable } = receiving;
  try {
    const rowsTotal = await sendRows(importId, records, receiving);
    return await calls.close({ import_id: importId, rows_total: rowsTotal });
  } catch (error) {
    if (toEdgeError(error).code === format.notReceiving) {
      // Closed by another request with the same key (a retry that overtook this one): never abort it.
      if (replayable) return calls.get(importId);
      throw error;
    }
    const reason = toEdgeError(error).message;
    await calls.abort({ import_id: importId, reason }).catch((failure: unknown) => {
      // The client is answered the upload's own error all the same; the import is left receiving.
      logger.warn(`${format.noun} ${importId} could not be aborted (${toEdgeError(failure).message}) after: ${reason}`);
    });
    throw error;
  }
}

/**
 * Reads, validates and appends every data row; the number of rows sent. The row limit counts the
 * rows after the header, so no row number passes `maxRows + 1` (blank rows at the end aside).
 */
async function sendRows<R, P>(importId: string, records: AsyncIterable<string[]>, { calls, format, positions, limits }: Receiving<R, P>): Promise<number> {
  const chunk = new RowChunk<R>(limits);
  const appends = new AppendPipeline((rows: R[]) => calls.append({ import_id: importId, rows }));
  let row = 1;
  let sent = 0;
  try {
    for await (const cells of records) {
      row++;
      if (isBlankRow(cells)) continue;
      if (row > limits.maxRows + 1) {
        throw problem(ErrorCode.PAYLOAD_TOO_LARGE, `the file has more than ${limits.maxRows.toLocaleString('en-US')} rows after the header; split it into several files`);
      }
      sent++;
      if (chunk.add(format.rowOf(row, cells, positions))) await appends.send(chunk.take());
    }
    if (chunk.size) await appends.send(chunk.take());
    await appends.drain();
  } finally {
    // On a failure, the append still under way settles before the import is aborted.
    await appends.settle();
  }
  return sent;
}

/**
 * Up to `APPENDS_IN_FLIGHT` appends under way while the next chunk is read and validated, so the
 * gateway's parsing, the broker's carrying and the owning service's storing of different chunks
 * overlap (the service stores one chunk at a time under the import's lock, but reads and checks the
 * next meanwhile). A send waits while that many are under way, so a slow store still slows the
 * upload down and the gateway holds a bounded number of chunks. An append's failure is kept (never
 * an unhandled rejection) and thrown at the next send or at the drain.
 */
export class AppendPipeline<R> {
  private readonly pending = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly append: (rows: R[]) => Promise<unknown>,
    private readonly inFlight = APPENDS_IN_FLIGHT,
  ) {}

  async send(rows: R[]): Promise<void> {
    while (this.pending.size >= this.inFlight) await Promise.race(this.pending);
    this.throwFailure();
    const sent: Promise<void> = this.append(rows).then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= { error };
      },
    ).finally(() => this.pending.delete(sent));
    this.pending.add(sent);
  }

  async drain(): Promise<void> {
    await this.settle();
    this.throwFailure();
  }

  async settle(): Promise<void> {
    await Promise.all(this.pending);
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** The rows of the next append: full at `chunkRows` rows or `chunkCharacters` of JSON, whichever comes first. */
export class RowChunk<R = unknown> {
  private rows: R[] = [];
  private characters = 0;

  constructor(private readonly limits: Pick<ImportLimits, 'chunkRows' | 'chunkCharacters'>) {}

  get size(): number {
    return this.rows.length;
  }

  /** Adds a row; true when the chunk is full and should be sent. */
  add(row: R): boolean {
    this.rows.push(row);
    this.characters += JSON.stringify(row).length;
    return this.rows.length >= this.limits.chunkRows || this.characters >= this.limits.chunkCharacters;
  }

  take(): R[] {
    const rows = this.rows;
    this.rows = [];
    this.characters = 0;
    return rows;
  }
}

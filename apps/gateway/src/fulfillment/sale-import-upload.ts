import { Logger } from '@nestjs/common';
import { ErrorCode, SALE_IMPORT_APPEND_ROWS, SALE_IMPORT_COLUMNS, SALE_IMPORT_MAX_BYTES, SALE_IMPORT_MAX_ROWS } from '@spiffworks/contracts';
import type {
  AbortSaleImportCommand, AppendSaleImportRowsCommand, CloseSaleImportCommand, OpenSaleImportCommand, SaleImportRow, SaleImportView,
} from '@spiffworks/contracts';
import { problem, toEdgeError } from '../platform/http-errors';
import { columnsOf, fileInvalid, isBlankRow, saleImportRow } from './sale-import-file';
import type { SaleImportColumns } from './sale-import-file';
import { csvRecords } from './sale-import-records';
import type { RecordLimits, SaleFile } from './sale-import-records';

/** What an upload asks of fulfillment (the RPCs, with the caller and key bound). */
export interface SaleImportCalls {
  open(command: OpenSaleImportCommand): Promise<SaleImportView>;
  append(command: AppendSaleImportRowsCommand): Promise<unknown>;
  close(command: CloseSaleImportCommand): Promise<SaleImportView>;
  abort(command: AbortSaleImportCommand): Promise<unknown>;
  get(importId: string): Promise<SaleImportView>;
}

export interface SaleImportLimits extends RecordLimits {
  maxRows: number;
  /** Rows per append. */
  chunkRows: number;
  /** JSON characters per append: rows wide enough would otherwise make a message too large for the broker. */
  chunkCharacters: number;
}

export const SALE_IMPORT_LIMITS: SaleImportLimits = {
  maxBytes: SALE_IMPORT_MAX_BYTES,
  maxRows: SALE_IMPORT_MAX_ROWS,
  chunkRows: SALE_IMPORT_APPEND_ROWS,
  maxRowCharacters: 64 * 1024,
  chunkCharacters: 4 * 1024 * 1024,
};

const logger = new Logger('SaleImports');

/** The longest file name an import keeps; a longer one is cut. */
const MAX_FILE_NAME = 255;

export interface UploadOptions {
  /** The client sent an Idempotency-Key: an import that already stopped receiving is this upload's replay. */
  replayable: boolean;
  limits?: SaleImportLimits;
}

/**
 * Receives one sell-through file into a fulfillment import: the header is checked before the
 * import is opened (a bad one opens nothing), then every row is read, validated and sent in chunks,
 * each append awaited before more of the file is read; the file's end closes the import (queued).
 * Anything that goes wrong after the import was opened aborts it with the reason, then is thrown.
 */
export async function receiveSaleFile(file: SaleFile, calls: SaleImportCalls, options: UploadOptions): Promise<SaleImportView> {
  const limits = options.limits ?? SALE_IMPORT_LIMITS;
  const records = csvRecords(file, limits);
  try {
    const header = await records.next();
    if (header.done) throw fileInvalid(`the file is empty: its first row must be a header naming ${SALE_IMPORT_COLUMNS.join(', ')}`);
    const columns = columnsOf(header.value);
    const opened = await calls.open({ header: header.value, file_name: file.name?.slice(0, MAX_FILE_NAME) ?? null });
    // The key's first upload already ended (queued, completed or failed): answer that import again.
    if (opened.status !== 'receiving') return opened;
    return await receiveRows(opened.id, records, columns, calls, options.replayable, limits);
  } finally {
    await records.return(undefined);
  }
}

async function receiveRows(
  importId: string,
  records: AsyncGenerator<string[]>,
  columns: SaleImportColumns,
  calls: SaleImportCalls,
  replayable: boolean,
  limits: SaleImportLimits,
): Promise<SaleImportView> {
  try {
    const rowsTotal = await sendRows(importId, records, columns, calls, limits);
    return await calls.close({ import_id: importId, rows_total: rowsTotal });
  } catch (error) {
    if (toEdgeError(error).code === ErrorCode.SALE_IMPORT_NOT_RECEIVING) {
      // Closed by another request with the same key (a retry that overtook this one): never abort it.
      if (replayable) return calls.get(importId);
      throw error;
    }
    const reason = toEdgeError(error).message;
    await calls.abort({ import_id: importId, reason }).catch((failure: unknown) => {
      // The client is answered the upload's own error all the same; the import is left receiving.
      logger.warn(`sale import ${importId} could not be aborted (${toEdgeError(failure).message}) after: ${reason}`);
    });
    throw error;
  }
}

/**
 * Reads, validates and appends every data row; the number of rows sent. The row limit counts the
 * rows after the header, so no row number passes `maxRows + 1` (blank rows at the end aside).
 */
async function sendRows(importId: string, records: AsyncIterable<string[]>, columns: SaleImportColumns, calls: SaleImportCalls, limits: SaleImportLimits): Promise<number> {
  const chunk = new RowChunk(limits);
  let row = 1;
  let sent = 0;
  for await (const cells of records) {
    row++;
    if (isBlankRow(cells)) continue;
    if (row > limits.maxRows + 1) {
      throw problem(ErrorCode.PAYLOAD_TOO_LARGE, `the file has more than ${limits.maxRows.toLocaleString('en-US')} rows after the header; split it into several files`);
    }
    sent++;
    if (chunk.add(saleImportRow(row, cells, columns))) await calls.append({ import_id: importId, rows: chunk.take() });
  }
  if (chunk.size) await calls.append({ import_id: importId, rows: chunk.take() });
  return sent;
}

/** The rows of the next append: full at `chunkRows` rows or `chunkCharacters` of JSON, whichever comes first. */
export class RowChunk {
  private rows: SaleImportRow[] = [];
  private characters = 0;

  constructor(private readonly limits: Pick<SaleImportLimits, 'chunkRows' | 'chunkCharacters'>) {}

  get size(): number {
    return this.rows.length;
  }

  /** Adds a row; true when the chunk is full and should be sent. */
  add(row: SaleImportRow): boolean {
    this.rows.push(row);
    this.characters += JSON.stringify(row).length;
    return this.rows.length >= this.limits.chunkRows || this.characters >= this.limits.chunkCharacters;
  }

  take(): SaleImportRow[] {
    const rows = this.rows;
    this.rows = [];
    this.characters = 0;
    return rows;
  }
}

import type { FieldError } from './errors';
import type { LogSaleCommand } from './sales';

/**
 * A sell-through file: CSV with a header row naming at least these columns (any order; other
 * columns are ignored). Every accepted row is a sale exactly as `POST /api/fulfillment/sales` logs
 * it. `invoice_number` is required in a file: it is what makes uploading the same file twice book
 * nothing twice.
 */
export const SALE_IMPORT_COLUMNS = ['partner_id', 'product_id', 'quantity', 'unit_price', 'sale_date', 'invoice_number'] as const;
export type SaleImportColumn = (typeof SALE_IMPORT_COLUMNS)[number];

/** Limits of one file. */
export const SALE_IMPORT_MAX_ROWS = 1_000_000;
export const SALE_IMPORT_MAX_BYTES = 100 * 1024 * 1024;

/** Rows the gateway sends fulfillment per message while the file streams in. */
export const SALE_IMPORT_APPEND_ROWS = 1_000;

/** Errors a status answer lists; every one is in errors.csv. */
export const SALE_IMPORT_LISTED_ERRORS = 1_000;

/**
 * `receiving` while the file streams in (before the 202), then `queued` until a worker takes it,
 * `running`, and `completed` once every row is accepted or rejected; `failed` when the upload
 * broke off (nothing of it is booked).
 */
export type SaleImportStatus = 'receiving' | 'queued' | 'running' | 'completed' | 'failed';

/** One data row as the gateway read it. Row numbers count the header as row 1. */
export interface SaleImportRow {
  row: number;
  /** The row's cells as they were in the file, under the file's own header. */
  cells: string[];
  /** The sale the row says, when its shape passed the same validation as `POST /api/fulfillment/sales`. */
  sale?: LogSaleCommand;
  /** Why its shape did not pass (field and reason), when it did not. */
  errors?: FieldError[];
}

/** Starts an import (its caller, the RPC's actor, is who the rows are logged by). */
export interface OpenSaleImportCommand {
  /** The file's header row as it was. */
  header: string[];
  file_name: string | null;
}

/** More rows of an import still receiving; a row number given twice is kept once. */
export interface AppendSaleImportRowsCommand {
  import_id: string;
  rows: SaleImportRow[];
}

/** The file ended: `rows_total` data rows were sent; the import is queued. */
export interface CloseSaleImportCommand {
  import_id: string;
  rows_total: number;
}

/** The upload broke off: the import fails and none of its rows is booked. */
export interface AbortSaleImportCommand {
  import_id: string;
  reason: string;
}

export interface SaleImportError {
  row: number;
  field: string | null;
  reason: string;
}

export interface SaleImportView {
  id: string;
  status: SaleImportStatus;
  file_name: string | null;
  rows_total: number;
  rows_accepted: number;
  rows_rejected: number;
  /** The first `SALE_IMPORT_LISTED_ERRORS` rejected rows, by row number. */
  errors: SaleImportError[];
  /** Why a failed import failed. */
  failure: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface GetSaleImportQuery {
  import_id: string;
}

/** One page of errors.csv: the rejected rows after `after_row`, by row number. */
export interface SaleImportErrorsPageQuery {
  import_id: string;
  after_row: number;
  limit: number;
}

export interface SaleImportErrorsPage {
  /** The file's header, so errors.csv repeats it after `row,field,reason`. */
  header: string[];
  /** CSV records without the header, each ended by `\n`. */
  csv: string;
  /** Null on the last page. */
  next_after_row: number | null;
}

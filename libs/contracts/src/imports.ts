import type { FieldError } from './errors';

/**
 * What every file import shares (sell-through files, partner files): a CSV with a header row,
 * streamed by the gateway into an import of the owning service a chunk of rows at a time, then
 * weighed by that service's worker, row by row or set by set, each row accepted or rejected.
 * Row numbers count the header as row 1, as a spreadsheet shows them.
 */

/** Limits of one file. */
export const IMPORT_MAX_ROWS = 1_000_000;
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

/** Rows the gateway sends per message while the file streams in. */
export const IMPORT_APPEND_ROWS = 1_000;

/** The column a header cell names: trimmed, any case (`Partner_ID ` names `partner_id`). */
export function headerColumnName(cell: string): string {
  return cell.trim().toLowerCase();
}

/** Errors a status answer lists; every one is in errors.csv. */
export const IMPORT_LISTED_ERRORS = 1_000;

/**
 * `receiving` while the file streams in (before the 202), then `queued` until a worker takes it,
 * `running`, and `completed` once every row is accepted or rejected; `failed` when the upload
 * broke off (nothing of it is kept).
 */
export const IMPORT_STATUSES = ['receiving', 'queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One data row as the gateway read it: its number, its cells under the file's own header, and
 * either what it says (in the field `F`: `sale`, `partner`), when its shape passed the same
 * validation as the API's, or why not (field and reason).
 */
export type ImportRow<F extends string, C> = {
  row: number;
  cells: string[];
  errors?: FieldError[];
} & { [K in F]?: C };

/** Starts an import (its caller, the RPC's actor, is who it is imported by). */
export interface OpenImportCommand {
  /** The file's header row as it was. */
  header: string[];
  file_name: string | null;
}

/** More rows of an import still receiving; a row number given twice is kept once. */
export interface AppendImportRowsCommand<R> {
  import_id: string;
  rows: R[];
}

/** The file ended: `rows_total` data rows were sent; the import is queued. */
export interface CloseImportCommand {
  import_id: string;
  rows_total: number;
}

/** The upload broke off: the import fails and none of its rows is kept. */
export interface AbortImportCommand {
  import_id: string;
  reason: string;
}

export interface ImportError {
  row: number;
  field: string | null;
  reason: string;
}

export interface ImportView {
  id: string;
  status: ImportStatus;
  file_name: string | null;
  rows_total: number;
  rows_accepted: number;
  rows_rejected: number;
  /** The first `IMPORT_LISTED_ERRORS` rejected rows, by row number. */
  errors: ImportError[];
  /** Why a failed import failed. */
  failure: string | null;
  created_at: string;
  finished_at: string | null;
  /** When the retention purge deleted its rows: `errors` is empty from then on, errors.csv and invites.csv answer 410. */
  rows_purged_at: string | null;
}

export interface GetImportQuery {
  import_id: string;
}

/** One page of a file read back (errors.csv, invites.csv): the rows after `after_row`, by row number. */
export interface ImportPageQuery {
  import_id: string;
  after_row: number;
  limit: number;
}

export interface ImportErrorsPage {
  /** The file's header, so errors.csv repeats it after `row,field,reason`. */
  header: string[];
  /** CSV records without the header, each ended by `\n`. */
  csv: string;
  /** Null on the last page. */
  next_after_row: number | null;
}

import { ErrorCode, SALE_IMPORT_APPEND_ROWS, SALE_IMPORT_MAX_ROWS, csvRow } from '@spiffworks/contracts';
import type { FieldError, SaleImportRow as SentRow } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import type { ArrivingRow, RejectedRow } from './sale-import-rows.repository';

/** The header is row 1, so a file's data rows are 2 … SALE_IMPORT_MAX_ROWS + 1. */
const LAST_ROW = SALE_IMPORT_MAX_ROWS + 1;

/**
 * The rows of an append as they are stored: a row whose shape the gateway refused is rejected at
 * once with its first error; the others wait for a worker. A malformed append (the gateway's bug,
 * not the file's) is refused whole, naming the first bad row.
 */
export function arrivingRows(rows: unknown): ArrivingRow[] {
  if (!Array.isArray(rows)) throw ServiceFailure.invalid([{ field: 'rows', reason: 'must be an array of rows' }]);
  if (rows.length > SALE_IMPORT_APPEND_ROWS) {
    throw ServiceFailure.invalid([{ field: 'rows', reason: `must hold at most ${SALE_IMPORT_APPEND_ROWS} rows per append` }]);
  }
  return rows.map((row: unknown, index) => arrivingRow(row as Partial<SentRow> | null, `rows[${index}]`));
}

function arrivingRow(sent: Partial<SentRow> | null, at: string): ArrivingRow {
  if (typeof sent !== 'object' || sent === null) throw malformed(at, 'row', 'must be a row');
  const { row, cells, sale, errors } = sent;
  if (typeof row !== 'number' || !Number.isInteger(row) || row < 2) throw malformed(at, 'row', 'must be an integer of at least 2 (the header is row 1)');
  if (row > LAST_ROW) {
    throw new ServiceFailure(ErrorCode.PAYLOAD_TOO_LARGE, `a file holds at most ${SALE_IMPORT_MAX_ROWS} data rows; row ${row} is past them`);
  }
  if (!Array.isArray(cells) || !cells.every((c) => typeof c === 'string')) throw malformed(at, 'cells', 'must be an array of strings');
  const hasSale = typeof sale === 'object' && sale !== null;
  if (hasSale === (errors !== undefined)) throw malformed(at, 'sale', 'a row carries either a sale or its errors');
  if (hasSale) return { row, cells, sale, outcome: null, field: null, reason: null };
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (!isFieldError(first)) throw malformed(at, 'errors', 'must name at least one field and reason');
  return { row, cells, sale: null, outcome: 'rejected', field: first.field, reason: first.reason };
}

function isFieldError(value: unknown): value is FieldError {
  const candidate = value as Partial<FieldError> | null | undefined;
  return typeof candidate?.field === 'string' && typeof candidate.reason === 'string';
}

function malformed(at: string, field: string, reason: string): ServiceFailure {
  return ServiceFailure.invalid([{ field: `${at}.${field}`, reason }]);
}

/**
 * The field a refusal without field errors is about: errors.csv points at a column wherever the
 * refusal names one.
 */
const FIELD_OF_CODE: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.NOT_YOUR_PARTNER]: 'partner_id',
  [ErrorCode.PARTNER_ACCOUNT_INACTIVE]: 'partner_id',
  [ErrorCode.INVOICE_ALREADY_USED]: 'invoice_number',
};

/** Why a row was rejected, from the refusal the sale rule answered: its message, and the field it names. */
export function rejectionOf(failure: ServiceFailure): { field: string | null; reason: string } {
  const { code, message, errors } = failure.serviceError;
  return { field: errors?.[0]?.field ?? FIELD_OF_CODE[code] ?? null, reason: message };
}

/** errors.csv records of rejected rows: `row,field,reason`, then the row's cells as they were; each ended by `\n`. */
export function errorRecords(rows: RejectedRow[]): string {
  return rows.map((r) => `${csvRow([r.row, r.field, r.reason, ...r.cells])}\n`).join('');
}

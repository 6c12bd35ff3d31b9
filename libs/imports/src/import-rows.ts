import { ErrorCode, IMPORT_APPEND_ROWS, IMPORT_MAX_ROWS, csvRow } from '@spiffworks/contracts';
import type { FieldError } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import type { ArrivingRow, RejectedRow } from './import-rows.repository';

/** The header is row 1, so a file's data rows are 2 … IMPORT_MAX_ROWS + 1. */
const LAST_ROW = IMPORT_MAX_ROWS + 1;

interface SentRow {
  row: unknown;
  cells: unknown;
  errors?: unknown;
  [payload: string]: unknown;
}

/**
 * The rows of an append as they are stored: a row whose shape the gateway refused is rejected at
 * once with its first error; the others (carrying what they say in the field `payload`: `sale`,
 * `partner`) wait for a worker. A malformed append (the gateway's bug, not the file's) is refused
 * whole, naming the first bad row.
 */
export function arrivingRows<P>(rows: unknown, payload: string): Array<ArrivingRow<P>> {
  if (!Array.isArray(rows)) throw ServiceFailure.invalid([{ field: 'rows', reason: 'must be an array of rows' }]);
  if (rows.length > IMPORT_APPEND_ROWS) {
    throw ServiceFailure.invalid([{ field: 'rows', reason: `must hold at most ${IMPORT_APPEND_ROWS} rows per append` }]);
  }
  return rows.map((row: unknown, index) => arrivingRow<P>(row as SentRow | null, payload, `rows[${index}]`));
}

function arrivingRow<P>(sent: SentRow | null, payload: string, at: string): ArrivingRow<P> {
  if (typeof sent !== 'object' || sent === null) throw malformed(at, 'row', 'must be a row');
  const { row, cells, errors } = sent;
  const says = sent[payload];
  if (typeof row !== 'number' || !Number.isInteger(row) || row < 2) throw malformed(at, 'row', 'must be an integer of at least 2 (the header is row 1)');
  if (row > LAST_ROW) {
    throw new ServiceFailure(ErrorCode.PAYLOAD_TOO_LARGE, `a file holds at most ${IMPORT_MAX_ROWS} data rows; row ${row} is past them`);
  }
  if (!Array.isArray(cells) || !cells.every((c) => typeof c === 'string')) throw malformed(at, 'cells', 'must be an array of strings');
  const hasPayload = typeof says === 'object' && says !== null;
  if (hasPayload === (errors !== undefined)) throw malformed(at, payload, `a row carries either a ${payload} or its errors`);
  if (hasPayload) return { row, cells, payload: says as P, outcome: null, field: null, reason: null };
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (!isFieldError(first)) throw malformed(at, 'errors', 'must name at least one field and reason');
  return { row, cells, payload: null, outcome: 'rejected', field: first.field, reason: first.reason };
}

function isFieldError(value: unknown): value is FieldError {
  const candidate = value as Partial<FieldError> | null | undefined;
  return typeof candidate?.field === 'string' && typeof candidate.reason === 'string';
}

function malformed(at: string, field: string, reason: string): ServiceFailure {
  return ServiceFailure.invalid([{ field: `${at}.${field}`, reason }]);
}

/**
 * Why a row was rejected, from the refusal its rule answered: its message, and the field it names —
 * its first field error's, else the column `fieldOfCode` says the refusal's code is about.
 */
export function rejectionOf(failure: ServiceFailure, fieldOfCode: Partial<Record<ErrorCode, string>> = {}): { field: string | null; reason: string } {
  const { code, message, errors } = failure.serviceError;
  return { field: errors?.[0]?.field ?? fieldOfCode[code] ?? null, reason: message };
}

/** errors.csv records of rejected rows: `row,field,reason`, then the row's cells as they were; each ended by `\n`. */
export function errorRecords(rows: RejectedRow[]): string {
  return rows.map((r) => `${csvRow([r.row, r.field, r.reason, ...r.cells])}\n`).join('');
}

import type { HttpException } from '@nestjs/common';
import { ErrorCode, headerColumnName } from '@spiffworks/contracts';
import type { FieldError } from '@spiffworks/contracts';
import { problem } from '../platform/http-errors';

/** A file the gateway cannot read as the file it must be (400). */
export const fileInvalid = (message: string, errors?: FieldError[]): HttpException => problem(ErrorCode.IMPORT_FILE_INVALID, message, errors);

/** The most columns a header may have: far more than an imported file has, and what an import stores. */
export const MAX_HEADER_COLUMNS = 1_000;

/** Where each column sits in the file's rows; an optional column the header does not name is absent. */
export type ColumnPositions<C extends string> = Record<C, number>;

/**
 * The columns' positions in the header row: names compare case-insensitively after trimming, any
 * order, other columns ignored. A header that misses a required one, or names a column twice, is a
 * 400 naming the columns (before any import is opened).
 */
export function columnsOf<R extends string, O extends string = never>(
  header: string[],
  required: readonly R[],
  optional: readonly O[] = [],
): ColumnPositions<R> & Partial<ColumnPositions<O>> {
  if (header.length > MAX_HEADER_COLUMNS) {
    throw fileInvalid(`the header row has ${header.length} columns; a file may have at most ${MAX_HEADER_COLUMNS}`);
  }
  const names = header.map(headerColumnName);
  const missing = required.filter((column) => !names.includes(column));
  if (missing.length) {
    throw fileInvalid(
      `the first row must be a header naming the columns ${required.join(', ')}; missing: ${missing.join(', ')}${separatorHint(header)}`,
      missing.map((column) => ({ field: column, reason: 'is missing from the header row' })),
    );
  }
  const known: string[] = [...required, ...optional];
  const twice = known.filter((column) => names.indexOf(column) !== names.lastIndexOf(column));
  if (twice.length) {
    throw fileInvalid(
      `the header row names ${twice.join(', ')} more than once`,
      twice.map((column) => ({ field: column, reason: 'is named more than once in the header row' })),
    );
  }
  return Object.fromEntries(known.filter((column) => names.includes(column)).map((column) => [column, names.indexOf(column)])) as ColumnPositions<R> &
    Partial<ColumnPositions<O>>;
}

/** A spreadsheet saved with `;` or tabs gives a header of one cell: say why the columns are not found. */
function separatorHint(header: string[]): string {
  if (header.length !== 1) return '';
  const [cell] = header;
  const separator = cell.includes(';') ? 'semicolons' : cell.includes('\t') ? 'tabs' : undefined;
  return separator ? ` (the header is separated by ${separator}; the file must be comma-separated)` : '';
}

/** A row with every cell empty (`,,,` of a spreadsheet's blank line): skipped, though it keeps its number. */
export const isBlankRow = (cells: string[]): boolean => cells.every((cell) => cell.trim() === '');

/** Field errors in the order of the file format's columns (errors of other fields last). */
export function sortedByColumn(errors: FieldError[], columns: readonly string[]): FieldError[] {
  const order = (field: string): number => {
    const at = columns.indexOf(field);
    return at < 0 ? columns.length : at;
  };
  return [...errors].sort((a, b) => order(a.field) - order(b.field));
}

import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ErrorCode, SALE_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type { FieldError, LogSaleCommand, SaleImportColumn, SaleImportRow } from '@spiffworks/contracts';
import type { HttpException } from '@nestjs/common';
import { problem, toFieldErrors } from '../platform/http-errors';
import { LogSaleDto } from './sales.dto';

/** Where each required column sits in the file's rows. */
export type SaleImportColumns = Record<SaleImportColumn, number>;

/** A file the gateway cannot read as a sell-through file (400). */
export const fileInvalid = (message: string, errors?: FieldError[]): HttpException => problem(ErrorCode.IMPORT_FILE_INVALID, message, errors);

const REQUIRED = SALE_IMPORT_COLUMNS.join(', ');

/** The most columns a header may have: far more than a sell-through file has, and what an import stores. */
export const MAX_HEADER_COLUMNS = 1_000;

/**
 * The required columns' positions in the header row: names compare case-insensitively after
 * trimming, any order, other columns ignored. A header that misses one, or names one twice, is a 400
 * naming the columns (before any import is opened).
 */
export function columnsOf(header: string[]): SaleImportColumns {
  if (header.length > MAX_HEADER_COLUMNS) {
    throw fileInvalid(`the header row has ${header.length} columns; a file may have at most ${MAX_HEADER_COLUMNS}`);
  }
  const names = header.map((cell) => cell.trim().toLowerCase());
  const missing = SALE_IMPORT_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length) {
    throw fileInvalid(
      `the first row must be a header naming the columns ${REQUIRED}; missing: ${missing.join(', ')}${separatorHint(header)}`,
      missing.map((column) => ({ field: column, reason: 'is missing from the header row' })),
    );
  }
  const twice = SALE_IMPORT_COLUMNS.filter((column) => names.indexOf(column) !== names.lastIndexOf(column));
  if (twice.length) {
    throw fileInvalid(
      `the header row names ${twice.join(', ')} more than once`,
      twice.map((column) => ({ field: column, reason: 'is named more than once in the header row' })),
    );
  }
  return Object.fromEntries(SALE_IMPORT_COLUMNS.map((column) => [column, names.indexOf(column)])) as SaleImportColumns;
}

/** A spreadsheet saved with `;` or tabs gives a header of one cell: say why the columns are not found. */
function separatorHint(header: string[]): string {
  if (header.length !== 1) return '';
  const [cell] = header;
  const separator = cell.includes(';') ? 'semicolons' : cell.includes('\t') ? 'tabs' : undefined;
  return separator ? ` (the header is separated by ${separator}; the file must be comma-separated)` : '';
}

/** A whole number written with digits (`2`, `-1`): no decimal point, exponent or sign but minus. */
const WHOLE_NUMBER = /^-?\d+$/;
/** A decimal number written with digits and an optional fraction (`1000.50`): no exponent, no grouping. */
const DECIMAL_NUMBER = /^-?\d+(\.\d+)?$/;

/** The cell's whole number, or undefined when it is not written as one. */
export function parseWholeNumber(text: string): number | undefined {
  return WHOLE_NUMBER.test(text) ? Number(text) : undefined;
}

/** The cell's decimal number, or undefined when it is not written as one. */
export function parseDecimalNumber(text: string): number | undefined {
  return DECIMAL_NUMBER.test(text) ? Number(text) : undefined;
}

/** A row with every cell empty (`,,,` of a spreadsheet's blank line): skipped, though it keeps its number. */
export const isBlankRow = (cells: string[]): boolean => cells.every((cell) => cell.trim() === '');

/**
 * One data row as the sale it says: cells mapped by the header (trimmed), numbers read strictly
 * from their text, then the same class-validator rules as `POST /api/fulfillment/sales` (`LogSaleDto`),
 * plus `invoice_number` required. A row that fails carries every field and reason; one that passes, its sale.
 */
export function saleImportRow(row: number, cells: string[], columns: SaleImportColumns): SaleImportRow {
  const cell = (column: SaleImportColumn): string => (cells[columns[column]] ?? '').trim();
  const unreadable: FieldError[] = [];
  const read = <T>(column: SaleImportColumn, parse: (text: string) => T | undefined, wanted: string): T | undefined => {
    const text = cell(column);
    const value = text === '' ? undefined : parse(text);
    if (value === undefined) unreadable.push({ field: column, reason: text === '' ? 'is required' : wanted });
    return value;
  };
  const sale = {
    partner_id: read('partner_id', String, ''),
    product_id: read('product_id', String, ''),
    quantity: read('quantity', parseWholeNumber, 'must be a whole number written with digits, such as 2'),
    unit_price: read('unit_price', parseDecimalNumber, 'must be a number written with digits and an optional decimal point, such as 1000.50'),
    sale_date: read('sale_date', String, ''),
    invoice_number: read('invoice_number', String, ''),
  };
  const errors = [...unreadable, ...validationErrors(sale).filter((e) => !unreadable.some((u) => u.field === e.field))];
  if (errors.length) return { row, cells, errors: sortedByColumn(errors) };
  return { row, cells, sale: sale as LogSaleCommand };
}

/** The errors `POST /api/fulfillment/sales` would answer for this body, worded the same way. */
function validationErrors(sale: Partial<LogSaleCommand>): FieldError[] {
  const dto = plainToInstance(LogSaleDto, sale);
  return toFieldErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
}

function sortedByColumn(errors: FieldError[]): FieldError[] {
  const order = (field: string): number => SALE_IMPORT_COLUMNS.indexOf(field as SaleImportColumn);
  return [...errors].sort((a, b) => order(a.field) - order(b.field));
}

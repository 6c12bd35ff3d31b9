import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SALE_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type { FieldError, LogSaleCommand, SaleImportColumn, SaleImportRow } from '@spiffworks/contracts';
import { toFieldErrors } from '../platform/http-errors';
import { columnsOf as importColumnsOf, sortedByColumn } from '../imports/import-columns';
import type { ColumnPositions } from '../imports/import-columns';
import { LogSaleDto } from './sales.dto';

export { MAX_HEADER_COLUMNS, fileInvalid, isBlankRow } from '../imports/import-columns';

/** Where each required column sits in the file's rows. */
export type SaleImportColumns = ColumnPositions<SaleImportColumn>;

/**
 * The required columns' positions in the header row (every import's header rule: any order,
 * case-insensitive after trimming, other columns ignored, a missing or doubled one a 400).
 */
export function columnsOf(header: string[]): SaleImportColumns {
  return importColumnsOf(header, SALE_IMPORT_COLUMNS);
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
  if (errors.length) return { row, cells, errors: sortedByColumn(errors, SALE_IMPORT_COLUMNS) };
  return { row, cells, sale: sale as LogSaleCommand };
}

/** The errors `POST /api/fulfillment/sales` would answer for this body, worded the same way. */
function validationErrors(sale: Partial<LogSaleCommand>): FieldError[] {
  const dto = plainToInstance(LogSaleDto, sale);
  return toFieldErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
}

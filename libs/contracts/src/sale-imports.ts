import type {
  AbortImportCommand, AppendImportRowsCommand, CloseImportCommand, GetImportQuery, ImportError, ImportErrorsPage, ImportPageQuery, ImportRow, ImportStatus,
  ImportView, OpenImportCommand,
} from './imports';
import { IMPORT_APPEND_ROWS, IMPORT_LISTED_ERRORS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './imports';
import type { LogSaleCommand } from './sales';

/**
 * A sell-through file: CSV with a header row naming at least these columns (any order; other
 * columns are ignored). Every accepted row is a sale exactly as `POST /api/fulfillment/sales` logs
 * it. `invoice_number` is required in a file: it is what makes uploading the same file twice book
 * nothing twice. The mechanism (limits, statuses, rows, errors.csv) is every import's (imports.ts).
 */
export const SALE_IMPORT_COLUMNS = ['partner_id', 'product_id', 'quantity', 'unit_price', 'sale_date', 'invoice_number'] as const;
export type SaleImportColumn = (typeof SALE_IMPORT_COLUMNS)[number];

export const SALE_IMPORT_MAX_ROWS = IMPORT_MAX_ROWS;
export const SALE_IMPORT_MAX_BYTES = IMPORT_MAX_BYTES;
export const SALE_IMPORT_APPEND_ROWS = IMPORT_APPEND_ROWS;
export const SALE_IMPORT_LISTED_ERRORS = IMPORT_LISTED_ERRORS;

export type SaleImportStatus = ImportStatus;

/** One data row as the gateway read it, the sale it says in `sale`. Row numbers count the header as row 1. */
export type SaleImportRow = ImportRow<'sale', LogSaleCommand>;

/** Starts an import (its caller, the RPC's actor, is who the rows are logged by). */
export type OpenSaleImportCommand = OpenImportCommand;
export type AppendSaleImportRowsCommand = AppendImportRowsCommand<SaleImportRow>;
export type CloseSaleImportCommand = CloseImportCommand;
export type AbortSaleImportCommand = AbortImportCommand;
export type SaleImportError = ImportError;
export type SaleImportView = ImportView;
export type GetSaleImportQuery = GetImportQuery;
export type SaleImportErrorsPageQuery = ImportPageQuery;
export type SaleImportErrorsPage = ImportErrorsPage;

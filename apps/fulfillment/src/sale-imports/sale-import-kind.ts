import { ErrorCode } from '@spiffworks/contracts';
import type { ImportKind } from '@spiffworks/imports';

/** Sell-through files: `sale_imports` and `sale_import_rows` (migration 380), each accepted row a sale. */
export const SALE_IMPORTS: ImportKind = {
  noun: 'sale import',
  table: 'sale_imports',
  rowsTable: 'sale_import_rows',
  payload: 'sale',
  result: 'sale_id',
  notFound: ErrorCode.SALE_IMPORT_NOT_FOUND,
  notReceiving: ErrorCode.SALE_IMPORT_NOT_RECEIVING,
  logContext: 'SaleImports',
};

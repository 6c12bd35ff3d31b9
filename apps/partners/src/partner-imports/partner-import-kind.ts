import { ErrorCode } from '@spiffworks/contracts';
import type { ImportKind } from '@spiffworks/imports';

/** Partner files: `partner_imports` and `partner_import_rows`, each accepted row a partner (and its user). */
export const PARTNER_IMPORTS: ImportKind = {
  noun: 'partner import',
  table: 'partner_imports',
  rowsTable: 'partner_import_rows',
  payload: 'partner',
  result: 'partner_id',
  notFound: ErrorCode.PARTNER_IMPORT_NOT_FOUND,
  notReceiving: ErrorCode.PARTNER_IMPORT_NOT_RECEIVING,
  logContext: 'PartnerImports',
};

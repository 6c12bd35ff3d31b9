import { ErrorCode, SALE_IMPORT_COLUMNS } from '@spiffworks/contracts';
import type { SaleImportRow, SaleImportView } from '@spiffworks/contracts';
import { IMPORT_LIMITS, RowChunk as ImportRowChunk, receiveImportFile } from '../imports/import-upload';
import type { ImportCalls, ImportFormat, ImportLimits, UploadOptions } from '../imports/import-upload';
import type { UploadedFile } from '../imports/import-records';
import { columnsOf, saleImportRow } from './sale-import-file';
import type { SaleImportColumns } from './sale-import-file';

/** The rows of the next append of a sell-through file. */
export class RowChunk extends ImportRowChunk<SaleImportRow> {}

/** What an upload asks of fulfillment (the RPCs, with the caller and key bound). */
export type SaleImportCalls = ImportCalls<SaleImportRow>;
export type SaleImportLimits = ImportLimits;
export const SALE_IMPORT_LIMITS: SaleImportLimits = IMPORT_LIMITS;

/** A sell-through file: its columns, each row the sale it says (`saleImportRow`). */
export const SALE_FILE: ImportFormat<SaleImportRow, SaleImportColumns> = {
  noun: 'sale import',
  columns: SALE_IMPORT_COLUMNS,
  positionsOf: columnsOf,
  rowOf: saleImportRow,
  notReceiving: ErrorCode.SALE_IMPORT_NOT_RECEIVING,
};

/**
 * Receives one sell-through file into a fulfillment import (every import's upload,
 * `receiveImportFile`): header checked before anything is opened, rows validated and sent in
 * chunks as the file arrives, the import closed at its end, aborted when anything goes wrong.
 */
export function receiveSaleFile(file: UploadedFile, calls: SaleImportCalls, options: UploadOptions): Promise<SaleImportView> {
  return receiveImportFile(file, calls, SALE_FILE, options);
}

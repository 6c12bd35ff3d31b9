import type { Readable } from 'node:stream';
import { SALES_EXPORT_COLUMNS, csvRow } from '@spiffworks/contracts';
import type { SalesExportCursor, SalesExportPage } from '@spiffworks/contracts';
import { keysetCsvFile } from '../platform/paged-csv-file';

/** Sales per page asked of analytics: the payout file's page size (about 200 KB of CSV), for the same reasons (see PAYOUT_FILE_PAGE_LINES). */
export const SALES_FILE_PAGE_ROWS = 1_000;

/** Analytics' page of sales after a cursor (null: from the first sale). */
export type SalesPages = (after: SalesExportCursor | null) => Promise<SalesExportPage>;

/** The sales file as a stream (see `keysetCsvFile`): the header, then analytics' pages in order. */
export function salesFile(pages: SalesPages): Promise<Readable> {
  return keysetCsvFile(`${csvRow(SALES_EXPORT_COLUMNS)}\n`, pages);
}

import type { Readable } from 'node:stream';
import { csvRow } from '@spiffworks/contracts';
import type { SaleImportErrorsPage } from '@spiffworks/contracts';
import { pagedCsvFile } from '../platform/paged-csv-file';

/** Rejected rows per page asked of fulfillment: one RPC reply each, so no process holds more than a page or two. */
export const IMPORT_ERRORS_PAGE_ROWS = 5_000;

/** The columns errors.csv puts before the file's own. */
export const IMPORT_ERRORS_COLUMNS = ['row', 'field', 'reason'] as const;

/** Fulfillment's page of rejected rows after a row number (0: from the first). */
export type ImportErrorPages = (afterRow: number) => Promise<SaleImportErrorsPage>;

/** errors.csv as a stream (see `pagedCsvFile`): `row,field,reason` and the file's own header, then fulfillment's pages in row order. */
export async function importErrorsFile(pages: ImportErrorPages): Promise<Readable> {
  const first = await pages(0);
  const header = `${csvRow([...IMPORT_ERRORS_COLUMNS, ...first.header])}\n`;
  return pagedCsvFile(header, first, (page) => (page.next_after_row === null ? null : pages(page.next_after_row)));
}

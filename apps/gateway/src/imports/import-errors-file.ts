import type { Readable } from 'node:stream';
import { csvRow } from '@spiffworks/contracts';
import type { ImportErrorsPage } from '@spiffworks/contracts';
import { pagedCsvFile } from '../platform/paged-csv-file';
import type { CsvPage } from '../platform/paged-csv-file';

/** Rows per page asked of the owning service: one RPC reply each, so no process holds more than a page or two. */
export const IMPORT_ERRORS_PAGE_ROWS = 5_000;

/** The columns errors.csv puts before the file's own. */
export const IMPORT_ERRORS_COLUMNS = ['row', 'field', 'reason'] as const;

/** A page of a file read back from an import, by row number: its records, and where the next page starts (null on the last). */
export type RowPage = CsvPage & { next_after_row: number | null };

/** The owning service's page of rows after a row number (0: from the first). */
export type RowPages<P extends RowPage> = (afterRow: number) => Promise<P>;

/**
 * A file read back from an import, streamed page by page (see `pagedCsvFile`): the header row
 * (from the first page, asked before this resolves, so an unknown import is still a 4xx), then the
 * pages in row order.
 */
export async function importRowsFile<P extends RowPage>(pages: RowPages<P>, headerOf: (first: P) => readonly string[]): Promise<Readable> {
  const first = await pages(0);
  return pagedCsvFile(`${csvRow(headerOf(first))}\n`, first, (page) => (page.next_after_row === null ? null : pages(page.next_after_row)));
}

/** errors.csv: `row,field,reason` and the file's own header, then every rejected row as it was. */
export function importErrorsFile(pages: RowPages<ImportErrorsPage>): Promise<Readable> {
  return importRowsFile(pages, (first) => [...IMPORT_ERRORS_COLUMNS, ...first.header]);
}

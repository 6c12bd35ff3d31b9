import { Readable } from 'node:stream';
import { csvRow } from '@spiffworks/contracts';
import type { ImportErrorsPage } from '@spiffworks/contracts';

/** Rows per page asked of the owning service: one RPC reply each, so no process holds more than a page or two. */
export const IMPORT_ERRORS_PAGE_ROWS = 5_000;

/** The columns errors.csv puts before the file's own. */
export const IMPORT_ERRORS_COLUMNS = ['row', 'field', 'reason'] as const;

/** One page of a file read back from an import: CSV records (each ended by `\n`), and where the next page starts. */
export interface CsvPage {
  csv: string;
  /** Null on the last page. */
  next_after_row: number | null;
}

/** The owning service's page of rows after a row number (0: from the first). */
export type CsvPages<P extends CsvPage> = (afterRow: number) => Promise<P>;

/**
 * A CSV file as a stream: its header row (from the first page), then the owning service's pages in
 * row order, each asked only when the client has taken the one before. The first page is asked
 * before this resolves, so an unknown import (or one refused) is still a 4xx; a page that fails
 * later errors the stream, which breaks the response off instead of ending it, so a cut file never
 * looks complete.
 */
export async function pagedCsvFile<P extends CsvPage>(pages: CsvPages<P>, headerOf: (first: P) => readonly string[]): Promise<Readable> {
  const first = await pages(0);
  return Readable.from(chunks(first, pages, headerOf), { objectMode: false });
}

async function* chunks<P extends CsvPage>(first: P, pages: CsvPages<P>, headerOf: (first: P) => readonly string[]): AsyncGenerator<Buffer> {
  yield Buffer.from(`${csvRow(headerOf(first))}\n`);
  let page = first;
  for (;;) {
    if (page.csv) yield Buffer.from(page.csv);
    if (page.next_after_row === null) return;
    page = await pages(page.next_after_row);
  }
}

/** errors.csv: `row,field,reason` and the file's own header, then every rejected row as it was. */
export function importErrorsFile(pages: CsvPages<ImportErrorsPage>): Promise<Readable> {
  return pagedCsvFile(pages, (first) => [...IMPORT_ERRORS_COLUMNS, ...first.header]);
}

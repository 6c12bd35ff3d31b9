import { Readable } from 'node:stream';
import { csvRow } from '@spiffworks/contracts';
import type { SaleImportErrorsPage } from '@spiffworks/contracts';

/** Rejected rows per page asked of fulfillment: one RPC reply each, so no process holds more than a page or two. */
export const IMPORT_ERRORS_PAGE_ROWS = 5_000;

/** The columns errors.csv puts before the file's own. */
export const IMPORT_ERRORS_COLUMNS = ['row', 'field', 'reason'] as const;

/** Fulfillment's page of rejected rows after a row number (0: from the first). */
export type ImportErrorPages = (afterRow: number) => Promise<SaleImportErrorsPage>;

/**
 * errors.csv as a stream: `row,field,reason` and the file's own header, then fulfillment's pages in
 * row order, each asked only when the client has taken the one before. The first page is asked
 * before this resolves, so an unknown import is still a 404; a page that fails later errors the
 * stream, which breaks the response off instead of ending it, so a cut file never looks complete.
 */
export async function importErrorsFile(pages: ImportErrorPages): Promise<Readable> {
  const first = await pages(0);
  return Readable.from(chunks(first, pages), { objectMode: false });
}

async function* chunks(first: SaleImportErrorsPage, pages: ImportErrorPages): AsyncGenerator<Buffer> {
  yield Buffer.from(`${csvRow([...IMPORT_ERRORS_COLUMNS, ...first.header])}\n`);
  let page = first;
  for (;;) {
    if (page.csv) yield Buffer.from(page.csv);
    if (page.next_after_row === null) return;
    page = await pages(page.next_after_row);
  }
}

import { Readable } from 'node:stream';
import { COMMISSION_EXPORT_COLUMNS, csvRow } from '@spiffworks/contracts';
import type { CommissionExportCursor, CommissionExportPage } from '@spiffworks/contracts';

/**
 * Lines per page asked of the ledger: a page is one RPC reply (about 1 MB of CSV), small enough that
 * neither process holds more than a page or two of a million-line file, large enough that the round
 * trips do not dominate.
 */
export const PAYOUT_FILE_PAGE_LINES = 5_000;

/** The ledger's page of lines after a cursor (null: from the first line). */
export type PayoutPages = (after: CommissionExportCursor | null) => Promise<CommissionExportPage>;

/**
 * The payout file as a stream: the header, then the ledger's pages in order, each asked only when
 * the client has taken the one before (the stream's backpressure). The first page is asked before
 * this resolves, so a refusal (bad filters, the ledger down) is still an HTTP error rather than a
 * broken download; a page that fails later errors the stream, which breaks the response off
 * instead of ending it, so a cut file never looks complete.
 */
export async function payoutFile(pages: PayoutPages): Promise<Readable> {
  const first = await pages(null);
  return Readable.from(chunks(first, pages), { objectMode: false });
}

async function* chunks(first: CommissionExportPage, pages: PayoutPages): AsyncGenerator<Buffer> {
  yield Buffer.from(`${csvRow(COMMISSION_EXPORT_COLUMNS)}\n`);
  let page = first;
  for (;;) {
    if (page.csv) yield Buffer.from(page.csv);
    if (!page.next) return;
    page = await pages(page.next);
  }
}

import type { Readable } from 'node:stream';
import { COMMISSION_EXPORT_COLUMNS, csvRow } from '@spiffworks/contracts';
import type { CommissionExportCursor, CommissionExportPage } from '@spiffworks/contracts';
import { keysetCsvFile } from '../platform/paged-csv-file';

/**
 * Lines per page asked of the ledger (about 200 KB of CSV): small enough that a page's rows, its
 * CSV and its reply die in the ledger's young generation instead of being promoted and kept until
 * a full collection (5,000-line pages added 100–180 MB to the ledger's RSS during a million-line
 * file; BENCHMARKS.md, "Export memory"); large enough, with the next page asked while this one is
 * written, that the round trips do not dominate.
 */
export const PAYOUT_FILE_PAGE_LINES = 1_000;

/** The ledger's page of lines after a cursor (null: from the first line). */
export type PayoutPages = (after: CommissionExportCursor | null) => Promise<CommissionExportPage>;

/** The payout file as a stream (see `keysetCsvFile`): the header, then the ledger's pages in order. */
export function payoutFile(pages: PayoutPages): Promise<Readable> {
  return keysetCsvFile(`${csvRow(COMMISSION_EXPORT_COLUMNS)}\n`, pages);
}

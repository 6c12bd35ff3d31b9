import { Readable } from 'node:stream';

/** A page of a CSV file as the service that owns its rows answers it: records, each ended by `\n`. */
export interface CsvPage {
  csv: string;
}

/** The page after `page`, or null when `page` is the last. */
export type NextCsvPage<P extends CsvPage> = (page: P) => Promise<P> | null;

/**
 * A CSV file streamed from the service that owns its rows, a page (one RPC reply) at a time:
 * `header`, then each page's records in order. The caller asks the first page before building
 * the file, so a refusal (bad filters, an unknown id, the service down) is still an HTTP error
 * rather than a broken download.
 *
 * One page ahead: the next page is asked as soon as the one before has arrived, and written once
 * the client has taken that one (the stream's backpressure). The service reads page n + 1 while
 * the gateway writes page n, and the client never has more than two pages asked for it. A page
 * that fails errors the stream, which breaks the response off instead of ending it, so a cut file
 * never looks complete; a client gone before the page asked ahead arrives just drops it.
 */
export function pagedCsvFile<P extends CsvPage>(header: string, first: P, next: NextCsvPage<P>): Readable {
  return Readable.from(records(header, first, next), { objectMode: false });
}

async function* records<P extends CsvPage>(header: string, first: P, next: NextCsvPage<P>): AsyncGenerator<Buffer> {
  yield Buffer.from(header);
  let page = first;
  for (;;) {
    const ahead = next(page);
    // Handled here so that a client gone before it settles leaves no unhandled rejection; awaited below all the same.
    ahead?.catch(() => undefined);
    if (page.csv) yield Buffer.from(page.csv);
    if (!ahead) return;
    page = await ahead;
  }
}

/** A page that names where the next one starts: a keyset cursor, null on the last page. */
export interface KeysetCsvPage<C> extends CsvPage {
  next: C | null;
}

/**
 * A `pagedCsvFile` of keyset pages: the first page asked from the start (null), each next one
 * after the cursor the page before ended on. Resolves once the first page has arrived (see
 * `pagedCsvFile`: a refusal is still an HTTP error).
 */
export async function keysetCsvFile<C, P extends KeysetCsvPage<C>>(header: string, pages: (after: C | null) => Promise<P>): Promise<Readable> {
  const first = await pages(null);
  return pagedCsvFile(header, first, (page) => (page.next === null ? null : pages(page.next)));
}

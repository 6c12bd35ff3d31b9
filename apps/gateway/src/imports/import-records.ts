import { Transform } from 'node:stream';
import type { Readable, TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ErrorCode } from '@spiffworks/contracts';
import { problem } from '../platform/http-errors';
import { fileInvalid } from './import-columns';

/** The bytes of one uploaded file and what ends it early. */
export interface UploadedFile {
  bytes: Readable;
  /** The name the browser gave the file; null for a bare `text/csv` body. */
  name: string | null;
  /** Aborted when the upload breaks off (the client went away) before the file ended. */
  signal: AbortSignal;
}

export interface RecordLimits {
  maxBytes: number;
  /** Characters of one row: bounds what one unclosed quote makes the parser hold. */
  maxRowCharacters: number;
}

/**
 * The file's CSV records, parsed as the bytes arrive: the parser holds a few records and a few
 * kilobytes, and taking the next record is what pulls more bytes off the socket, so a consumer
 * that awaits between records applies backpressure to the client. Errors come out as the
 * problems the client is answered: too large (413), not CSV (400, with its row), broke off.
 */
export async function* csvRecords(file: UploadedFile, limits: RecordLimits): AsyncGenerator<string[]> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false, max_record_size: limits.maxRowCharacters });
  const counter = byteLimit(limits.maxBytes);
  const fail = (error: unknown): void => {
    parser.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  const brokeOff = (): void => fail(fileInvalid('the upload broke off before the file ended'));
  const unreadable = (error: NodeJS.ErrnoException): void => {
    // The request's own error when its client disconnects; anything else (a broken multipart part) says what.
    if (error.code === 'ECONNRESET') brokeOff();
    else fail(fileInvalid(`the upload broke off before the file ended (${error.message})`));
  };
  counter.on('error', fail);
  file.bytes.on('error', unreadable);
  file.signal.addEventListener('abort', brokeOff, { once: true });
  if (file.signal.aborted) brokeOff();
  file.bytes.pipe(counter).pipe(parser);
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    throw error instanceof CsvError ? notCsv(error, limits) : error;
  } finally {
    file.signal.removeEventListener('abort', brokeOff);
    file.bytes.off('error', unreadable);
    file.bytes.unpipe(counter);
    counter.destroy();
    parser.destroy();
  }
}

/** Passes the bytes on until there are more than `maxBytes` of them (413). */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) {
        done(problem(ErrorCode.PAYLOAD_TOO_LARGE, `the file is larger than ${megabytes(maxBytes)} (${maxBytes} bytes); split it into several files`));
        return;
      }
      done(null, chunk);
    },
  });
}

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The parser's error as the client reads it: the row it is in (the header is row 1) and what is wrong. */
function notCsv(error: CsvError, limits: RecordLimits): Error {
  const row = Number((error as CsvError & { records?: number }).records ?? 0) + 1;
  const what: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
    CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by something other than a comma or the end of the line',
    CSV_MAX_RECORD_SIZE: `the row is longer than ${limits.maxRowCharacters} characters`,
  };
  return fileInvalid(`row ${row} is not valid CSV: ${what[error.code] ?? error.message}`);
}

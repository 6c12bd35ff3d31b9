/**
 * CSV of what a screen shows, built in the browser with the platform's own CSV rules
 * (libs/contracts csv.ts: RFC 4180 quoting, formula cells neutralized), money as exact decimals.
 */
import { csvDocument } from '@spiffworks/contracts';
import { saveFile } from '../ui/save-file';

export type CsvCell = string | number | null | undefined;

/** The document, and a file the browser saves. */
export function downloadCsv(filename: string, header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  const text = csvDocument(header, rows);
  saveFile(new Blob([text], { type: 'text/csv;charset=utf-8' }), filename);
  return text;
}

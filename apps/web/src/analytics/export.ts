/**
 * CSV of what a screen shows, built in the browser with the platform's own CSV rules
 * (libs/contracts csv.ts: RFC 4180 quoting, formula cells neutralized), money as exact decimals.
 */
import { csvDocument } from '@spiffworks/contracts';

export type CsvCell = string | number | null | undefined;

/** The document, and a file the browser saves. */
export function downloadCsv(filename: string, header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  const text = csvDocument(header, rows);
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return text;
}

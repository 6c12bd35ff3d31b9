/**
 * CSV the platform writes (RFC 4180 quoting), safe to open in a spreadsheet.
 *
 * - **Formula injection** (OWASP "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`, a tab or
 *   a carriage return (or a line feed, to be safe) could run as a formula in Excel, LibreOffice or Sheets; it gets a leading `'`,
 *   so it shows as the text it is. A cell that is a plain number (`-120.00`, `42`) is left as it
 *   is: a negative amount is a number to the spreadsheet, not a formula, and a payout file must
 *   keep its clawbacks summable.
 * - **Quoting**: a cell holding a quote, comma, CR or LF is wrapped in quotes (inner quotes doubled),
 *   so a line break inside a cell never starts a new row.
 */

/** A plain decimal number: optional minus, digits, optional fraction. Nothing a spreadsheet evaluates. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r\n]/;
// `;` too: spreadsheets in semicolon locales split cells on it, and the second half may start a formula.
const NEEDS_QUOTES = /[",;\r\n]/;

/** One cell, neutralized and quoted as needed; null and undefined are empty. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row of cells, comma-separated (no line end). */
export function csvRow(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells.map(csvCell).join(',');
}

/** A whole document: the header row, then each row, every line ended by `\n`. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return [header, ...rows].map(csvRow).join('\n') + '\n';
}

/** What every imported file may hold, in the portal's words: the server's own limits (libs/contracts imports.ts). */
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '@spiffworks/contracts';
import { formatCount, userLocale } from '../format/format';

/** `104857600` → "100 MB"; `2048` → "2 KB". */
export function formatFileSize(bytes: number, locale = userLocale()): string {
  const number = (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return `${formatCount(bytes, locale)} bytes`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024)} KB`;
  return `${number(bytes / (1024 * 1024))} MB`;
}

/** "at most 1,000,000 rows and 100 MB" */
export function limitsText(locale = userLocale()): string {
  return `at most ${formatCount(IMPORT_MAX_ROWS, locale)} rows and ${formatFileSize(IMPORT_MAX_BYTES, locale)}`;
}

/** Why a chosen file cannot be sent, before sending it; null when it can. `kind`: "a sales file". */
export function refuseBeforeUpload(file: File, kind: string): string | null {
  if (file.size === 0) return `${file.name} is empty: ${kind} starts with its header row.`;
  if (file.size > IMPORT_MAX_BYTES) return `${file.name} is ${formatFileSize(file.size)}; a file may hold ${limitsText()}. Split it into smaller files.`;
  return null;
}

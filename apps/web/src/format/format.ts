/**
 * Money and dates as the API sends them, formatted per locale.
 * - Money: the API's JSON number (exact to the cent) or decimal string goes through decimal.js to a
 *   fixed-point string and into Intl.NumberFormat as a string (exact decimal, ES2023), never
 *   through float arithmetic.
 * - Calendar dates (`YYYY-MM-DD`) are formatted as the date they name, in UTC, so no time zone
 *   moves them a day; `new Date('2025-01-15')` is never used.
 */
import Decimal from 'decimal.js';

/** The platform's currency (the API's amounts carry none). */
export const CURRENCY = 'USD';

/** The user's locale (the browser's), or the one given. */
export const userLocale = (): string | undefined => (typeof navigator === 'undefined' ? undefined : navigator.language) || undefined;

type Amount = number | string | Decimal;

/** The exact decimal string of an amount: `440` → "440.00", `"0.1"` → "0.10". */
export function toFixedAmount(value: Amount, digits = 2): string {
  return new Decimal(value).toFixed(digits);
}

/** `formatMoney(2000)` → "$2,000.00" (en-US); `formatMoney('1234.5', 'de-DE')` → "1.234,50 $". */
export function formatMoney(value: Amount | null | undefined, locale = userLocale(), currency = CURRENCY): string {
  if (value === null || value === undefined || value === '') return '—';
  const exact = toFixedAmount(value);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // A string is formatted as the exact decimal it spells (Intl.NumberFormat v3).
  return format.format(exact as unknown as number);
}

/** A plain decimal with grouping and exactly `digits` places: `formatDecimal(2000)` → "2,000.00". */
export function formatDecimal(value: Amount, locale = userLocale(), digits = 2): string {
  const format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return format.format(toFixedAmount(value, digits) as unknown as number);
}

/** A whole number with grouping. */
export function formatCount(value: number | string, locale = userLocale()): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(String(value) as unknown as number);
}

/** A percentage as the API states it (12 → "12 %"; "7.5" → "7.5 %"): the number itself, trimmed. */
export function formatRate(value: Amount, locale = userLocale()): string {
  const exact = new Decimal(value).toString();
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  return `${format.format(exact as unknown as number)} %`;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2025-01-15` → { year: 2025, month: 1, day: 15 }, or null for anything else. */
export function parseCalendarDate(value: string): { year: number; month: number; day: number } | null {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** A calendar date per locale: `formatDate('2025-01-15', 'en-US')` → "Jan 15, 2025", in any time zone. */
export function formatDate(value: string | null | undefined, locale = userLocale(), style: 'medium' | 'long' | 'short' = 'medium'): string {
  if (!value) return '—';
  const parts = parseCalendarDate(value.slice(0, 10));
  if (!parts) return value;
  const utcNoon = Date.UTC(parts.year, parts.month - 1, parts.day, 12);
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(utcNoon);
}

/** An inclusive period: "Jan 1, 2025 – Mar 31, 2025". */
export function formatPeriod(start: string, end: string, locale = userLocale()): string {
  return `${formatDate(start, locale)} – ${formatDate(end, locale)}`;
}

/** A UTC timestamp in the user's time zone: "Jan 15, 2025, 10:30 AM". */
export function formatTimestamp(value: string | null | undefined, locale = userLocale()): string {
  if (!value) return '—';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

/** Today's calendar date where the user is, `YYYY-MM-DD` (a sale date's default). */
export function todayLocal(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

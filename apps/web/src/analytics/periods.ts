/** Labels of time-series buckets: calendar dates (`YYYY-MM-DD`, the bucket's first day), never shifted by a time zone. */
import { formatDate, parseCalendarDate, userLocale } from '../format/format';
import type { Interval } from './api';

export function formatBucket(period: string, interval: Interval, locale = userLocale()): string {
  if (interval === 'day') return formatDate(period, locale);
  if (interval === 'week') return `Week of ${formatDate(period, locale)}`;
  const parts = parseCalendarDate(period);
  if (!parts) return period;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(parts.year, parts.month - 1, 1, 12));
}

/** `YYYY-MM-DD` of a UTC day `days` after `date`. */
export function addDays(date: string, days: number): string {
  const parts = parseCalendarDate(date);
  if (!parts) return date;
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day + days)).toISOString().slice(0, 10);
}

import type { FieldError, TimeseriesQuery } from '@spiffworks/contracts';

export type Interval = TimeseriesQuery['interval'];

/** The longest range a time series may cover, in days (both ends included): about ten years. */
export const MAX_TIMESERIES_DAYS = 3660;

/** What is wrong with a [from, to] range of calendar dates (both already YYYY-MM-DD), if anything. */
export function rangeErrors(from: string, to: string): FieldError[] {
  if (from > to) return [{ field: 'to', reason: 'must not be before from' }];
  const days = (parse(to).getTime() - parse(from).getTime()) / DAY_MS + 1;
  if (days > MAX_TIMESERIES_DAYS) return [{ field: 'to', reason: `must be at most ${MAX_TIMESERIES_DAYS} days from from (inclusive)` }];
  return [];
}

/** The start of the bucket a day falls in: the day itself, its week's Monday, or the 1st of its month. */
export function bucketStart(day: string, interval: Interval): string {
  const date = parse(day);
  if (interval === 'week') date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  if (interval === 'month') date.setUTCDate(1);
  return format(date);
}

/** Every bucket that overlaps [from, to], in order, each named by its start date. */
export function bucketStarts(from: string, to: string, interval: Interval): string[] {
  const starts: string[] = [];
  const cursor = parse(bucketStart(from, interval));
  const end = parse(to);
  while (cursor.getTime() <= end.getTime()) {
    starts.push(format(cursor));
    if (interval === 'day') cursor.setUTCDate(cursor.getUTCDate() + 1);
    else if (interval === 'week') cursor.setUTCDate(cursor.getUTCDate() + 7);
    else cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return starts;
}

const DAY_MS = 86_400_000;

function parse(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function format(date: Date): string {
  return date.toISOString().slice(0, 10);
}

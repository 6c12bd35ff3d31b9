import type { FieldError } from '@spiffworks/contracts';

/** The longest time series range, in days with both ends included (about ten years). */
export const MAX_TIMESERIES_DAYS = 3660;

const DAY_MS = 86_400_000;

/** What is wrong with [from, to], two valid YYYY-MM-DD dates: an inverted or too long range. */
export function timeseriesRangeErrors(from: string, to: string): FieldError[] {
  if (from > to) return [{ field: 'to', reason: 'must not be before from' }];
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > MAX_TIMESERIES_DAYS) {
    return [{ field: 'to', reason: `must be at most ${MAX_TIMESERIES_DAYS} days from from (inclusive)` }];
  }
  return [];
}

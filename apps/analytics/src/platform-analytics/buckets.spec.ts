import { bucketStart, bucketStarts, rangeErrors } from './buckets';
import type { Interval } from './buckets';

describe('bucketStart', () => {
  it.each<[string, Interval, string]>([
    ['2025-01-15', 'day', '2025-01-15'],
    ['2025-01-15', 'week', '2025-01-13'], // a Wednesday → its Monday
    ['2025-01-13', 'week', '2025-01-13'], // a Monday stays
    ['2025-01-19', 'week', '2025-01-13'], // a Sunday belongs to the week before
    ['2025-01-01', 'week', '2024-12-30'], // across a year
    ['2025-01-31', 'month', '2025-01-01'],
    ['2024-02-29', 'month', '2024-02-01'],
  ])('%s by %s → %s', (day, interval, expected) => {
    expect(bucketStart(day, interval)).toBe(expected);
  });
});

describe('bucketStarts', () => {
  it.each<[string, string, string, Interval, string[]]>([
    ['one day', '2025-01-15', '2025-01-15', 'day', ['2025-01-15']],
    ['days across a month end', '2025-01-30', '2025-02-02', 'day', ['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']],
    ['weeks start on Monday, the first may start before from', '2025-01-15', '2025-01-27', 'week', ['2025-01-13', '2025-01-20', '2025-01-27']],
    ['a Sunday alone', '2025-01-19', '2025-01-19', 'week', ['2025-01-13']],
    ['months', '2025-01-31', '2025-03-01', 'month', ['2025-01-01', '2025-02-01', '2025-03-01']],
    ['months across a year (and a 31st)', '2024-11-30', '2025-01-31', 'month', ['2024-11-01', '2024-12-01', '2025-01-01']],
  ])('%s', (_, from, to, interval, expected) => {
    expect(bucketStarts(from, to, interval)).toEqual(expected);
  });

  it('gives one point per day of a leap year', () => {
    expect(bucketStarts('2024-01-01', '2024-12-31', 'day')).toHaveLength(366);
  });
});

describe('rangeErrors', () => {
  it.each<[string, string, string, string[]]>([
    ['same day', '2025-01-01', '2025-01-01', []],
    ['to before from', '2025-01-02', '2025-01-01', ['to must not be before from']],
    ['exactly 3660 days', '2025-01-01', '2035-01-08', []],
    ['3661 days', '2025-01-01', '2035-01-09', ['to must be at most 3660 days from from (inclusive)']],
  ])('%s', (_, from, to, expected) => {
    expect(rangeErrors(from, to).map((e) => `${e.field} ${e.reason}`)).toEqual(expected);
  });
});

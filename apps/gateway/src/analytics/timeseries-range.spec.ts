import { timeseriesRangeErrors } from './timeseries-range';

describe('timeseriesRangeErrors', () => {
  it.each<[string, string, string, string[]]>([
    ['one day', '2025-01-01', '2025-01-01', []],
    ['a year', '2025-01-01', '2025-12-31', []],
    ['to before from', '2025-01-02', '2025-01-01', ['to must not be before from']],
    ['exactly 3660 days', '2025-01-01', '2035-01-08', []],
    ['3661 days', '2025-01-01', '2035-01-09', ['to must be at most 3660 days from from (inclusive)']],
  ])('%s', (_, from, to, expected) => {
    expect(timeseriesRangeErrors(from, to).map((e) => `${e.field} ${e.reason}`)).toEqual(expected);
  });
});

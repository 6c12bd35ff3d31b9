import { isCalendarDate, isFutureEverywhere, latestTodayOnEarth, todayUtc } from './dates';

describe('isCalendarDate', () => {
  it.each([
    ['2025-01-15', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['2025-1-15', false],
    ['2025-01-15T00:00:00Z', false],
    ['', false],
    [20250115, false],
    [null, false],
  ])('%p → %p', (input, expected) => {
    expect(isCalendarDate(input)).toBe(expected);
  });

  it('todayUtc gives the UTC calendar date', () => {
    expect(todayUtc(new Date('2025-03-31T23:59:59Z'))).toBe('2025-03-31');
  });
});

describe('a sale date in the future (judged against UTC+14, the latest time zone)', () => {
  it.each([
    // now (UTC)                  latest today on earth
    ['2025-03-31T00:00:00Z', '2025-03-31'],
    ['2025-03-31T09:59:59Z', '2025-03-31'],
    ['2025-03-31T10:00:00Z', '2025-04-01'], // midnight in Kiritimati
    ['2025-03-31T23:59:59Z', '2025-04-01'],
    ['2024-12-31T10:00:00Z', '2025-01-01'],
    ['2024-02-28T12:00:00Z', '2024-02-29'],
  ])('at %s the latest today is %s', (now, expected) => {
    expect(latestTodayOnEarth(new Date(now))).toBe(expected);
  });

  it.each([
    // sale_date     now (UTC)                future?
    ['2025-03-31', '2025-03-31T00:00:00Z', false], // today in UTC
    ['2025-04-01', '2025-03-31T09:59:59Z', true], // nobody has reached April yet
    ['2025-04-01', '2025-03-31T10:00:00Z', false], // already April 1 in UTC+14: a partner in Kiribati logs today
    ['2025-04-01', '2025-03-31T23:00:00Z', false],
    ['2025-04-02', '2025-03-31T23:59:59Z', true],
    ['2025-03-30', '2025-03-31T00:00:00Z', false], // yesterday in UTC is still today in UTC-12
    ['2026-01-01', '2025-12-31T10:00:00Z', false],
    ['2026-01-01', '2025-12-31T09:59:59Z', true],
  ])('%s at %s → %p', (date, now, expected) => {
    expect(isFutureEverywhere(date, new Date(now))).toBe(expected);
  });
});

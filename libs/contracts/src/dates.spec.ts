import { isCalendarDate, todayUtc } from './dates';

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

import { describe, expect, it } from 'vitest';
import { formatDate, formatDecimal, formatMoney, formatPeriod, formatRate, parseCalendarDate, todayLocal, toFixedAmount } from './format';

describe('money formatting', () => {
  it("shows the API's amounts per locale with the currency", () => {
    expect(formatMoney(440, 'en-US')).toBe('$440.00');
    expect(formatMoney(2000, 'en-US')).toBe('$2,000.00');
    expect(formatMoney('1234.5', 'de-DE')).toBe('1.234,50\u00a0$');
    expect(formatMoney(-120, 'en-US')).toBe('-$120.00');
    expect(formatMoney(null, 'en-US')).toBe('—');
  });

  it('never goes through float arithmetic: amounts beyond double precision stay exact', () => {
    // 2^53 + 1 and cents: a float would print ...992.00 or round the cents.
    expect(formatMoney('9007199254740993.01', 'en-US')).toBe('$9,007,199,254,740,993.01');
    expect(toFixedAmount('0.1')).toBe('0.10');
    expect(toFixedAmount(0.1 + 0.2 === 0.3 ? 1 : '0.30')).toBe('0.30');
    expect(formatDecimal('2000', 'en-US')).toBe('2,000.00');
  });

  it('states rates as the API does', () => {
    expect(formatRate(12, 'en-US')).toBe('12 %');
    expect(formatRate('7.5', 'en-US')).toBe('7.5 %');
  });
});

describe('calendar dates', () => {
  it('formats the date named, whatever the time zone (no new Date("YYYY-MM-DD") shift)', () => {
    expect(formatDate('2025-01-15', 'en-US')).toBe('Jan 15, 2025');
    expect(formatDate('2025-01-01', 'en-GB')).toBe('1 Jan 2025');
    expect(formatDate('2025-12-31', 'de-DE')).toBe('31.12.2025');
    expect(formatPeriod('2025-01-01', '2025-03-31', 'en-US')).toBe('Jan 1, 2025 – Mar 31, 2025');
  });

  it('refuses dates that do not exist and reads today where the user is', () => {
    expect(parseCalendarDate('2025-02-30')).toBeNull();
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(formatDate('not a date', 'en-US')).toBe('not a date');
    expect(todayLocal(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });
});

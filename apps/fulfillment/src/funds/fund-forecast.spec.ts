import { forecastExhaustedOn } from './fund-forecast';

describe('forecastExhaustedOn', () => {
  it.each<[string, string, string, Date | null, string | null]>([
    ['no burn in the window: no forecast', '500.00', '0', null, null],
    ['70 burned in 7 days (10/day), 100 left: 10 days', '100.00', '70.00', null, '2025-01-25'],
    ['a part day rounds up', '101.00', '70.00', null, '2025-01-26'],
    ['burning faster than what is left: tomorrow', '5.00', '700.00', null, '2025-01-16'],
    ['exhausted: the day it reached 100 %', '0.00', '70.00', new Date('2025-01-12T08:00:00Z'), '2025-01-12'],
    ['exhausted, day unknown: today', '0.00', '0', null, '2025-01-15'],
    ['across a month end', '200.00', '70.00', null, '2025-02-04'],
  ])('%s', (_, remaining, burned, exhaustedAt, expected) => {
    expect(forecastExhaustedOn(remaining, burned, '2025-01-15', exhaustedAt)).toBe(expected);
  });
});

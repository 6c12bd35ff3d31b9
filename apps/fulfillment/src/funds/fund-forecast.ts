import Decimal from 'decimal.js';

/** The days of granted bonus the burn rate is taken over. */
export const BURN_WINDOW_DAYS = 7;

/**
 * The day a fund runs out at its recent burn rate: remaining ÷ (bonus granted net in the last
 * BURN_WINDOW_DAYS ÷ BURN_WINDOW_DAYS), rounded up to whole days from today (UTC). An exhausted
 * fund ran out on the day it reached 100 % (today when that is unknown); no burn, no forecast.
 */
export function forecastExhaustedOn(remaining: Decimal.Value, burnedInWindow: Decimal.Value, today: string, exhaustedAt: Date | null): string | null {
  const left = new Decimal(remaining);
  if (left.lessThanOrEqualTo(0)) return exhaustedAt ? exhaustedAt.toISOString().slice(0, 10) : today;
  const perDay = new Decimal(burnedInWindow).dividedBy(BURN_WINDOW_DAYS);
  if (perDay.lessThanOrEqualTo(0)) return null;
  const days = left.dividedBy(perDay).ceil().toNumber();
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

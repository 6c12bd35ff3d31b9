const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Today's calendar date in UTC. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The easternmost time zone in use (UTC+14, Kiribati's Line Islands): where a calendar day starts first. */
export const LATEST_UTC_OFFSET_HOURS = 14;

/**
 * The latest calendar date that is "today" somewhere on earth: today in UTC+14. A partner anywhere
 * may have reached it, so no date up to it is in anyone's future.
 */
export function latestTodayOnEarth(now: Date = new Date()): string {
  return todayUtc(new Date(now.getTime() + LATEST_UTC_OFFSET_HOURS * 3_600_000));
}

/**
 * True when a calendar date (YYYY-MM-DD) is in the future for everyone on earth: after today in
 * UTC+14. "A sale date may not be in the future" refuses only these, so no partner's today is refused.
 */
export function isFutureEverywhere(date: string, now: Date = new Date()): boolean {
  return date > latestTodayOnEarth(now);
}

/**
 * Money as whole cents in a safe integer: exact for the amounts events carry (at most two
 * decimals), and far cheaper than a decimal per addition. Callers fall back to decimals for an
 * amount that does not fit (`centsOf` answers null) or a sum that outgrows 2^53.
 */

/** At most 13 digits before the point: ×100 stays a safe integer, and so does a sum of a few. */
const AMOUNT = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/** The amount in cents, or null when it has more decimals or digits than cents can hold exactly. */
export function centsOf(amount: string): number | null {
  const parts = AMOUNT.exec(amount);
  if (!parts) return null;
  const cents = Number(parts[2]) * 100 + Number((parts[3] ?? '').padEnd(2, '0'));
  return parts[1] ? -cents : cents;
}

/** Cents as a decimal string with two decimals: `-1234` → `-12.34`. */
export function centsText(cents: number): string {
  const whole = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

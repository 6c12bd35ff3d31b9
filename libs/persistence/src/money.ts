import Decimal from 'decimal.js';

/** numeric(14,2) for money; numeric(7,4) for percents. PostgreSQL returns both as strings. */
export const MONEY_COLUMN = { type: 'numeric', precision: 14, scale: 2 } as const;
export const PERCENT_COLUMN = { type: 'numeric', precision: 7, scale: 4 } as const;

/**
 * Decimals as wide as the platform's widest sums (numeric(38,2): an assignment's progress, the
 * analytics aggregates). decimal.js's default of 20 significant digits would drop their cents past 1e18.
 */
export const WideDecimal = Decimal.clone({ precision: 40 });
export type WideDecimal = InstanceType<typeof WideDecimal>;

/**
 * Money crosses the API as JSON numbers (the seed's contract) and is held as decimal strings
 * everywhere else. This is the one place where a decimal string becomes a number, for output only.
 */
export function decimalToNumber(value: string | Decimal): number {
  return new Decimal(value).toNumber();
}

/** A JSON number from a request, as an exact decimal string (no binary float arithmetic). */
export function numberToDecimal(value: number): string {
  return new Decimal(String(value)).toFixed();
}

import Decimal from 'decimal.js';
import { returnedShare } from '@spiffworks/commission-rules';

/**
 * The share of a sale's commission a return takes back: for each amount of the original line
 * (the base, and each spiff's bonus), round(amount × returned_after / sold) − round(amount ×
 * returned_before / sold), half-up to cents, negated. Computed from the cumulative returned
 * quantity, so however a sale is returned in parts, returning all of it takes back exactly what it
 * earned, to the cent.
 */
export const CLAWBACK_METHOD =
  'cumulative share: round(amount × returned_after / sold) − round(amount × returned_before / sold), half-up to cents, negated';

export interface ReturnedShare {
  sold: number;
  returnedBefore: number;
  returned: number;
}

export function clawbackOf(amount: Decimal.Value, share: ReturnedShare): Decimal {
  // The same share the spiff fund gets back on the return (fulfillment), negated.
  return returnedShare(amount, share).negated();
}

export interface Clawback {
  base: Decimal;
  bonuses: Array<{ spiff_id: string; name: string; bonus: Decimal }>;
  bonus: Decimal;
  total: Decimal;
}

export function calculateClawback(
  original: { commission_amount: string; spiffs_applied: Array<{ spiff_id: string; name: string; bonus: string }> },
  share: ReturnedShare,
): Clawback {
  const base = clawbackOf(original.commission_amount, share);
  const bonuses = original.spiffs_applied.map((s) => ({ spiff_id: s.spiff_id, name: s.name, bonus: clawbackOf(s.bonus, share) }));
  const bonus = bonuses.reduce((sum, b) => sum.plus(b.bonus), new Decimal(0));
  return { base, bonuses, bonus, total: base.plus(bonus) };
}

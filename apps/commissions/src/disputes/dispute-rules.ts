import Decimal from 'decimal.js';
import { DISPUTE_ADJUSTMENT_LIMIT, DISPUTE_OUTCOMES, DISPUTE_TEXT_MAX_LENGTH } from '@spiffworks/contracts';
import type { DisputeOutcome, DisputeStatus, FieldError } from '@spiffworks/contracts';

/** A resolution as it arrives; checked by `resolutionOf` before anything is read or written. */
export interface ResolutionInput {
  outcome: unknown;
  adjustment_amount?: unknown;
  answer: unknown;
}

export type Resolution =
  | { ok: true; status: 'resolved_adjusted'; amount: string; answer: string }
  | { ok: true; status: 'resolved_declined'; amount: null; answer: string }
  | { ok: false; errors: FieldError[] };

/**
 * What a resolution books: `adjusted` needs a non-zero amount, to the cent, within
 * ±DISPUTE_ADJUSTMENT_LIMIT (the amount of the new `adjustment` line, as a decimal string);
 * `declined` must not carry one. Every field error at once, each naming its field.
 */
export function resolutionOf(input: ResolutionInput): Resolution {
  const errors: FieldError[] = [];
  const outcome = input.outcome as DisputeOutcome;
  if (!DISPUTE_OUTCOMES.includes(outcome)) errors.push({ field: 'outcome', reason: `must be one of ${DISPUTE_OUTCOMES.join(', ')}` });
  const answer = typeof input.answer === 'string' ? input.answer.trim() : '';
  if (answer.length === 0) errors.push({ field: 'answer', reason: 'must be a non-empty text' });
  else if (answer.length > DISPUTE_TEXT_MAX_LENGTH) errors.push({ field: 'answer', reason: `must be at most ${DISPUTE_TEXT_MAX_LENGTH} characters` });
  const amount = input.adjustment_amount;
  let exact: string | null = null;
  if (outcome === 'adjusted') {
    const reason = amountError(amount);
    if (reason) errors.push({ field: 'adjustment_amount', reason });
    else exact = new Decimal(amount as number).toFixed(2);
  } else if (outcome === 'declined' && amount !== undefined && amount !== null) {
    errors.push({ field: 'adjustment_amount', reason: 'must be absent when the outcome is declined' });
  }
  if (errors.length) return { ok: false, errors };
  return outcome === 'adjusted'
    ? { ok: true, status: 'resolved_adjusted', amount: exact as string, answer }
    : { ok: true, status: 'resolved_declined', amount: null, answer };
}

function amountError(amount: unknown): string | null {
  if (amount === undefined || amount === null) return 'is required when the outcome is adjusted';
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return 'must be a number';
  const exact = new Decimal(amount);
  if (exact.decimalPlaces() > 2) return 'must be a number with at most 2 decimal places';
  if (exact.isZero()) return 'must not be zero: decline the dispute instead';
  if (exact.abs().greaterThan(DISPUTE_ADJUSTMENT_LIMIT)) return `must be between -${DISPUTE_ADJUSTMENT_LIMIT} and ${DISPUTE_ADJUSTMENT_LIMIT}`;
  return null;
}

/** The partner's reason for a dispute, trimmed; or why it is refused. */
export function disputeReasonOf(reason: unknown): { ok: true; reason: string } | { ok: false; errors: FieldError[] } {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length === 0) return { ok: false, errors: [{ field: 'reason', reason: 'must be a non-empty text' }] };
  if (text.length > DISPUTE_TEXT_MAX_LENGTH) return { ok: false, errors: [{ field: 'reason', reason: `must be at most ${DISPUTE_TEXT_MAX_LENGTH} characters` }] };
  return { ok: true, reason: text };
}

/** open → resolved_adjusted | resolved_declined; a resolution is final. */
export function canResolve(status: DisputeStatus): boolean {
  return status === 'open';
}

/**
 * Where an adjustment's amount goes on its line: a line of a sale (a sale's line, its clawback, a
 * reversal of that) is adjusted in its commission, and the adjustment names the sale's product,
 * date and tier so analytics files it on the same day; a reward's line (no sale) in its reward.
 */
export function adjustmentColumnOf(disputed: { sale_id: string | null }): 'commission_amount' | 'reward_amount' {
  return disputed.sale_id ? 'commission_amount' : 'reward_amount';
}

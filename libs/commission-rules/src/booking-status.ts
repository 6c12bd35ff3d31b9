import type { SaleLoggedPayload } from '@spiffworks/contracts';
import { calculateSaleCommission } from './commission-rules';

/**
 * How a sale's line is booked: `awaiting_review` when a spiff that pays a bonus on it asks for
 * proof of sale — the whole line waits (base and bonus), so nothing of it is approvable before
 * the proof is checked; else `pending`. A candidate spiff that pays nothing on the sale (out of
 * period, no assignment) asks for nothing. Shared so the sale's answer names the status the ledger books.
 */
export function saleBookingStatus(sale: SaleLoggedPayload): 'pending' | 'awaiting_review' {
  const applied = new Set(calculateSaleCommission(sale).spiffsApplied.map((s) => s.spiff_id));
  return sale.spiff_candidates.some((c) => c.proof_required === true && applied.has(c.spiff_id)) ? 'awaiting_review' : 'pending';
}

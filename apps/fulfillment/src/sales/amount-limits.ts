import Decimal from 'decimal.js';
import { calculateSaleCommission, saleCommissionBound } from '@spiffworks/commission-rules';
import type { FieldError, SaleLoggedPayload } from '@spiffworks/contracts';

/**
 * The ledger keeps each amount of a line in numeric(18,2) (analytics too): below 1e16. A sale is at
 * most 1e11 of revenue and each spiff's bonus at most 1e11, so only a sale on which a great many
 * spiffs apply could pass it — and the ledger's consumer could then never book it (a dead letter).
 * Such a sale is refused up front instead: 422 AMOUNT_OUT_OF_RANGE naming `quantity`.
 */
export const LEDGER_AMOUNT_LIMIT = new Decimal('1e16');

/** Field errors for a sale whose commission the ledger could not hold; empty when it fits. */
export function ledgerAmountErrors(facts: SaleLoggedPayload, limit: Decimal = LEDGER_AMOUNT_LIMIT): FieldError[] {
  // Nearly every sale is far below: only one whose bound reaches half the limit pays for the exact rule, which alone decides.
  const bound = saleCommissionBound(facts);
  if (Number.isFinite(bound) && bound < limit.toNumber() / 2) return [];
  const commission = calculateSaleCommission(facts);
  const amounts = { commission_amount: commission.base, spiff_bonus: commission.bonus, total_commission: commission.total };
  return Object.entries(amounts)
    .filter(([, amount]) => amount.abs().greaterThanOrEqualTo(limit))
    .map(([name, amount]) => ({
      field: 'quantity',
      reason: `gives a ${name} of ${amount.toFixed(2)}, more than a commission line can hold (below ${limit.toFixed(0)})`,
    }));
}


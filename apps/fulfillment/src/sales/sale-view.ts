import { calculateSaleCommission, saleBookingStatus } from '@spiffworks/commission-rules';
import type { CommissionView, SaleLoggedPayload, SaleView } from '@spiffworks/contracts';
import { decimalToNumber } from '@spiffworks/persistence';
import type { Sale } from './sale.entity';

/** What a sale's response shows of its commission. */
export type SaleCommission = Pick<CommissionView, 'commission_amount' | 'spiff_bonus' | 'total_commission' | 'status' | 'spiffs_applied'>;

/**
 * The line the ledger books for a sale it has just been told of: the shared rules applied to the
 * sale's own `sale.logged` facts, pending approval.
 */
export function commissionToBook(facts: SaleLoggedPayload): SaleCommission {
  const commission = calculateSaleCommission(facts);
  return {
    commission_amount: decimalToNumber(commission.base),
    spiff_bonus: decimalToNumber(commission.bonus),
    total_commission: decimalToNumber(commission.total),
    status: saleBookingStatus(facts),
    spiffs_applied: commission.spiffsApplied.map((s) => ({ spiff_id: s.spiff_id, name: s.name, bonus: decimalToNumber(s.bonus) })),
  };
}

/** The sale with its commission, or `calculating` while the ledger has not booked it. */
export function toSaleView(sale: Sale, productName: string, commission: SaleCommission | undefined | null): SaleView {
  return {
    id: sale.id,
    partner_id: sale.partner_id,
    product_id: sale.product_id,
    product_name: productName,
    quantity: sale.quantity,
    unit_price: decimalToNumber(sale.unit_price),
    revenue: decimalToNumber(sale.revenue),
    sale_date: sale.sale_date,
    invoice_number: sale.invoice_number,
    notes: sale.notes,
    commission_amount: commission?.commission_amount ?? null,
    spiff_bonus: commission?.spiff_bonus ?? null,
    total_commission: commission?.total_commission ?? null,
    returned_quantity: sale.returned_quantity,
    commission_status: commission?.status ?? 'calculating',
    spiffs_applied: commission?.spiffs_applied ?? [],
    // a Date, or its JSON string when the sale comes back from an Idempotency-Key record
    created_at: new Date(sale.created_at).toISOString(),
  };
}

import type { CommissionView, SaleView } from '@spiffworks/contracts';
import { decimalToNumber } from '@spiffworks/persistence';
import type { Sale } from './sale.entity';

/** The sale with its commission, or `calculating` while the ledger has not booked it. */
export function toSaleView(sale: Sale, productName: string, commission: CommissionView | undefined | null): SaleView {
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

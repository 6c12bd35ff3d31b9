import type { IncentiveType, SpiffStatus } from './spiffs';
import type { PartnerTier } from './partners';
import type { CommissionStatus, SpiffApplied } from './commissions';

/** The seed's `POST /api/fulfillment/sales` body. Money is a JSON number with at most 2 decimals. */
export interface LogSaleCommand {
  partner_id: string;
  product_id: string;
  quantity: number;
  unit_price: number;
  sale_date: string;
  invoice_number?: string;
  notes?: string;
}

/** A spiff that covers the sold product, as fulfillment saw it when the sale was logged. */
export interface SpiffCandidate {
  spiff_id: string;
  name: string;
  incentive_type: IncentiveType;
  /** Decimal string: money per unit (`fixed`) or percent of revenue (`percentage`). */
  incentive_amount: string;
  start_date: string;
  end_date: string;
  status: SpiffStatus;
  cancelled_on: string | null;
  product_ids: string[];
  /** Whether the partner holds an active assignment linked to this spiff. */
  partner_has_assignment: boolean;
  /**
   * A budgeted spiff: the most bonus this sale may get from its fund, decided in fulfillment's sale
   * transaction under the fund's row lock (the fund's remainder, or the partner's under its cap,
   * whichever is less), and which of the two that was. Absent: unbudgeted, no limit.
   */
  budget?: { available: string; limited_by: 'budget' | 'partner_cap' };
  /** The spiff asks for proof of sale: a sale it pays a bonus on is booked `awaiting_review`. Absent on facts older than the flag. */
  proof_required?: boolean;
}

/**
 * Payload of `sale.logged`: every fact the commission depends on, frozen at the time of the sale
 * (tier, rate, spiff terms), so the ledger never depends on later changes. Money as decimal strings.
 */
export interface SaleLoggedPayload {
  sale_id: string;
  partner_id: string;
  partner_name: string;
  tier: PartnerTier;
  product_id: string;
  product_name: string;
  quantity: number;
  unit_price: string;
  revenue: string;
  sale_date: string;
  invoice_number: string | null;
  /** Percent for the partner's tier at the time of the sale. */
  commission_rate: string;
  spiff_candidates: SpiffCandidate[];
  assignment_ids: string[];
  logged_by: string;
  logged_at: string;
}

/**
 * Payload of `sales.logged`: the sales of one chunk of a sell-through file, one message and one
 * consumer transaction for many sales. Each is booked exactly as its own `sale.logged` would be.
 */
export interface SalesLoggedPayload {
  sales: SaleLoggedPayload[];
}

/** At most this many sales per `sales.logged` (and lines per `commissions.recorded`): messages stay well under the broker's size limit. */
export const SALES_PER_EVENT = 500;

/** The sale as the API answers it (the seed's response plus the sale itself). */
export interface SaleView {
  id: string;
  partner_id: string;
  product_id: string;
  product_name: string;
  quantity: number;
  unit_price: number;
  revenue: number;
  sale_date: string;
  invoice_number: string | null;
  notes: string | null;
  commission_amount: number | null;
  spiff_bonus: number | null;
  total_commission: number | null;
  returned_quantity: number;
  /** `pending` for a new sale; in lists, `calculating` while the ledger has not booked it yet. */
  commission_status: CommissionStatus | 'calculating';
  spiffs_applied: SpiffApplied[];
  created_at: string;
}

/** `POST /api/fulfillment/sales/{id}/returns`. */
export interface ReturnSaleCommand {
  sale_id: string;
  quantity: number;
  reason: string;
}

/** Payload of `sale.returned`. The clawback is the same share of the sale's commission. */
export interface SaleReturnedPayload {
  return_id: string;
  sale_id: string;
  partner_id: string;
  product_id: string;
  sale_date: string;
  sold_quantity: number;
  /** Units returned before this return, and in it. */
  returned_before: number;
  quantity: number;
  /** Decimal string: unit price × quantity returned. */
  revenue_returned: string;
  reason: string;
  returned_at: string;
}

export interface SaleReturnView {
  id: string;
  sale_id: string;
  quantity: number;
  revenue_returned: number;
  reason: string;
  created_at: string;
}

export interface MySalesQuery {
  page: number;
  page_size: number;
}

/**
 * The live preview of a sale's commission: the facts the portal knows (the partner's opportunities:
 * each product's rate for its tier, each spiff's terms and products) put into the very function the
 * server books with, `calculateSaleCommission` from libs/commission-rules, so the preview and the
 * booked line cannot disagree when the facts are the same.
 */
import Decimal from 'decimal.js';
import { calculateSaleCommission } from '@spiffworks/commission-rules';
import type { SaleCommission } from '@spiffworks/commission-rules';
import type { PartnerTier, SaleLoggedPayload, SpiffCandidate } from '@spiffworks/contracts';
import type { Schemas } from '../api/client';
import { parseCalendarDate } from '../format/format';

type Opportunity = Schemas['OpportunityResponse'];

export interface SaleDraft {
  product_id: string;
  quantity: number | string;
  unit_price: string;
  sale_date: string;
}

export interface SaleProduct {
  id: string;
  name: string;
  sku: string;
  commission_rate: number;
}

/** The products the partner can sell: every product of its active opportunities, once. */
export function sellableProducts(opportunities: readonly Opportunity[]): SaleProduct[] {
  const byId = new Map<string, SaleProduct>();
  for (const opportunity of opportunities) {
    if (opportunity.status !== 'active') continue;
    for (const product of opportunity.products) if (!byId.has(product.id)) byId.set(product.id, product);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The spiffs a sale could earn: each active opportunity's spiff, with the opportunity's products. */
export function spiffCandidates(opportunities: readonly Opportunity[]): SpiffCandidate[] {
  const byId = new Map<string, SpiffCandidate>();
  for (const opportunity of opportunities) {
    const spiff = opportunity.spiff;
    if (!spiff || opportunity.status !== 'active') continue;
    const known = byId.get(spiff.id);
    const productIds = opportunity.products.map((p) => p.id);
    if (known) {
      known.product_ids = [...new Set([...known.product_ids, ...productIds])];
      continue;
    }
    byId.set(spiff.id, {
      spiff_id: spiff.id,
      name: spiff.name,
      incentive_type: spiff.incentive_type,
      incentive_amount: String(spiff.incentive_amount),
      start_date: spiff.start_date,
      end_date: spiff.end_date,
      status: 'active',
      cancelled_on: null,
      product_ids: productIds,
      partner_has_assignment: true,
      // A budgeted spiff previews at most what its fund still holds for the partner (the server decides under its lock).
      ...(spiff.fund && { budget: { available: spiff.fund.remaining.toFixed(2), limited_by: 'budget' as const } }),
    });
  }
  return [...byId.values()];
}

const PRICE = /^\d{1,12}(\.\d{1,2})?$/;

/** The preview for a draft, or null while the draft is not a complete sale yet. */
export function previewSale(draft: SaleDraft, opportunities: readonly Opportunity[]): SaleCommission | null {
  const product = sellableProducts(opportunities).find((p) => p.id === draft.product_id);
  const quantity = Number(draft.quantity);
  if (!product || !Number.isInteger(quantity) || quantity < 1 || !PRICE.test(draft.unit_price.trim()) || !parseCalendarDate(draft.sale_date)) return null;
  const unitPrice = new Decimal(draft.unit_price.trim());
  const payload: SaleLoggedPayload = {
    sale_id: 'preview',
    partner_id: 'preview',
    partner_name: '',
    // Not shown by the preview: the opportunity's rate is already this partner's tier's.
    tier: '' as PartnerTier,
    product_id: product.id,
    product_name: product.name,
    quantity,
    unit_price: unitPrice.toFixed(2),
    revenue: unitPrice.times(quantity).toFixed(2),
    sale_date: draft.sale_date,
    invoice_number: null,
    commission_rate: String(product.commission_rate),
    spiff_candidates: spiffCandidates(opportunities),
    assignment_ids: [],
    logged_by: 'preview',
    logged_at: '',
  };
  return calculateSaleCommission(payload);
}

import type { PartnerTier } from './partners';

/** Percent per tier, e.g. `{ gold: 12, platinum: 15 }`; a tier not listed uses `commission_rate`. */
export type TierRates = Partial<Record<PartnerTier, number>>;

export interface ProductView {
  id: string;
  name: string;
  sku: string;
  commission_rate: number;
  commission_rates: TierRates;
  created_at: string;
}

/** Payload of `product.*` events. */
export type ProductSnapshot = Omit<ProductView, 'created_at'>;

export interface CreateProductCommand {
  name: string;
  sku: string;
  commission_rate: number;
  commission_rates?: TierRates;
}

/** The commission percent a partner of `tier` earns on a product. */
export function commissionRateForTier(
  product: Pick<ProductSnapshot, 'commission_rate' | 'commission_rates'>,
  tier: PartnerTier,
): number {
  return product.commission_rates[tier] ?? product.commission_rate;
}

import { commissionRateForTier } from '@spiffworks/contracts';
import type { Opportunity, PartnerTier, ProductSnapshot } from '@spiffworks/contracts';
import { decimalToNumber } from '@spiffworks/persistence';
import type { SpiffTerms } from '../replicas/spiff-terms.entity';
import type { Assignment } from './assignment.entity';

type RatedProduct = Pick<ProductSnapshot, 'id' | 'name' | 'sku' | 'commission_rate' | 'commission_rates'>;

/** The seed's opportunity shape: the assignment, its spiff's terms, each product at the partner's rate. */
export function toOpportunity(
  assignment: Assignment,
  spiff: SpiffTerms | undefined,
  products: Map<string, RatedProduct>,
  tier: PartnerTier,
  funds: Map<string, { remaining: number; exhausted: boolean }> = new Map(),
): Opportunity {
  return {
    assignment_id: assignment.id,
    assignment_type: assignment.assignment_type,
    spiff: spiff
      ? {
          id: spiff.id,
          name: spiff.name,
          description: spiff.description,
          incentive_amount: decimalToNumber(spiff.incentive_amount),
          incentive_type: spiff.incentive_type,
          start_date: spiff.start_date,
          end_date: spiff.end_date,
          fund: funds.get(spiff.id) ?? null,
        }
      : null,
    products: assignment.product_ids.flatMap((id) => {
      const product = products.get(id);
      if (!product) return [];
      return [{ id, name: product.name, sku: product.sku, commission_rate: commissionRateForTier(product, tier) }];
    }),
    target_quantity: assignment.target_quantity,
    actual_quantity: assignment.actual_quantity,
    actual_revenue: decimalToNumber(assignment.actual_revenue),
    milestones: assignment.milestones,
    start_date: assignment.start_date,
    end_date: assignment.end_date,
    status: assignment.status,
  };
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LogSaleCommand, PartnerStatus, PartnerTier, SpiffCandidate, TierRates } from '@spiffworks/contracts';

/** What a sale's facts need from fulfillment's replicas. */
export interface SaleContext {
  partner: { id: string; name: string; tier: PartnerTier; status: PartnerStatus } | null;
  product: { id: string; name: string; commission_rate: number; commission_rates: TierRates } | null;
  /** Spiffs on the product that run on the sale date or that the partner is assigned to: the ones the ledger weighs. */
  spiffs: SpiffCandidate[];
}

/**
 * Reads a sale's context across `partner_directory`, `catalog_products`, `spiff_terms` and
 * `assignments` in one round trip: the sale path's hottest read.
 */
@Injectable()
export class SaleContextRepository {
  async read(manager: EntityManager, command: LogSaleCommand): Promise<SaleContext> {
    const [row]: SaleContext[] = await manager.query(
      // Closed assignments count: only a cancellation closes them, and the cancellation date decides.
      `SELECT
         (SELECT row_to_json(p) FROM (SELECT id, name, tier, status FROM partner_directory WHERE id = $1) p) AS partner,
         (SELECT row_to_json(c) FROM (
            SELECT id, name, commission_rate::float8 AS commission_rate, commission_rates FROM catalog_products WHERE id = $2) c) AS product,
         (SELECT coalesce(json_agg(s ORDER BY s.created_at, s.spiff_id), '[]'::json) FROM (
            SELECT s.id AS spiff_id, s.name, s.incentive_type, s.incentive_amount::text AS incentive_amount,
                   s.start_date::text AS start_date, s.end_date::text AS end_date, s.status, s.cancelled_on::text AS cancelled_on,
                   s.product_ids, s.created_at,
                   EXISTS (SELECT 1 FROM assignments a WHERE a.partner_id = $1 AND a.spiff_id = s.id) AS partner_has_assignment
            FROM spiff_terms s
            WHERE $2 = ANY (s.product_ids)
              AND ((s.start_date <= $3 AND s.end_date >= $3)
                   OR EXISTS (SELECT 1 FROM assignments a WHERE a.partner_id = $1 AND a.spiff_id = s.id))) s) AS spiffs`,
      [command.partner_id, command.product_id, command.sale_date],
    );
    return { ...row, spiffs: row.spiffs.map(({ created_at: _created, ...spiff }: SpiffCandidate & { created_at?: string }) => spiff) };
  }
}

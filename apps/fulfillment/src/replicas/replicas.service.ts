import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PartnerSnapshot, ProductSnapshot, SpiffSnapshot } from '@spiffworks/contracts';
import { numberToDecimal } from '@spiffworks/persistence';

/** Keeps fulfillment's copies of partners, products and spiffs current from their events. */
@Injectable()
export class ReplicasService {
  /** Applies a partner snapshot unless a newer one is already here; true when it changed anything. */
  async upsertPartner(manager: EntityManager, p: PartnerSnapshot): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO partner_directory (id, name, tier, status, version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, tier = EXCLUDED.tier,
         status = EXCLUDED.status, version = EXCLUDED.version
       WHERE partner_directory.version < EXCLUDED.version
       RETURNING id`,
      [p.id, p.name, p.tier, p.status, p.version],
    );
    return rows.length > 0;
  }

  async upsertProduct(manager: EntityManager, p: ProductSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO catalog_products (id, name, sku, commission_rate, commission_rates) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, sku = EXCLUDED.sku,
         commission_rate = EXCLUDED.commission_rate, commission_rates = EXCLUDED.commission_rates`,
      [p.id, p.name, p.sku, numberToDecimal(p.commission_rate), JSON.stringify(p.commission_rates)],
    );
  }

  /**
   * A spiff only grows (later end, more products and targets) until it is cancelled, for good; so
   * snapshots merge the same whatever order they arrive in.
   */
  async upsertSpiff(manager: EntityManager, s: SpiffSnapshot, createdAt: string): Promise<void> {
    await manager.query(
      `INSERT INTO spiff_terms (id, name, description, product_ids, assignment_type, target_tiers, target_partners,
         incentive_amount, incentive_type, start_date, end_date, status, created_by, created_at, milestones, cancelled_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
         product_ids = ARRAY(SELECT DISTINCT unnest(spiff_terms.product_ids || EXCLUDED.product_ids)),
         target_tiers = ARRAY(SELECT DISTINCT unnest(spiff_terms.target_tiers || EXCLUDED.target_tiers)),
         target_partners = ARRAY(SELECT DISTINCT unnest(spiff_terms.target_partners || EXCLUDED.target_partners)),
         end_date = GREATEST(spiff_terms.end_date, EXCLUDED.end_date),
         status = CASE WHEN spiff_terms.status = 'cancelled' THEN 'cancelled' ELSE EXCLUDED.status END,
         cancelled_on = COALESCE(spiff_terms.cancelled_on, EXCLUDED.cancelled_on)`,
      [
        s.id, s.name, s.description, s.target_products, s.assignment_type, s.target_tiers, s.target_partners,
        numberToDecimal(s.incentive_amount), s.incentive_type, s.start_date, s.end_date, s.status, s.created_by, createdAt,
        JSON.stringify(s.milestones ?? []), s.cancelled_on ?? null,
      ],
    );
  }
}

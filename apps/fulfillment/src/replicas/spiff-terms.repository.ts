import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { SpiffSnapshot } from '@spiffworks/contracts';
import { numberToDecimal } from '@spiffworks/persistence';
import { SpiffTerms } from './spiff-terms.entity';

/** Fulfillment's copy of each spiff's terms and targets (`spiff_terms`). */
@Injectable()
export class SpiffTermsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Merges a snapshot into the stored terms: products and targets are unioned, the end date only
   * moves later, and a cancellation stands for good.
   */
  async upsert(manager: EntityManager, s: SpiffSnapshot, createdAt: string): Promise<void> {
    await manager.query(
      `INSERT INTO spiff_terms (id, name, description, product_ids, assignment_type, target_tiers, target_partners,
         incentive_amount, incentive_type, start_date, end_date, status, created_by, created_at, milestones, cancelled_on, proof_required)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
         product_ids = ARRAY(SELECT DISTINCT unnest(spiff_terms.product_ids || EXCLUDED.product_ids)),
         target_tiers = ARRAY(SELECT DISTINCT unnest(spiff_terms.target_tiers || EXCLUDED.target_tiers)),
         target_partners = ARRAY(SELECT DISTINCT unnest(spiff_terms.target_partners || EXCLUDED.target_partners)),
         end_date = GREATEST(spiff_terms.end_date, EXCLUDED.end_date),
         status = CASE WHEN spiff_terms.status = 'cancelled' THEN 'cancelled' ELSE EXCLUDED.status END,
         cancelled_on = COALESCE(spiff_terms.cancelled_on, EXCLUDED.cancelled_on),
         proof_required = EXCLUDED.proof_required`,
      [
        s.id, s.name, s.description, s.target_products, s.assignment_type, s.target_tiers, s.target_partners,
        numberToDecimal(s.incentive_amount), s.incentive_type, s.start_date, s.end_date, s.status, s.created_by, createdAt,
        JSON.stringify(s.milestones ?? []), s.cancelled_on ?? null, s.proof_required ?? false,
      ],
    );
  }

  exists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.getRepository(SpiffTerms).existsBy({ id });
  }

  /** Every spiff not cancelled, whatever its dates, read inside the transaction. */
  active(manager: EntityManager): Promise<SpiffTerms[]> {
    return manager.getRepository(SpiffTerms).find({ where: { status: 'active' } });
  }

  byIds(ids: string[]): Promise<SpiffTerms[]> {
    return this.dataSource.getRepository(SpiffTerms).findBy({ id: In(ids) });
  }

  namesByIds(ids: string[]): Promise<Array<Pick<SpiffTerms, 'id' | 'name'>>> {
    return this.dataSource.getRepository(SpiffTerms).find({ select: { id: true, name: true }, where: { id: In(ids) } });
  }
}

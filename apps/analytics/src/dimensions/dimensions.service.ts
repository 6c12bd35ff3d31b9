import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { DimensionItem, DimensionsQuery, DimensionsView, ProductSnapshot } from '@spiffworks/contracts';

export const DIMENSIONS_DEFAULT_LIMIT = 20;
export const DIMENSIONS_MAX_LIMIT = 50;

/** `%`, `_` and `\` in a search are literal characters, not LIKE wildcards. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The choices of the time-series filters, from analytics' own read models only. */
@Injectable()
export class DimensionsService {
  constructor(private readonly dataSource: DataSource) {}

  /** `product.created`: the product's name (a later snapshot of the same product replaces it). */
  async recordProduct(manager: EntityManager, product: ProductSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO product_names (product_id, name) VALUES ($1, $2)
       ON CONFLICT (product_id) DO UPDATE SET name = EXCLUDED.name`,
      [product.id, product.name],
    );
  }

  /** By name (case-insensitive), a name containing `search` when given; at most `limit`. */
  async dimensions(query: DimensionsQuery): Promise<DimensionsView> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DIMENSIONS_DEFAULT_LIMIT), 1), DIMENSIONS_MAX_LIMIT);
    const pattern = query.search?.trim() ? likePattern(query.search.trim().toLowerCase()) : null;
    const sql = {
      partner: `SELECT partner_id AS id, partner_name AS name, tier, NULL AS start_date, NULL AS end_date
                FROM partner_summaries WHERE partner_name <> '' AND ($1::text IS NULL OR lower(partner_name) LIKE $1)
                ORDER BY lower(partner_name), partner_id LIMIT $2`,
      product: `SELECT product_id AS id, name, NULL AS tier, NULL AS start_date, NULL AS end_date
                FROM product_names WHERE ($1::text IS NULL OR lower(name) LIKE $1)
                ORDER BY lower(name), product_id LIMIT $2`,
      spiff: `SELECT spiff_id AS id, name, NULL AS tier, start_date::text AS start_date, end_date::text AS end_date
              FROM spiff_summaries WHERE name IS NOT NULL AND ($1::text IS NULL OR lower(name) LIKE $1)
              ORDER BY lower(name), spiff_id LIMIT $2`,
    }[query.kind];
    const items: DimensionItem[] = await this.dataSource.query(sql, [pattern, limit]);
    return { kind: query.kind, items };
  }
}

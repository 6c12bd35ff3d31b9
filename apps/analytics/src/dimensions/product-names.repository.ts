import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { DimensionItem, ProductSnapshot } from '@spiffworks/contracts';

/** `product_names`: the name of each product a `product.created` named, for the time-series filters. */
@Injectable()
export class ProductNamesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A later snapshot of the same product replaces its name. */
  async record(manager: EntityManager, product: ProductSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO product_names (product_id, name) VALUES ($1, $2)
       ON CONFLICT (product_id) DO UPDATE SET name = EXCLUDED.name`,
      [product.id, product.name],
    );
  }

  /** Products whose name matches `pattern` (a lower-case LIKE pattern; null: any), by name. */
  dimensionItems(pattern: string | null, limit: number): Promise<DimensionItem[]> {
    return this.dataSource.query(
      `SELECT product_id AS id, name, NULL AS tier, NULL AS start_date, NULL AS end_date
       FROM product_names WHERE ($1::text IS NULL OR lower(name) LIKE $1)
       ORDER BY lower(name), product_id LIMIT $2`,
      [pattern, limit],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { ProductSnapshot } from '@spiffworks/contracts';
import { numberToDecimal } from '@spiffworks/persistence';
import { CatalogProduct } from './catalog-product.entity';

/** Fulfillment's copy of the product catalog (`catalog_products`). */
@Injectable()
export class CatalogProductsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async upsert(manager: EntityManager, p: ProductSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO catalog_products (id, name, sku, commission_rate, commission_rates) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, sku = EXCLUDED.sku,
         commission_rate = EXCLUDED.commission_rate, commission_rates = EXCLUDED.commission_rates`,
      [p.id, p.name, p.sku, numberToDecimal(p.commission_rate), JSON.stringify(p.commission_rates)],
    );
  }

  /** Which of these products are known, read inside the transaction. */
  async knownIds(manager: EntityManager, ids: string[]): Promise<string[]> {
    const known = await manager.getRepository(CatalogProduct).find({ select: { id: true }, where: { id: In(ids) } });
    return known.map((p) => p.id);
  }

  byIds(ids: string[]): Promise<CatalogProduct[]> {
    return this.dataSource.getRepository(CatalogProduct).findBy({ id: In(ids) });
  }

  namesByIds(ids: string[]): Promise<Array<Pick<CatalogProduct, 'id' | 'name'>>> {
    return this.dataSource.getRepository(CatalogProduct).find({ select: { id: true, name: true }, where: { id: In(ids) } });
  }
}

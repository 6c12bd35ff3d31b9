import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Product } from './product.entity';
import { pageOf } from '@spiffworks/persistence';

export type NewProduct = Omit<Product, 'created_at'>;

/** Every statement on `products`. Writes take the transaction's EntityManager. */
@Injectable()
export class ProductsRepository {
  constructor(private readonly dataSource: DataSource) {}

  skuTaken(manager: EntityManager, sku: string): Promise<boolean> {
    return manager.getRepository(Product).existsBy({ sku });
  }

  /** The product as stored (with its creation time). */
  async insert(manager: EntityManager, fields: NewProduct): Promise<Product> {
    const repo = manager.getRepository(Product);
    const product = repo.create(fields);
    await repo.insert(product);
    return repo.findOneByOrFail({ id: product.id });
  }

  findById(id: string): Promise<Product | null> {
    return this.dataSource.getRepository(Product).findOneBy({ id });
  }

  /** Oldest first, and how many there are in all. */
  page(page: number, pageSize: number): Promise<[Product[], number]> {
    return pageOf(this.dataSource.getRepository(Product).createQueryBuilder('p').orderBy('p.created_at', 'ASC').addOrderBy('p.id', 'ASC'), page, pageSize);
  }

  /** The ids among `ids` that name a product. */
  async existingIds(ids: string[]): Promise<string[]> {
    const found = await this.dataSource.getRepository(Product).find({ select: { id: true }, where: { id: In(ids) } });
    return found.map((p) => p.id);
  }
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type { CreateProductCommand, Page, ProductView } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { numberToDecimal } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest } from '@spiffworks/runtime';
import { Product, toProductSnapshot, toProductView } from './product.entity';

@Injectable()
export class ProductsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  create(command: CreateProductCommand, idempotency?: IdempotentRequest): Promise<ProductView> {
    return this.transactions.run(async (tx) => {
      const repo = tx.manager.getRepository(Product);
      const sku = command.sku.trim();
      if (await repo.existsBy({ sku })) throw new ServiceFailure(ErrorCode.PRODUCT_SKU_TAKEN, `a product with sku ${sku} already exists`);
      const rates = Object.fromEntries(
        Object.entries(command.commission_rates ?? {}).map(([tier, rate]) => [tier, numberToDecimal(rate as number)]),
      );
      const product = repo.create({
        id: randomUUID(),
        name: command.name.trim(),
        sku,
        commission_rate: numberToDecimal(command.commission_rate),
        commission_rates: rates,
      });
      await repo.insert(product);
      const saved = await repo.findOneByOrFail({ id: product.id });
      tx.publish(Events.ProductCreated, toProductSnapshot(saved));
      return toProductView(saved);
    }, { idempotency });
  }

  async get(id: string): Promise<ProductView> {
    const product = await this.dataSource.getRepository(Product).findOneBy({ id });
    if (!product) throw ServiceFailure.notFound(ErrorCode.PRODUCT_NOT_FOUND, 'product', id);
    return toProductView(product);
  }

  async list(page: number, pageSize: number): Promise<Page<ProductView>> {
    const [rows, total] = await this.dataSource.getRepository(Product).findAndCount({
      order: { created_at: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(toProductView), total, page, page_size: pageSize };
  }

  /** The ids in `ids` that name no product. */
  async findMissing(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await this.dataSource.getRepository(Product).find({ select: { id: true }, where: { id: In(unique) } });
    const known = new Set(found.map((p) => p.id));
    return unique.filter((id) => !known.has(id));
  }
}

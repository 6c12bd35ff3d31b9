import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Events, ErrorCode } from '@spiffworks/contracts';
import type { CreateProductCommand, Page, ProductView } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';
import { numberToDecimal } from '@spiffworks/persistence';
import { Transactions } from '@spiffworks/runtime';
import type { IdempotentRequest } from '@spiffworks/runtime';
import { toProductSnapshot, toProductView } from './product.entity';
import { ProductsRepository } from './products.repository';

@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly transactions: Transactions,
  ) {}

  create(command: CreateProductCommand, idempotency?: IdempotentRequest): Promise<ProductView> {
    return this.transactions.run(async (tx) => {
      const sku = command.sku.trim();
      if (await this.products.skuTaken(tx.manager, sku)) throw new ServiceFailure(ErrorCode.PRODUCT_SKU_TAKEN, `a product with sku ${sku} already exists`);
      const rates = Object.fromEntries(
        Object.entries(command.commission_rates ?? {}).map(([tier, rate]) => [tier, numberToDecimal(rate as number)]),
      );
      const saved = await this.products.insert(tx.manager, {
        id: randomUUID(),
        name: command.name.trim(),
        sku,
        commission_rate: numberToDecimal(command.commission_rate),
        commission_rates: rates,
      });
      tx.publish(Events.ProductCreated, toProductSnapshot(saved));
      return toProductView(saved);
    }, { idempotency });
  }

  async get(id: string): Promise<ProductView> {
    const product = await this.products.findById(id);
    if (!product) throw ServiceFailure.notFound(ErrorCode.PRODUCT_NOT_FOUND, 'product', id);
    return toProductView(product);
  }

  async list(page: number, pageSize: number): Promise<Page<ProductView>> {
    const [rows, total] = await this.products.page(page, pageSize);
    return { items: rows.map(toProductView), total, page, page_size: pageSize };
  }

  /** The ids in `ids` that name no product. */
  async findMissing(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const known = new Set(await this.products.existingIds(unique));
    return unique.filter((id) => !known.has(id));
  }
}

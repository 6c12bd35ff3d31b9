import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SaleReturn } from './sale-return.entity';

/** Every statement on `sale_returns`. */
@Injectable()
export class SaleReturnsRepository {
  /** Inserts the return and answers it as stored, with the database's timestamp. */
  async insert(manager: EntityManager, saleReturn: Omit<SaleReturn, 'created_at'>): Promise<SaleReturn> {
    const inserted = await manager.getRepository(SaleReturn).createQueryBuilder().insert().values(saleReturn).returning('created_at').execute();
    return { ...saleReturn, created_at: (inserted.raw as Array<{ created_at: Date }>)[0].created_at };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { MySalesQuery } from '@spiffworks/contracts';
import { Sale } from './sale.entity';

/** Every statement on `sales`. */
@Injectable()
export class SalesRepository {
  constructor(private readonly dataSource: DataSource) {}

  invoiceUsed(manager: EntityManager, partnerId: string, invoiceNumber: string): Promise<boolean> {
    return manager.getRepository(Sale).existsBy({ partner_id: partnerId, invoice_number: invoiceNumber });
  }

  /** Inserts the sale and answers it as stored: money at two decimals, the database's timestamp. */
  async insert(manager: EntityManager, values: Omit<Sale, 'created_at'>): Promise<Sale> {
    const repo = manager.getRepository(Sale);
    const sale = repo.create(values);
    const inserted = await repo.createQueryBuilder().insert().values(sale).returning('created_at').execute();
    return { ...sale, created_at: (inserted.raw as Array<{ created_at: Date }>)[0].created_at };
  }

  /** The sale, locked against concurrent returns until the transaction ends. */
  lockForReturn(manager: EntityManager, saleId: string): Promise<Sale | null> {
    return manager.getRepository(Sale).findOne({ where: { id: saleId }, lock: { mode: 'pessimistic_write' } });
  }

  async setReturnedQuantity(manager: EntityManager, saleId: string, returnedQuantity: number): Promise<void> {
    await manager.getRepository(Sale).update({ id: saleId }, { returned_quantity: returnedQuantity });
  }

  /** A page of the partner's sales, newest first. */
  pageOfPartner(partnerId: string, query: MySalesQuery): Promise<[Sale[], number]> {
    return this.dataSource.getRepository(Sale).findAndCount({
      where: { partner_id: partnerId },
      order: { sale_date: 'DESC', created_at: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.page_size,
      take: query.page_size,
    });
  }
}

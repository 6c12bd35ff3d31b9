import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { MySalesQuery } from '@spiffworks/contracts';
import { Sale } from './sale.entity';
import { pageOf } from '@spiffworks/persistence';

/** Every statement on `sales`. */
@Injectable()
export class SalesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the sales in one statement; answers the time they are stored at (the transaction's). */
  async insertMany(manager: EntityManager, sales: Array<Omit<Sale, 'created_at'>>): Promise<Date> {
    const [{ at }]: Array<{ at: Date }> = await manager.query(
      `WITH added AS (
         INSERT INTO sales (id, partner_id, product_id, quantity, unit_price, revenue, sale_date, invoice_number, notes,
                            returned_quantity, assignment_ids, logged_by, created_at)
         SELECT s.id, s.partner_id, s.product_id, s.quantity, s.unit_price, s.revenue, s.sale_date, s.invoice_number, s.notes,
                s.returned_quantity, s.assignment_ids, s.logged_by, now()
         FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, partner_id uuid, product_id uuid, quantity integer, unit_price numeric,
              revenue numeric, sale_date date, invoice_number text, notes text, returned_quantity integer, assignment_ids uuid[], logged_by uuid)
         RETURNING created_at)
       SELECT min(created_at) AS at FROM added`,
      [JSON.stringify(sales)],
    );
    return at;
  }

  /** The partner whose sale it is; null for no such sale. */
  async partnerOf(saleId: string): Promise<string | null> {
    const rows: Array<{ partner_id: string }> = await this.dataSource.query('SELECT partner_id FROM sales WHERE id = $1', [saleId]);
    return rows[0]?.partner_id ?? null;
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
    const sales = this.dataSource.getRepository(Sale).createQueryBuilder('s')
      .where('s.partner_id = :partnerId', { partnerId })
      .orderBy('s.sale_date', 'DESC').addOrderBy('s.created_at', 'DESC').addOrderBy('s.id', 'ASC');
    return pageOf(sales, query.page, query.page_size);
  }
}

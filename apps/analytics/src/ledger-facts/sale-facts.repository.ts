import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SaleLoggedPayload } from '@spiffworks/contracts';

/** What names the daily facts of a sale: its partner, product, tier at the sale, and date. */
export interface SaleKey {
  partner_id: string;
  product_id: string;
  tier: string;
  sale_date: string;
}

/** `sales`: the sales analytics has counted, one row per sale id. */
@Injectable()
export class SaleFactsRepository {
  /** True when the sale is new; false when it was recorded already. */
  async recordOnce(manager: EntityManager, sale: SaleLoggedPayload): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO sales (sale_id, partner_id, product_id, tier, sale_date, quantity, revenue)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sale_id) DO NOTHING RETURNING sale_id`,
      [sale.sale_id, sale.partner_id, sale.product_id, sale.tier, sale.sale_date, sale.quantity, sale.revenue],
    );
    return inserted.length > 0;
  }

  /** Records the sales in one statement; answers the ids of those that were new. */
  async recordAllOnce(manager: EntityManager, sales: SaleLoggedPayload[]): Promise<Set<string>> {
    const inserted: Array<{ sale_id: string }> = await manager.query(
      `INSERT INTO sales (sale_id, partner_id, product_id, tier, sale_date, quantity, revenue)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::int[], $7::numeric[])
       ON CONFLICT (sale_id) DO NOTHING RETURNING sale_id`,
      [
        sales.map((s) => s.sale_id), sales.map((s) => s.partner_id), sales.map((s) => s.product_id), sales.map((s) => s.tier),
        sales.map((s) => s.sale_date), sales.map((s) => s.quantity), sales.map((s) => s.revenue),
      ],
    );
    return new Set(inserted.map((row) => row.sale_id));
  }

  /** The sale's key; undefined while the sale is not recorded. */
  async keyOf(manager: EntityManager, saleId: string): Promise<SaleKey | undefined> {
    const [sale]: SaleKey[] = await manager.query('SELECT partner_id, product_id, tier, sale_date FROM sales WHERE sale_id = $1', [saleId]);
    return sale;
  }
}

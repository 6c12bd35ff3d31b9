import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { SaleLoggedPayload, SalesExportCursor, SalesExportFilters } from '@spiffworks/contracts';
import { eachTextRow } from '@spiffworks/persistence';
import type { TextRow } from '@spiffworks/persistence';

/** What names the daily facts of a sale: its partner, product, tier at the sale, and date. */
export interface SaleKey {
  partner_id: string;
  product_id: string;
  tier: string;
  sale_date: string;
}

/**
 * The sales file's cells (SALES_EXPORT_COLUMNS) as the database writes them: amounts as their
 * numeric text (`2000.00`), the sale date as YYYY-MM-DD; a partner analytics knows by no name
 * (`''` until its snapshot or sale names it) and a line not heard of yet as empty cells. The
 * page's cursor is read off its last row's first two cells.
 */
const EXPORTED_CELLS = [
  's.sale_id', `to_char(s.sale_date, 'YYYY-MM-DD')`, 's.partner_id', `nullif(p.partner_name, '')`, 's.tier', 's.product_id', 'n.name',
  's.quantity', 's.revenue', 'c.commission_amount', 'c.spiff_bonus', 'c.total_commission', 'c.status',
  `(SELECT string_agg(b->>'spiff_id', ' ' ORDER BY b->>'spiff_id') FROM jsonb_array_elements(c.spiff_bonuses) AS b)`,
] as const;

/** `sales`: the sales analytics has counted, one row per sale id. */
@Injectable()
export class SaleFactsRepository {
  constructor(private readonly dataSource: DataSource) {}

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

  /**
   * Up to `limit` sales the filters select after `after`, by (sale_date, sale_id), each with its
   * partner's and product's names and its ledger line (the `kind = 'sale'` line: one per sale),
   * handed to `take` one by one as they arrive, as the file's cells in its order (see
   * `eachTextRow`: nothing of a sale is kept). Resolves with where the page ended, null when empty.
   */
  async exportPage(filters: SalesExportFilters, after: SalesExportCursor | null, limit: number, take: (cells: TextRow) => void): Promise<SalesExportCursor | null> {
    const where: string[] = [];
    const parameters: unknown[] = [];
    const bind = (value: unknown): string => `$${parameters.push(value)}`;
    if (filters.from) where.push(`s.sale_date >= ${bind(filters.from)}::date`);
    if (filters.to) where.push(`s.sale_date <= ${bind(filters.to)}::date`);
    if (filters.partner_id) where.push(`s.partner_id = ${bind(filters.partner_id)}::uuid`);
    if (filters.tier) where.push(`s.tier = ${bind(filters.tier)}`);
    if (filters.product_id) where.push(`s.product_id = ${bind(filters.product_id)}::uuid`);
    if (filters.spiff_id) where.push(`c.spiff_bonuses @> jsonb_build_array(jsonb_build_object('spiff_id', ${bind(filters.spiff_id)}::text))`);
    if (after) where.push(`(s.sale_date, s.sale_id) > (${bind(after.sale_date)}::date, ${bind(after.sale_id)}::uuid)`);
    const sql = `
      SELECT ${EXPORTED_CELLS.join(', ')}
      FROM sales s
      LEFT JOIN commission_lines c ON c.sale_id = s.sale_id AND c.kind = 'sale'
      LEFT JOIN partner_summaries p ON p.partner_id = s.partner_id
      LEFT JOIN product_names n ON n.product_id = s.product_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.sale_date, s.sale_id
      LIMIT ${bind(limit)}`;
    let lastDate = '';
    let lastId = '';
    const sales = await eachTextRow(this.dataSource, sql, parameters, (row) => {
      lastId = row[0] as string;
      lastDate = row[1] as string;
      take(row);
    });
    return sales > 0 ? { sale_date: lastDate, sale_id: lastId } : null;
  }
}

import type { Pool } from 'pg';
import { Progress } from '../progress';
import { namedUuid } from '../sql-ids';
import { since } from '../stats';
import { SEEDED_PRODUCTS, SEEDED_SALES, seededAlready, seededSaleProductId, seededSalesParams } from './payout-export-seed';
import type { SaleOwner } from './payout-export-seed';

const CHUNK = 50_000;

export interface FulfillmentSalesSeed {
  /** Sales this call added (0 when an earlier call had seeded them all). */
  sales: number;
  ms: number;
}

/**
 * Up to `count` sales in fulfillment's `sales` table, the same ones `seedLedgerLines` books in the
 * ledger (same n: same sale id, partner, product, quantity, price, date), as the sale path's
 * `SalesRepository.insertMany` writes them: every column, an invoice number (unique per partner),
 * nothing returned, `created_at` a second before the ledger booked the line, `logged_by` the
 * partner's user (the owner's own for its sales). The sales count toward no assignment
 * (`assignment_ids` empty): progress and funds are not what the screens read. The products go into
 * fulfillment's catalog replica too, so "my sales" names them. Sales an earlier call seeded count.
 */
export async function seedFulfillmentSales(
  db: Pool, namespace: string, count: number, directoryPartners: number, owner?: SaleOwner & { userId: string },
): Promise<FulfillmentSalesSeed> {
  const start = performance.now();
  await db.query(
    `INSERT INTO catalog_products (id, name, sku, commission_rate, commission_rates)
     SELECT ${seededSaleProductId('n')}, 'Bench product ' || n, 'BENCH-P' || n, 10, '{"gold": 12, "platinum": 15}'
     FROM generate_series(0, ${SEEDED_PRODUCTS - 1}) n ON CONFLICT (id) DO NOTHING`,
  );
  const already = await seededAlready(db, 'sales');
  const progress = new Progress(`fulfillment: seed ${count} sales (${already} already)`, Math.max(0, count - already));
  try {
    for (let from = already; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK) - 1;
      await db.query(INSERT_SALES, [...seededSalesParams(from, to, namespace, directoryPartners, count, owner), owner?.userId ?? null]);
      progress.set(to + 1 - already);
    }
  } finally {
    progress.done();
  }
  if (count > already) await db.query('ANALYZE sales');
  return { sales: Math.max(0, count - already), ms: Math.round(since(start)) };
}

const INSERT_SALES = `
  WITH ${SEEDED_SALES}
  INSERT INTO sales (id, partner_id, product_id, quantity, unit_price, revenue, sale_date, invoice_number, notes,
                     returned_quantity, assignment_ids, logged_by, created_at)
  SELECT sale_id, partner_id, product_id, quantity, unit_price, revenue, booked_at::date, 'BENCH-' || n, NULL,
    0, '{}', CASE WHEN owned THEN $10::uuid ELSE ${namedUuid(`$3 || ':user:' || partner_n`)} END, booked_at - interval '1 second'
  FROM priced`;

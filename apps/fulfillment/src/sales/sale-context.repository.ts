import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LogSaleCommand } from '@spiffworks/contracts';
import type { SaleBook } from './sale-rule';

/** What the sale rule reads from the replicas and `sales` for a batch; the assignments it locked come with it. */
export type SaleReplicasRead = Pick<SaleBook, 'partners' | 'products' | 'spiffs' | 'invoicesUsed'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The distinct ids the sales name that can be looked up (an id that is no UUID names nothing). */
export function idsOf(commands: LogSaleCommand[], key: 'partner_id' | 'product_id'): string[] {
  return [...new Set(commands.map((c) => c[key]))].filter((id) => UUID.test(id));
}

/**
 * Reads a batch of sales' context across `partner_directory`, `catalog_products`, `spiff_terms`,
 * `assignments` and `sales` in one round trip: the sale path's hottest read. It runs after the
 * assignments are locked, so a spiff update that extended them has committed its terms too.
 */
@Injectable()
export class SaleContextRepository {
  async read(manager: EntityManager, commands: LogSaleCommand[]): Promise<SaleReplicasRead> {
    const partnerIds = idsOf(commands, 'partner_id');
    const productIds = idsOf(commands, 'product_id');
    const dates = commands.map((c) => c.sale_date).sort();
    const invoiced = commands.filter((c) => c.invoice_number?.trim());
    const [row] = await manager.query(
      `SELECT
         (SELECT coalesce(json_agg(p), '[]'::json) FROM (
            SELECT id, name, tier, status FROM partner_directory WHERE id = ANY ($1::uuid[])) p) AS partners,
         (SELECT coalesce(json_agg(c), '[]'::json) FROM (
            SELECT id, name, commission_rate::float8 AS commission_rate, commission_rates FROM catalog_products WHERE id = ANY ($2::uuid[])) c) AS products,
         (SELECT coalesce(json_agg(s ORDER BY s.created_at, s.spiff_id), '[]'::json) FROM (
            SELECT s.id AS spiff_id, s.name, s.incentive_type, s.incentive_amount::text AS incentive_amount,
                   s.start_date::text AS start_date, s.end_date::text AS end_date, s.status, s.cancelled_on::text AS cancelled_on,
                   s.product_ids, s.proof_required, s.created_at,
                   ARRAY(SELECT DISTINCT a.partner_id FROM assignments a WHERE a.spiff_id = s.id AND a.partner_id = ANY ($1::uuid[])) AS assigned_partner_ids
            FROM spiff_terms s
            WHERE s.product_ids && $2::uuid[]
              AND ((s.start_date <= $4::date AND s.end_date >= $3::date)
                   OR EXISTS (SELECT 1 FROM assignments a WHERE a.spiff_id = s.id AND a.partner_id = ANY ($1::uuid[])))) s) AS spiffs,
         (SELECT coalesce(json_agg(i.partner_id || '/' || i.invoice_number), '[]'::json) FROM sales i
            WHERE (i.partner_id, i.invoice_number) IN (SELECT * FROM unnest($5::uuid[], $6::text[]))) AS invoices_used`,
      [
        partnerIds, productIds, dates[0], dates[dates.length - 1],
        invoiced.map((c) => (UUID.test(c.partner_id) ? c.partner_id : null)), invoiced.map((c) => c.invoice_number?.trim()),
      ],
    );
    return {
      partners: new Map(row.partners.map((p: { id: string }) => [p.id, p])),
      products: new Map(row.products.map((p: { id: string }) => [p.id, p])),
      spiffs: row.spiffs.map(({ created_at: _created, ...spiff }: { created_at: string }) => spiff),
      invoicesUsed: new Set(row.invoices_used),
    };
  }
}

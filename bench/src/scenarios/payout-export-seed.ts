import type { Pool } from 'pg';
import { ROUNDING_RULE } from '@spiffworks/commission-rules';
import { scalar } from '../bench-db';
import { Progress } from '../progress';
import { namedUuid } from '../sql-ids';
import { since } from '../stats';

const CHUNK = 50_000;
const DAYS = 365;
/**
 * The ledger books a consumer batch in one transaction, so its lines share that transaction's
 * `now()`. 73 does not divide the export's page of 5,000: pages end inside a batch, where only
 * the id tells lines apart.
 */
const LINES_PER_BOOKING = 73;
export const SEEDED_PRODUCTS = 20;
const SPIFF_BONUS_PER_UNIT = 25;
const SPIFF = namedUuid(`'bench-export-spiff'`);
/** The seeded sales' products (ids derived from names, so every seed and its checks find the same). */
export const seededSaleProductId = (nSql: string): string => namedUuid(`'bench-export-product-' || ${nSql}`);
const SEEDED_PRODUCT_IDS = `ARRAY(SELECT ${seededSaleProductId('p')} FROM generate_series(0, ${SEEDED_PRODUCTS - 1}) p)`;

/**
 * A partner with a login that owns every `every`-th seeded sale (and its line): the portal's
 * measured partner, so "my sales" and "my commissions" page over tens of thousands of its own.
 */
export interface SaleOwner {
  partnerId: string;
  tier: string;
  every: number;
}

export interface LedgerSeed {
  /** Lines this call added (0 when an earlier call had seeded them all). */
  lines: number;
  ms: number;
}

/**
 * The seeded sales, numbered 0 … count-1, as SQL: the same n gives the same sale id, partner,
 * product, quantity, price and booking time in every database that holds the sale (the ledger's
 * line, fulfillment's sale). $1 … $2 are the numbers, $3 the run's namespace, $4 the directory's
 * partner count, $5 the first booking, $6 seconds between bookings, $7/$8/$9 the owner (id, tier,
 * every; 0 for none). Directory partners are `seedPartnerDirectory`'s ids, tiers theirs.
 */
export const SEEDED_SALES = `
  numbered AS (
    SELECT n, 1 + n % $4::int AS partner_n, n % ${SEEDED_PRODUCTS} AS product_n, 1 + n % 4 AS quantity, n % 5 = 0 AS in_spiff,
      $9::int > 0 AND n % greatest($9::int, 1) = 0 AS owned,
      $5::timestamptz + (n / ${LINES_PER_BOOKING}) * make_interval(secs => $6::float8) AS booked_at
    FROM generate_series($1::int, $2::int) AS n
  ), priced AS (
    SELECT *, ${namedUuid(`$3 || ':sale:' || n`)} AS sale_id,
      CASE WHEN owned THEN $7::uuid ELSE ${namedUuid(`$3 || ':partner:' || partner_n`)} END AS partner_id,
      CASE WHEN owned THEN $8::text ELSE (ARRAY['bronze', 'silver', 'gold', 'platinum'])[1 + partner_n % 4] END AS tier,
      ${seededSaleProductId('product_n')} AS product_id,
      (100 + 50 * product_n)::numeric(14,2) AS unit_price,
      (quantity * (100 + 50 * product_n))::numeric(18,2) AS revenue
    FROM numbered
  )`;

/** The parameters of SEEDED_SALES for numbers from … to. */
export function seededSalesParams(from: number, to: number, namespace: string, directoryPartners: number, total: number, owner?: SaleOwner): unknown[] {
  const bookings = Math.max(1, Math.ceil(total / LINES_PER_BOOKING));
  const firstBooking = new Date(Date.now() - DAYS * 86_400_000).toISOString();
  const secondsBetweenBookings = (DAYS * 86_400) / bookings;
  return [from, to, namespace, directoryPartners, firstBooking, secondsBetweenBookings, owner?.partnerId ?? null, owner?.tier ?? null, owner?.every ?? 0];
}

/** How many of the seeded sales a table already holds (their products tell them apart; a sequential scan, fine at 1M). */
export function seededAlready(db: Pool, table: string): Promise<number> {
  return scalar(db, `SELECT count(*) FROM ${table} WHERE product_id = ANY(${SEEDED_PRODUCT_IDS})`);
}

/**
 * Up to `count` sale lines in the commissions database, as the ledger books them from
 * `sale.logged`: every NOT NULL column filled, a trace like the commission rules write, a spiff
 * bonus on every fifth sale, booked evenly over the last year (paid when over 60 days old,
 * approved over 30), each with the status history the ledger records (pending when booked, then
 * approved 30 days later, paid 60 days later). Lines an earlier call seeded count: a second call
 * with the same count adds none. With an owner, every `owner.every`-th line is that partner's.
 * Nothing else knows of these sales unless `seedFulfillmentSales` writes the same ones there.
 */
export async function seedLedgerLines(db: Pool, namespace: string, count: number, directoryPartners: number, owner?: SaleOwner): Promise<LedgerSeed> {
  const start = performance.now();
  const already = await seededAlready(db, 'commission_lines');
  const progress = new Progress(`ledger: seed ${count} lines (${already} already)`, Math.max(0, count - already));
  try {
    for (let from = already; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK) - 1;
      await db.query(INSERT_SALE_LINES, [...seededSalesParams(from, to, namespace, directoryPartners, count, owner), ROUNDING_RULE]);
      progress.set(to + 1 - already);
    }
  } finally {
    progress.done();
  }
  if (count > already) await db.query('ANALYZE commission_lines; ANALYZE commission_status_changes');
  return { lines: Math.max(0, count - already), ms: Math.round(since(start)) };
}

const INSERT_SALE_LINES = `
  WITH ${SEEDED_SALES}, rated AS (
    SELECT *, CASE tier WHEN 'gold' THEN 12 WHEN 'platinum' THEN 15 ELSE 10 END AS rate,
      CASE WHEN in_spiff THEN ${SPIFF_BONUS_PER_UNIT} * quantity ELSE 0 END::numeric(18,2) AS bonus,
      CASE WHEN booked_at < now() - interval '60 days' THEN 'paid' WHEN booked_at < now() - interval '30 days' THEN 'approved' ELSE 'pending' END AS status
    FROM priced
  ), booked AS (
    INSERT INTO commission_lines (id, kind, partner_id, sale_id, product_id, tier, sale_date, revenue, commission_amount, spiff_bonus,
      reward_amount, total_commission, spiffs_applied, spiff_ids, status, payout_reference, trace, invoice_number, invoice_key, created_at, updated_at)
    SELECT gen_random_uuid(), 'sale', partner_id, sale_id, product_id, tier, booked_at::date, revenue, round(revenue * rate / 100, 2), bonus, 0,
      round(revenue * rate / 100, 2) + bonus,
      CASE WHEN in_spiff THEN jsonb_build_array(jsonb_build_object('spiff_id', ${SPIFF}, 'name', 'Bench export spiff', 'bonus', bonus::text)) ELSE '[]' END,
      CASE WHEN in_spiff THEN ARRAY[${SPIFF}] ELSE '{}' END,
      status, CASE WHEN status = 'paid' THEN 'PAYOUT-' || to_char(booked_at, 'YYYY-MM') END,
      jsonb_build_object('tier', tier, 'commission_rate', rate::text, 'revenue', revenue::text, 'quantity', quantity,
        'base_exact', trim_scale(revenue * rate / 100)::text, 'rounding', $10::text,
        'spiffs', CASE WHEN in_spiff THEN jsonb_build_array(jsonb_build_object(
          'spiff_id', ${SPIFF}, 'name', 'Bench export spiff', 'applied', true,
          'reason', 'applies: sale inside the period, product in the spiff, partner assigned',
          'incentive_type', 'fixed', 'incentive_amount', '${SPIFF_BONUS_PER_UNIT}.00', 'bonus_exact', (${SPIFF_BONUS_PER_UNIT} * quantity)::text, 'bonus', bonus::text))
        ELSE '[]' END),
      'BENCH-' || n, 'bench' || n,
      booked_at, CASE status WHEN 'paid' THEN booked_at + interval '60 days' WHEN 'approved' THEN booked_at + interval '30 days' ELSE booked_at END
    FROM rated
    RETURNING id, status, created_at
  )
  INSERT INTO commission_status_changes (commission_id, from_status, to_status, reason, changed_by, changed_at)
  SELECT b.id, step.from_status, step.to_status, step.reason, step.changed_by, b.created_at + step.after
  FROM booked b
  CROSS JOIN LATERAL (VALUES
    (0, NULL, 'pending', NULL, NULL::uuid, interval '0'),
    (1, 'pending', 'approved', NULL, ${namedUuid(`$3 || ':bench-admin'`)}, interval '30 days'),
    (2, 'approved', 'paid', NULL, ${namedUuid(`$3 || ':bench-admin'`)}, interval '60 days')
  ) AS step(rank, from_status, to_status, reason, changed_by, after)
  WHERE step.rank <= CASE b.status WHEN 'paid' THEN 2 WHEN 'approved' THEN 1 ELSE 0 END
  ORDER BY b.created_at, b.id, step.rank`;

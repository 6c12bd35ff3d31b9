import type { Pool } from 'pg';
import { ROUNDING_RULE } from '@spiffworks/commission-rules';
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
const SEEDED_PRODUCTS = 20;
const SPIFF_BONUS_PER_UNIT = 25;
const SPIFF = namedUuid(`'bench-export-spiff'`);

export interface LedgerSeed {
  lines: number;
  ms: number;
}

/**
 * `count` sale lines in the commissions database, as the ledger books them from `sale.logged`:
 * every NOT NULL column filled, a trace like the commission rules write, a spiff bonus on every
 * fifth sale, booked evenly over the last year (paid when over 60 days old, approved over 30).
 * Partners are the directory's SQL-seeded ones (`seedPartnerDirectory`'s ids), tiers theirs.
 * Nothing else knows of these sales: the payout file is read from the ledger alone.
 */
export async function seedLedgerLines(db: Pool, namespace: string, count: number, directoryPartners: number): Promise<LedgerSeed> {
  const start = performance.now();
  const bookings = Math.max(1, Math.ceil(count / LINES_PER_BOOKING));
  const firstBooking = new Date(Date.now() - DAYS * 86_400_000).toISOString();
  const secondsBetweenBookings = (DAYS * 86_400) / bookings;
  const progress = new Progress(`export: seed ${count} ledger lines`, count);
  try {
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK) - 1;
      await db.query(INSERT_SALE_LINES, [from, to, namespace, directoryPartners, firstBooking, secondsBetweenBookings, ROUNDING_RULE]);
      progress.set(to + 1);
    }
  } finally {
    progress.done();
  }
  await db.query('ANALYZE commission_lines');
  return { lines: count, ms: Math.round(since(start)) };
}

const INSERT_SALE_LINES = `
  WITH numbered AS (
    SELECT n, 1 + n % $4::int AS partner_n, n % ${SEEDED_PRODUCTS} AS product_n, 1 + n % 4 AS quantity, n % 5 = 0 AS in_spiff,
      $5::timestamptz + (n / ${LINES_PER_BOOKING}) * make_interval(secs => $6::float8) AS booked_at
    FROM generate_series($1::int, $2::int) AS n
  ), priced AS (
    SELECT *, (ARRAY['bronze', 'silver', 'gold', 'platinum'])[1 + partner_n % 4] AS tier,
      (quantity * (100 + 50 * product_n))::numeric(18,2) AS revenue
    FROM numbered
  ), rated AS (
    SELECT *, CASE tier WHEN 'gold' THEN 12 WHEN 'platinum' THEN 15 ELSE 10 END AS rate,
      CASE WHEN in_spiff THEN ${SPIFF_BONUS_PER_UNIT} * quantity ELSE 0 END::numeric(18,2) AS bonus,
      CASE WHEN booked_at < now() - interval '60 days' THEN 'paid' WHEN booked_at < now() - interval '30 days' THEN 'approved' ELSE 'pending' END AS status
    FROM priced
  )
  INSERT INTO commission_lines (id, kind, partner_id, sale_id, product_id, tier, sale_date, revenue, commission_amount, spiff_bonus,
    reward_amount, total_commission, spiffs_applied, spiff_ids, status, payout_reference, trace, created_at, updated_at)
  SELECT gen_random_uuid(), 'sale', ${namedUuid(`$3 || ':partner:' || partner_n`)}, gen_random_uuid(),
    ${namedUuid(`'bench-export-product-' || product_n`)}, tier, booked_at::date, revenue, round(revenue * rate / 100, 2), bonus, 0,
    round(revenue * rate / 100, 2) + bonus,
    CASE WHEN in_spiff THEN jsonb_build_array(jsonb_build_object('spiff_id', ${SPIFF}, 'name', 'Bench export spiff', 'bonus', bonus::text)) ELSE '[]' END,
    CASE WHEN in_spiff THEN ARRAY[${SPIFF}] ELSE '{}' END,
    status, CASE WHEN status = 'paid' THEN 'PAYOUT-' || to_char(booked_at, 'YYYY-MM') END,
    jsonb_build_object('tier', tier, 'commission_rate', rate::text, 'revenue', revenue::text, 'quantity', quantity,
      'base_exact', trim_scale(revenue * rate / 100)::text, 'rounding', $7::text,
      'spiffs', CASE WHEN in_spiff THEN jsonb_build_array(jsonb_build_object(
        'spiff_id', ${SPIFF}, 'name', 'Bench export spiff', 'applied', true,
        'reason', 'applies: sale inside the period, product in the spiff, partner assigned',
        'incentive_type', 'fixed', 'incentive_amount', '${SPIFF_BONUS_PER_UNIT}.00', 'bonus_exact', (${SPIFF_BONUS_PER_UNIT} * quantity)::text, 'bonus', bonus::text))
      ELSE '[]' END),
    booked_at, booked_at
  FROM rated`;

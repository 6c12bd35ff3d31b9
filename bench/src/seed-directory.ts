import type { Pool } from 'pg';
import type { BenchPlatform } from './bench-platform';
import { benchDb } from './bench-db';
import { Progress } from './progress';
import { namedUuid } from './sql-ids';

const CHUNK = 10_000;

/**
 * Approved partners at scale, written the way their events would leave them: the partner in the
 * partners service (version 2: registered, then approved) and the same snapshot in the two
 * replicas that hold partners — fulfillment's directory (what a spiff targets) and analytics'
 * partner summaries. Through the API the platform onboards partners one request at a time
 * (bcrypt-free create + approve, two events each); 100,000 that way would take the bench tens of
 * minutes, and onboarding is not what scenario 1 measures. Ids are uuids derived from the run's
 * namespace and the partner's number (`namedUuid`); tiers cycle bronze, silver, gold, platinum.
 */
export async function seedPartnerDirectory(bench: BenchPlatform, count: number): Promise<void> {
  const dbs = { partners: benchDb(bench.config, 'partners', 1), fulfillment: benchDb(bench.config, 'fulfillment', 1), analytics: benchDb(bench.config, 'analytics', 1) };
  const progress = new Progress('seed: partners (SQL, 3 databases)', count);
  try {
    for (let from = 1; from <= count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK - 1);
      await Promise.all([
        insertChunk(dbs.partners, from, to, bench.config.DATABASE_NAME_PREFIX, `INSERT INTO partners (id, name, tier, status, contact_email, version)
           SELECT id, name, tier, 'approved', 'bench-' || n || '@partners.example', 2 FROM generated`),
        insertChunk(dbs.fulfillment, from, to, bench.config.DATABASE_NAME_PREFIX, `INSERT INTO partner_directory (id, name, tier, status, version)
           SELECT id, name, tier, 'approved', 2 FROM generated`),
        insertChunk(dbs.analytics, from, to, bench.config.DATABASE_NAME_PREFIX, `INSERT INTO partner_summaries (partner_id, partner_name, tier, status, version)
           SELECT id, name, tier, 'approved', 2 FROM generated`),
      ]);
      progress.set(to);
    }
    await Promise.all(Object.values(dbs).map((db) => db.query('ANALYZE')));
  } finally {
    progress.done();
    await Promise.all(Object.values(dbs).map((db) => db.end()));
  }
}

function insertChunk(db: Pool, from: number, to: number, namespace: string, insert: string): Promise<unknown> {
  return db.query(
    `WITH generated AS (
       SELECT n, ${namedUuid(`$3 || ':partner:' || n`)} AS id, 'Bench Partner ' || n AS name,
              (ARRAY['bronze', 'silver', 'gold', 'platinum'])[1 + n % 4] AS tier
       FROM generate_series($1::int, $2::int) AS n)
     ${insert}`,
    [from, to, namespace],
  );
}

import type { DataSource } from 'typeorm';

/** What waits in a service's messaging tables: events not yet published, and dead letters not yet replayed. */
export interface MessagingBacklog {
  outbox_unpublished: number;
  /** Seconds since the oldest unpublished event was written; 0 when none waits. */
  outbox_oldest_age_s: number;
  dead_letters: number;
}

/**
 * Reads the backlog in one round trip: both counts run on partial indexes (`outbox_unpublished`,
 * `delivery_failures_dead`), so the cost follows the rows waiting, not the tables' size.
 */
export async function readMessagingBacklog(dataSource: DataSource): Promise<MessagingBacklog> {
  const [row] = (await dataSource.query(
    `SELECT o.backlog, o.oldest,
            (SELECT count(*)::int FROM delivery_failures WHERE dead_lettered_at IS NOT NULL) AS dead_letters
     FROM (SELECT count(*)::int AS backlog,
                  COALESCE(EXTRACT(EPOCH FROM (now() - min(created_at))), 0)::float8 AS oldest
           FROM outbox WHERE published_at IS NULL) o`,
  )) as Array<{ backlog: number; oldest: number; dead_letters: number }>;
  return {
    outbox_unpublished: Number(row?.backlog ?? 0),
    outbox_oldest_age_s: Math.max(0, Number(row?.oldest ?? 0)),
    dead_letters: Number(row?.dead_letters ?? 0),
  };
}

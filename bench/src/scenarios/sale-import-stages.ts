/**
 * Where a sale import's time went, read from what each service stamped: the import's own times,
 * its sales (a chunk's sales share their transaction's start), each outbox's rows (written,
 * published) and each consumer's inbox (applied), in ms since the upload's first byte.
 */
import type { Pool } from 'pg';
import { Events } from '@spiffworks/contracts';

/** A file's sales go out as sales.logged (a chunk each), their lines as commissions.recorded; the probes count those events and any single ones. */
const SALE_EVENTS = [Events.SaleLogged, Events.SalesLogged];
const LINE_EVENTS = [Events.CommissionRecorded, Events.CommissionsRecorded];

export interface StageWindow {
  /** Rows (or events) it handled. */
  count: number;
  /** First and last, in ms since the upload's first byte. */
  first_ms: number | null;
  last_ms: number | null;
}

export interface DeliveryLag {
  events: number;
  p50_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
}

/**
 * Where the time went, from the databases' timestamps, in ms since the upload's first byte. A
 * row stamped `now()` carries its transaction's start, not its commit: a chunk's sales and events
 * share the chunk's start, and a consumer's lines and inbox rows their batch's.
 */
export interface ImportStages {
  import_opened_ms: number | null;
  weighing: {
    started_ms: number | null;
    /** When the last chunk's transaction started. */
    last_chunk_started_ms: number | null;
    chunks: number;
    rows_per_chunk: number;
    /** From one chunk's start to the next's (the worker takes the next at once): a chunk's transaction, commit included. */
    chunk_ms: { p50: number | null; max: number | null };
    sales: StageWindow;
  };
  fulfillment_relay: {
    events: number;
    last_published_ms: number | null;
    /** Per chunk, from its commit (the next chunk's start) to the last of its events published. */
    after_commit_ms: { p50: number | null; max: number | null };
  };
  ledger_consumer: StageWindow & { delivery_lag: DeliveryLag };
  commissions_relay: { events: number; last_published_ms: number | null; from_batch_start: DeliveryLag };
  analytics_consumer: { sales: StageWindow & { delivery_lag: DeliveryLag }; ledger_lines: StageWindow & { delivery_lag: DeliveryLag } };
}

type Databases = Record<'fulfillment' | 'commissions' | 'analytics', Pool>;

/** The stages of the import `importId` by the partners `partnerIds`, whose upload began at `startedAtEpochMs`. */
export async function stagesOf(dbs: Databases, importId: string, startedAtEpochMs: number, partnerIds: string[]): Promise<ImportStages> {
  const since0 = (epochMs: string | number | null): number | null => (epochMs === null ? null : Math.round(Number(epochMs) - startedAtEpochMs));
  const epoch = (column: string) => `(extract(epoch FROM ${column}) * 1000)::text`;
  const from = new Date(startedAtEpochMs).toISOString();
  /** From the producer's publish to the start of the consumer's transaction that applied the event (inbox ids are event ids). */
  const consumer = async (producer: Pool, consumerDb: Pool, types: string[]) => {
    const published = await producer.query<{ id: string; at: string }>(`SELECT id, ${epoch('published_at')} AS at FROM outbox WHERE routing_key = ANY ($1) AND created_at >= $2 AND published_at IS NOT NULL`, [types, from]);
    const received = await consumerDb.query<{ id: string; at: string }>(`SELECT id, ${epoch('received_at')} AS at FROM inbox WHERE type = ANY ($1) AND received_at >= $2`, [types, from]);
    const publishedAt = new Map(published.rows.map((r) => [r.id, Number(r.at)]));
    const applied = received.rows.filter((r) => publishedAt.has(r.id)).map((r) => ({ at: Number(r.at), lag: Number(r.at) - (publishedAt.get(r.id) as number) }));
    const times = applied.map((a) => a.at);
    return {
      count: applied.length, first_ms: applied.length ? since0(least(times)) : null, last_ms: applied.length ? since0(greatest(times)) : null,
      delivery_lag: lagOf(applied.map((a) => a.lag)),
    };
  };

  const { rows: [saleImport] } = await dbs.fulfillment.query<{ opened: string; started: string | null }>(
    `SELECT ${epoch('created_at')} AS opened, ${epoch('started_at')} AS started FROM sale_imports WHERE id = $1`, [importId]);
  // One row per chunk transaction: its start, its sales, and when the last of its events was published.
  const { rows: chunks } = await dbs.fulfillment.query<{ started: string; sales: string }>(
    `SELECT ${epoch('created_at')} AS started, count(*) AS sales FROM sales WHERE partner_id = ANY ($1) AND created_at >= $2 GROUP BY created_at ORDER BY created_at`,
    [partnerIds, from]);
  const { rows: chunkEvents } = await dbs.fulfillment.query<{ started: string; published: string | null }>(
    `SELECT ${epoch('created_at')} AS started, max(${epoch('published_at')}) AS published FROM outbox WHERE routing_key = ANY ($1) AND created_at >= $2 GROUP BY created_at`,
    [SALE_EVENTS, from]);
  const publishedByChunk = new Map(chunkEvents.map((c) => [c.started, c.published]));
  const starts = chunks.map((c) => Number(c.started));
  const chunkMs = starts.slice(1).map((at, i) => at - starts[i]);
  const afterCommit = chunks.slice(0, -1).flatMap((c, i) => {
    const published = publishedByChunk.get(c.started);
    return published ? [Number(published) - starts[i + 1]] : [];
  });
  const sales = chunks.reduce((n, c) => n + Number(c.sales), 0);
  const { rows: [relayed] } = await dbs.fulfillment.query<{ events: string; last: string | null }>(
    `SELECT count(*) AS events, max(${epoch('published_at')}) AS last FROM outbox WHERE routing_key = ANY ($1) AND created_at >= $2`, [SALE_EVENTS, from]);
  const { rows: ledgerRelay } = await dbs.commissions.query<{ lag: string | null; last: string | null }>(
    `SELECT (extract(epoch FROM published_at - created_at) * 1000)::text AS lag, ${epoch('published_at')} AS last FROM outbox WHERE routing_key = ANY ($1) AND created_at >= $2`,
    [LINE_EVENTS, from]);
  const ledgerPublished = ledgerRelay.flatMap((r) => (r.last === null ? [] : [Number(r.last)]));
  return {
    import_opened_ms: since0(saleImport.opened),
    weighing: {
      started_ms: since0(saleImport.started),
      last_chunk_started_ms: starts.length ? since0(starts[starts.length - 1]) : null,
      chunks: chunks.length,
      rows_per_chunk: chunks.length ? Math.round(sales / chunks.length) : 0,
      chunk_ms: { p50: lagOf(chunkMs).p50_ms, max: lagOf(chunkMs).max_ms },
      sales: { count: sales, first_ms: starts.length ? since0(starts[0]) : null, last_ms: starts.length ? since0(starts[starts.length - 1]) : null },
    },
    fulfillment_relay: { events: Number(relayed.events), last_published_ms: since0(relayed.last), after_commit_ms: { p50: lagOf(afterCommit).p50_ms, max: lagOf(afterCommit).max_ms } },
    ledger_consumer: await consumer(dbs.fulfillment, dbs.commissions, SALE_EVENTS),
    commissions_relay: {
      events: ledgerRelay.length,
      last_published_ms: ledgerPublished.length ? since0(greatest(ledgerPublished)) : null,
      from_batch_start: lagOf(ledgerRelay.flatMap((r) => (r.lag === null ? [] : [Number(r.lag)]))),
    },
    analytics_consumer: {
      sales: await consumer(dbs.fulfillment, dbs.analytics, SALE_EVENTS),
      ledger_lines: await consumer(dbs.commissions, dbs.analytics, LINE_EVENTS),
    },
  };
}

// Not Math.min(...values): a spread of 100,000 arguments can overflow the stack.
const least = (values: number[]): number => values.reduce((a, b) => Math.min(a, b), Infinity);
const greatest = (values: number[]): number => values.reduce((a, b) => Math.max(a, b), -Infinity);

function lagOf(lagsMs: number[]): DeliveryLag {
  const sorted = [...lagsMs].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]) : null);
  return { events: sorted.length, p50_ms: at(0.5), p99_ms: at(0.99), max_ms: at(1) };
}


import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ConsumeMessage } from 'amqplib';
import type { DeadLetterView } from '@spiffworks/contracts';

/** What identifies a delivered message across its attempts: the envelope id when there is one. */
export interface DeliveredMessage {
  id: string;
  eventType: string | null;
  content: string;
}

const MAX_ERROR_LENGTH = 4000;

export function describeDelivery(message: ConsumeMessage): DeliveredMessage {
  const content = message.content.toString('utf8');
  let envelope: { id?: unknown; type?: unknown } | undefined;
  try {
    envelope = (JSON.parse(content) as { data?: { id?: unknown; type?: unknown } })?.data;
  } catch {
    envelope = undefined;
  }
  const id =
    (typeof envelope?.id === 'string' && envelope.id.length <= 200 && envelope.id) ||
    (typeof message.properties.messageId === 'string' && message.properties.messageId.slice(0, 200)) ||
    `sha256:${createHash('sha256').update(message.content).digest('hex')}`;
  const eventType = typeof envelope?.type === 'string' ? envelope.type.slice(0, 100) : message.fields.routingKey || null;
  return { id, eventType, content };
}

/** Records one failed attempt with its error; committed before the message is nacked. */
export async function recordDeliveryFailure(dataSource: DataSource, delivered: DeliveredMessage, error: string): Promise<void> {
  await dataSource.query(
    `INSERT INTO delivery_failures (id, event_type, attempts, last_error, content)
     VALUES ($1, $2, 1, $3, $4)
     ON CONFLICT (id) DO UPDATE SET attempts = delivery_failures.attempts + 1, last_error = EXCLUDED.last_error,
       last_failed_at = now(), content = EXCLUDED.content, dead_lettered_at = NULL`,
    [delivered.id, delivered.eventType, error.slice(0, MAX_ERROR_LENGTH), delivered.content],
  );
}

/** After a success that followed failed attempts, the failure history has no further use. */
export async function clearDeliveryFailures(dataSource: DataSource, id: string): Promise<void> {
  await dataSource.query('DELETE FROM delivery_failures WHERE id = $1 AND dead_lettered_at IS NULL', [id]);
}

/**
 * Files a message the broker dead-lettered: keeps the error its attempts recorded (or the broker's
 * reason when none was recorded, e.g. a message no handler accepts). Idempotent, so a redelivered
 * dead letter files once.
 */
export async function fileDeadLetter(dataSource: DataSource, message: ConsumeMessage): Promise<void> {
  const delivered = describeDelivery(message);
  const death = (message.properties.headers?.['x-death'] as Array<{ reason?: string; count?: number }> | undefined)?.[0];
  const attempts = Number(message.properties.headers?.['x-delivery-count'] ?? death?.count ?? 1);
  const reason = `dead-lettered by the broker (${death?.reason ?? message.properties.headers?.['x-first-death-reason'] ?? 'unknown reason'})`;
  await dataSource.query(
    `INSERT INTO delivery_failures (id, event_type, attempts, last_error, content, dead_lettered_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (id) DO UPDATE SET dead_lettered_at = COALESCE(delivery_failures.dead_lettered_at, now()),
       content = EXCLUDED.content, attempts = GREATEST(delivery_failures.attempts, EXCLUDED.attempts),
       last_error = COALESCE(delivery_failures.last_error, EXCLUDED.last_error)`,
    [delivered.id, delivered.eventType, Number.isFinite(attempts) ? attempts : 1, reason, delivered.content],
  );
}

interface DeadLetterRow {
  id: string;
  event_type: string | null;
  attempts: number;
  last_error: string | null;
  first_failed_at: Date;
  last_failed_at: Date;
  dead_lettered_at: Date;
  content: string;
}

export async function listDeadLetters(dataSource: DataSource, service: string, limit = 500): Promise<{ items: DeadLetterView[]; total: number }> {
  const rows: DeadLetterRow[] = await dataSource.query(
    `SELECT id, event_type, attempts, last_error, first_failed_at, last_failed_at, dead_lettered_at, content
     FROM delivery_failures WHERE dead_lettered_at IS NOT NULL ORDER BY last_failed_at DESC, id LIMIT $1`,
    [limit],
  );
  const [{ count }] = (await dataSource.query(
    'SELECT count(*) FROM delivery_failures WHERE dead_lettered_at IS NOT NULL',
  )) as Array<{ count: string }>;
  return { items: rows.map((row) => toView(service, row)), total: Number(count) };
}

/**
 * Replays one dead letter inside a transaction that holds its row: `republish` (with publisher
 * confirms) runs before the row is deleted, so a crash in between replays it twice at worst, which
 * the inbox makes harmless; two replicas replaying the same id serialize on the row lock and the
 * second finds nothing. Returns false when there is no such dead letter.
 */
export async function replayDeadLetter(
  dataSource: DataSource,
  id: string,
  republish: (content: Buffer, messageId: string) => Promise<void>,
): Promise<boolean> {
  return dataSource.transaction(async (manager: EntityManager) => {
    const rows: Array<{ content: string }> = await manager.query(
      'SELECT content FROM delivery_failures WHERE id = $1 AND dead_lettered_at IS NOT NULL FOR UPDATE',
      [id],
    );
    if (rows.length === 0) return false;
    await republish(Buffer.from(rows[0].content, 'utf8'), id);
    await manager.query('DELETE FROM delivery_failures WHERE id = $1', [id]);
    return true;
  });
}

function toView(service: string, row: DeadLetterRow): DeadLetterView {
  let payload: unknown = row.content;
  try {
    const parsed = JSON.parse(row.content) as { data?: unknown };
    payload = parsed?.data ?? parsed;
  } catch {
    // not JSON: shown as the raw text
  }
  return {
    service,
    id: row.id,
    event_type: row.event_type,
    error: row.last_error,
    attempts: row.attempts,
    first_failed_at: new Date(row.first_failed_at).toISOString(),
    last_failed_at: new Date(row.last_failed_at).toISOString(),
    dead_lettered_at: new Date(row.dead_lettered_at).toISOString(),
    payload,
  };
}

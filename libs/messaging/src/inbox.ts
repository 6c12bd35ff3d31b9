import { runBeforeCommitHooks } from './commit-hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@spiffworks/contracts';

export type InboxOutcome = 'processed' | 'duplicate';

/**
 * Applies an event's effect exactly once: the envelope id is recorded in the same transaction as
 * the effect, so a redelivered event finds its id and changes nothing (it only counts the repeat).
 */
export async function processOnce(
  dataSource: DataSource,
  envelope: EventEnvelope,
  effect: (manager: EntityManager) => Promise<void>,
): Promise<InboxOutcome> {
  const isFirst = await dataSource.transaction(async (manager) => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO inbox (id, type, source) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [envelope.id, envelope.type, envelope.source],
    );
    if (inserted.length === 0) return false;
    await effect(manager);
    await runBeforeCommitHooks(manager);
    return true;
  });
  if (isFirst) return 'processed';
  await dataSource.query('UPDATE inbox SET redeliveries = redeliveries + 1 WHERE id = $1', [envelope.id]);
  return 'duplicate';
}

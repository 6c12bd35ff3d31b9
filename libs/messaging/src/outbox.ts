import { beforeCommit } from './commit-hooks';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@spiffworks/contracts';

/**
 * Adds events to the outbox inside the caller's transaction: they are published if, and only if,
 * the state change they describe commits.
 */
export async function appendToOutbox(manager: EntityManager, envelopes: EventEnvelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  await manager.query(
    `INSERT INTO outbox (id, routing_key, envelope)
     SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::jsonb[])`,
    [
      envelopes.map((e) => e.id),
      envelopes.map((e) => e.type),
      envelopes.map((e) => JSON.stringify(e)),
    ],
  );
}

const heldForOutbox = new WeakMap<EntityManager, EventEnvelope[]>();

/**
 * Like `appendToOutbox`, but written once, just before the transaction commits, with the events of
 * every other effect in it: a batch of consumed events adds its outbox rows in one insert.
 */
export function appendToOutboxBeforeCommit(manager: EntityManager, envelopes: EventEnvelope[]): void {
  if (envelopes.length === 0) return;
  const held = heldForOutbox.get(manager);
  if (held) {
    held.push(...envelopes);
    return;
  }
  heldForOutbox.set(manager, [...envelopes]);
  beforeCommit(manager, () => {
    const all = heldForOutbox.get(manager) ?? [];
    heldForOutbox.delete(manager);
    return appendToOutbox(manager, all);
  });
}

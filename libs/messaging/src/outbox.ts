import { beforeCommit } from './commit-hooks';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@spiffworks/contracts';

/** Envelopes per insert statement: three parameters each, well inside PostgreSQL's 65,535. */
const ENVELOPES_PER_INSERT = 1_000;

/**
 * Adds events to the outbox inside the caller's transaction: they are published if, and only if,
 * the state change they describe commits. Each envelope is a parameter of its own, not an element
 * of an array literal: a chunk of a file carries megabytes of events, and escaping them into one
 * array (every quote of the JSON) and parsing it back cost more than the insert itself.
 */
export async function appendToOutbox(manager: EntityManager, envelopes: EventEnvelope[]): Promise<void> {
  for (let start = 0; start < envelopes.length; start += ENVELOPES_PER_INSERT) {
    const some = envelopes.slice(start, start + ENVELOPES_PER_INSERT);
    await manager.query(
      `INSERT INTO outbox (id, routing_key, envelope) VALUES ${some.map((_, i) => `($${3 * i + 1}::uuid, $${3 * i + 2}, $${3 * i + 3}::jsonb)`).join(', ')}`,
      some.flatMap((e) => [e.id, e.type, JSON.stringify(e)]),
    );
  }
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

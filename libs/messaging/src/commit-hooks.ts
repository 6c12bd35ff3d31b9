import type { EntityManager } from 'typeorm';

const hooks = new WeakMap<EntityManager, Array<() => Promise<void>>>();

/**
 * Asks for `hook` to run at the end of the transaction `manager` belongs to, after all its work
 * and before it commits — e.g. to write once what many events of a batch added up. The
 * transactions of the inbox (`InboxBatcher`) and of the runtime's `Transactions` run the hooks.
 */
export function beforeCommit(manager: EntityManager, hook: () => Promise<void>): void {
  // Outside a transaction nothing would ever run the hook: what it holds would be lost silently.
  if (!manager.queryRunner?.isTransactionActive) throw new Error('beforeCommit needs a manager inside a transaction');
  const registered = hooks.get(manager);
  if (registered) registered.push(hook);
  else hooks.set(manager, [hook]);
}

/** Runs (in registration order) and forgets the hooks registered on this transaction. */
export async function runBeforeCommitHooks(manager: EntityManager): Promise<void> {
  for (;;) {
    const registered = hooks.get(manager);
    if (!registered?.length) return;
    hooks.delete(manager);
    for (const hook of registered) await hook();
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<string>();

/** Runs `work` with a correlation id that every log line and published event picks up. */
export function runWithCorrelation<T>(correlationId: string | undefined, work: () => T): T {
  return storage.run(correlationId || randomUUID(), work);
}

export function currentCorrelationId(): string {
  return storage.getStore() ?? randomUUID();
}

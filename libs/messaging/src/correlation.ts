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

/** The correlation id of the work running now, if any (log lines carry it; never invents one). */
export function activeCorrelationId(): string | undefined {
  return storage.getStore();
}

/** The longest correlation id taken from a caller (the gateway's `X-Request-Id` header). */
export const MAX_CORRELATION_ID_LENGTH = 100;

/** A caller's request id we can carry and log as it is: 1 to 100 of `A-Z a-z 0-9 - _ . : / + = @`. */
export function isSaneCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_CORRELATION_ID_LENGTH && /^[A-Za-z0-9._:/+=@-]+$/.test(value);
}

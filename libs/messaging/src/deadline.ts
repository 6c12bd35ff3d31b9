import { AsyncLocalStorage } from 'node:async_hooks';
import { ErrorCode } from '@spiffworks/contracts';
import { ServiceFailure } from './service-errors';

/**
 * The deadline of the RPC request being handled (epoch ms, the caller's clock): the caller answers
 * 503 at that moment, so nothing it asked for may start or commit later. Set for a request's
 * handler by `MessageContextInterceptor`; absent for events, timers and start-up work.
 */
const storage = new AsyncLocalStorage<number>();

export function runWithDeadline<T>(deadlineAt: number | undefined, work: () => T): T {
  return deadlineAt === undefined ? work() : storage.run(deadlineAt, work);
}

export function currentDeadline(): number | undefined {
  return storage.getStore();
}

/** A request's deadline, when it carries a usable one. */
export function deadlineOf(request: unknown): number | undefined {
  const value = (request as { deadline_at?: unknown } | null | undefined)?.deadline_at;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function requestExpired(deadlineAt: number, pattern: string): ServiceFailure {
  return new ServiceFailure(ErrorCode.REQUEST_EXPIRED, `${pattern} arrived after its deadline (${new Date(deadlineAt).toISOString()}); nothing was done`);
}

/**
 * Throws REQUEST_EXPIRED when the request being handled is past its deadline. `Transactions.run`
 * calls it just before committing: a handler that started in time but ran past the caller's 503
 * rolls back instead of carrying the command out after the caller was told it failed.
 */
export function assertBeforeDeadline(what = 'the request'): void {
  const deadlineAt = currentDeadline();
  if (deadlineAt !== undefined && Date.now() >= deadlineAt) throw requestExpired(deadlineAt, what);
}

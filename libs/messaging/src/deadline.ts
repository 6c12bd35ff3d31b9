import { AsyncLocalStorage } from 'node:async_hooks';
import { ErrorCode } from '@spiffworks/contracts';
import { ServiceFailure } from './service-errors';

/**
 * The deadline of the RPC request being handled (epoch ms, the caller's clock): the caller's
 * timeout less its margin (`deadlineMargin`), so nothing it asked for may start or commit later,
 * and what commits just before it still reaches the caller before its 503. Set for a request's
 * handler by `MessageContextInterceptor`; absent for events, timers and start-up work.
 */
const storage = new AsyncLocalStorage<number>();

export function runWithDeadline<T>(deadlineAt: number | undefined, work: () => T): T {
  return deadlineAt === undefined ? work() : storage.run(deadlineAt, work);
}

/** Runs `work` outside any request's deadline: work done for many requests at once checks each one's itself. */
export function runWithoutDeadline<T>(work: () => T): T {
  return storage.exit(work);
}

export function currentDeadline(): number | undefined {
  return storage.getStore();
}

/** The smallest default margin, and the default's share of the timeout (see `deadlineMargin`). */
export const MIN_DEFAULT_DEADLINE_MARGIN_MS = 500;
export const DEFAULT_DEADLINE_MARGIN_SHARE = 0.1;

/**
 * How long before its own timeout a caller tells the service to stop (`deadline_at = now + timeout
 * − margin`, TTL = timeout − margin). The service's last check comes before its COMMIT: the commit
 * itself, the reply's trip back and the clocks' skew all fall after it, and they must fit in the
 * margin, or a command could commit after its caller had answered 503. `configured`
 * (`RPC_DEADLINE_MARGIN_MS`) when given; else max(500 ms, 10 % of the timeout). Never more than
 * half the timeout, so a short timeout still leaves the service time to work.
 */
export function deadlineMargin(timeoutMs: number, configured?: number): number {
  const margin = configured ?? Math.max(MIN_DEFAULT_DEADLINE_MARGIN_MS, Math.ceil(timeoutMs * DEFAULT_DEADLINE_MARGIN_SHARE));
  return Math.max(0, Math.min(margin, Math.floor(timeoutMs / 2)));
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

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'NOT_READY_YET',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/**
 * Thrown by a consumer whose event depends on another one not applied yet (events of different
 * kinds may be handled out of order): the delivery is retried later without spending an attempt.
 */
export class NotReadyYet extends Error {
  readonly code = 'NOT_READY_YET';
}

/** True when retrying the same work later can succeed: a connection or a lock, not the data. */
export function isTransientFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && /Connection terminated|connection is closed|timeout exceeded when trying to connect/i.test(message);
}

/** The header a client sends on a POST that creates something, so that a retry creates nothing. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

/** 1 to 200 visible ASCII characters (`!` to `~`): no spaces, no control or non-ASCII characters. */
export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= IDEMPOTENCY_KEY_MAX_LENGTH && /^[\x21-\x7e]+$/.test(value);
}

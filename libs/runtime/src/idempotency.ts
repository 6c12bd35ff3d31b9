import { createHmac } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_HEADER, isIdempotencyKey, ErrorCode } from '@spiffworks/contracts';
import type { RpcRequest } from '@spiffworks/contracts';
import { ServiceFailure } from '@spiffworks/messaging';

/**
 * A creating command sent with an `Idempotency-Key`: the key, whose it is, and the request it
 * names. Built by a handler with `idempotencyOf` and passed to `Transactions.run`.
 */
export interface IdempotentRequest {
  key: string;
  /** The caller (user id): two callers' keys never meet. */
  scope: string;
  /** The RPC pattern: the same key on another command is another request. */
  operation: string;
  body: unknown;
}

/** The request's idempotency, or undefined when the caller sent no key. */
export function idempotencyOf(request: RpcRequest, operation: string): IdempotentRequest | undefined {
  const key = request.idempotency_key;
  if (key === undefined) return undefined;
  if (!isIdempotencyKey(key)) {
    throw ServiceFailure.invalid([{ field: IDEMPOTENCY_KEY_HEADER, reason: 'must be 1 to 200 visible ASCII characters' }]);
  }
  return { key, scope: request.actor?.user_id ?? 'anonymous', operation, body: request.body };
}

/**
 * JSON with object keys sorted (by UTF-16 code unit) at every depth and nothing but the data:
 * equal for two bodies exactly when they mean the same JSON. Follows JSON.stringify for the rest
 * (undefined members dropped, undefined in arrays and non-finite numbers as null, toJSON honoured).
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const toJson = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') return canonicalJson(toJson.call(value));
    if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((name) => isJsonValue(record[name]))
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson(record[name])}`);
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'bigint') throw new TypeError('a bigint has no JSON form');
  return isJsonValue(value) ? JSON.stringify(value) : 'null';
}

function isJsonValue(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/**
 * What a key's record holds of its request: an HMAC-SHA256 (hex) of the operation and the
 * canonical body. Keyed, because bodies may carry passwords: the table alone reveals nothing.
 */
export function requestFingerprint(secret: string | Buffer, operation: string, body: unknown): string {
  return createHmac('sha256', secret).update(`${operation}\n${canonicalJson(body)}`).digest('hex');
}

/** The fingerprint key of a service, derived from a platform secret (so never stored anywhere). */
export function fingerprintSecret(platformSecret: string): Buffer {
  return createHmac('sha256', platformSecret).update('spiffworks/idempotency-fingerprint').digest();
}

export interface IdempotencyClaim {
  scope: string;
  key: string;
  fingerprint: string;
}

/**
 * Claims the key inside the caller's transaction. Null: it is new, do the work. Otherwise the
 * first request's response to answer again. A concurrent first request holding the key makes the
 * insert wait until it commits (then replay) or rolls back (then this one claims it).
 * The same key with another request is a 422.
 */
export async function claimIdempotencyKey(manager: EntityManager, claim: IdempotencyClaim): Promise<{ response: unknown } | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [claim.scope, claim.key, claim.fingerprint],
    );
    if (inserted.length) return null;
    const [prior]: Array<{ fingerprint: string; response: unknown }> = await manager.query(
      'SELECT fingerprint, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [claim.scope, claim.key],
    );
    if (!prior) continue; // removed in between: claim it again
    if (prior.fingerprint !== claim.fingerprint) {
      throw new ServiceFailure(ErrorCode.IDEMPOTENCY_KEY_REUSED, `${IDEMPOTENCY_KEY_HEADER} ${claim.key} was already used with a different request`);
    }
    return { response: prior.response };
  }
  throw new ServiceFailure(ErrorCode.IDEMPOTENCY_KEY_IN_USE, `${IDEMPOTENCY_KEY_HEADER} ${claim.key} is in use; try again`);
}

/** Gives a key claimed in this transaction back, for a request refused in a batch that commits. */
export async function releaseIdempotencyKey(manager: EntityManager, claim: IdempotencyClaim): Promise<void> {
  await manager.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response IS NULL', [claim.scope, claim.key]);
}

/** Stores the response with the claimed key, in the same transaction; answers its JSON form. */
export async function recordIdempotentResponse<T>(manager: EntityManager, claim: IdempotencyClaim, response: T): Promise<T> {
  const json = JSON.stringify(response) ?? 'null';
  await manager.query('UPDATE idempotency_keys SET response = $3::json WHERE scope = $1 AND key = $2', [claim.scope, claim.key, json]);
  return JSON.parse(json) as T;
}

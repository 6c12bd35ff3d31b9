import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type Redis from 'ioredis';

/**
 * The counters behind the login limits, kept per fixed window:
 * - `addr`: failed logins from one client address, whatever the account (a password spray from one
 *   place, 25 emails from one address);
 * - `pair`: failed logins on one account from one address (guessing one password);
 * - `acct`: failed logins on one account from every address (a spread-out guess), a much higher
 *   ceiling.
 * From an address the account signed in from recently (`known`) only the pair limit applies: neither
 * strangers failing on her account elsewhere (`acct`) nor others behind her address — one office
 * NAT or CGNAT — spraying random emails (`addr`) lock the real user out of her usual address, and
 * guessing her password from there is still stopped by the pair limit (a success clears it).
 * An attempt is counted when it starts (so parallel guesses cannot all slip under the limit) and
 * given back when it turns out not to be a failure; a success also clears its (account, address)
 * pair and marks the address known to the account.
 */
export interface LoginLimits {
  perAccountAddress: number;
  perAddress: number;
  perAccount: number;
  windowMs: number;
  knownAddressMs: number;
}

export type LimitName = 'address' | 'account_address' | 'account';
const LIMIT_NAMES: LimitName[] = ['address', 'account_address', 'account'];

export type Reservation = { allowed: true } | { allowed: false; retryAfterMs: number; limit: LimitName };

/** The attempt's outcome: `failed` keeps it counted, `succeeded` and `refund` give it back. */
export type LoginOutcome = 'failed' | 'succeeded' | 'refund';

/** Keys of one attempt: [address, account+address, account, known account+address]. */
export type LoginKeys = readonly [string, string, string, string];

export interface LoginCounters {
  reserve(keys: LoginKeys, limits: LoginLimits): Promise<Reservation>;
  settle(keys: LoginKeys, outcome: LoginOutcome, limits: LoginLimits): Promise<void>;
}

/**
 * The client address as a counter key: IPv4 as is (also when IPv4-mapped), IPv6 by its /64, the
 * block one subscriber gets (one attacker has 2^64 addresses in it, not one).
 */
export function addressKey(ip: string | undefined): string {
  let address = (ip ?? '').trim();
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) address = address.slice(7);
  if (isIP(address) === 4) return address;
  if (isIP(address) !== 6) return address ? `other:${address.slice(0, 64)}` : 'unknown';
  const zoneless = address.split('%')[0].toLowerCase();
  const [head, tail = ''] = zoneless.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = zoneless.includes('::') ? (tail ? tail.split(':') : []) : [];
  // An embedded IPv4 tail (::1.2.3.4) is two groups; only the first four groups matter here.
  const groups = [...headParts, ...Array(Math.max(0, 8 - headParts.length - tailParts.length)).fill('0'), ...tailParts];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/** The account as a counter key: the normalized email, hashed (no addresses of people in Redis). */
export function accountKey(email: unknown): string {
  const normalized = typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : '';
  return createHash('sha256').update(normalized).digest('base64url').slice(0, 22);
}

export function loginKeys(prefix: string, email: unknown, ip: string | undefined): LoginKeys {
  const address = addressKey(ip);
  const account = accountKey(email);
  return [`${prefix}login:addr:${address}`, `${prefix}login:pair:${account}:${address}`, `${prefix}login:acct:${account}`, `${prefix}login:known:${account}:${address}`];
}

/**
 * Checks the limits (a known pair: only its pair limit, KEYS[2]) and, when none is reached, counts
 * the attempt in all three: one atomic step.
 */
const RESERVE = `
local limits = { tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]) }
local window = tonumber(ARGV[4])
local known = redis.call('EXISTS', KEYS[4]) == 1
local retry, hit = 0, 0
for i = 1, 3 do
  if i == 2 or not known then
    local n = tonumber(redis.call('GET', KEYS[i]) or '0')
    if n >= limits[i] then
      local ttl = redis.call('PTTL', KEYS[i])
      if ttl < 0 then redis.call('PEXPIRE', KEYS[i], window); ttl = window end
      if ttl > retry then retry, hit = ttl, i end
    end
  end
end
if hit > 0 then return { 0, retry, hit } end
for i = 1, 3 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], window) end
end
return { 1, 0, 0 }
`;

/** Gives an attempt back (never below zero, never creating a key); a success clears its pair and marks the address known. */
const SETTLE = `
for i = 1, 3 do
  local n = tonumber(redis.call('GET', KEYS[i]) or '0')
  if n > 0 then redis.call('DECR', KEYS[i]) end
end
if ARGV[1] == 'succeeded' then
  redis.call('DEL', KEYS[2])
  if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[4], '1', 'PX', ARGV[2]) end
end
return 1
`;

/** The counters in Redis, shared by every gateway replica. */
export class RedisLoginCounters implements LoginCounters {
  constructor(private readonly redis: Redis) {}

  async reserve(keys: LoginKeys, limits: LoginLimits): Promise<Reservation> {
    const [allowed, retryAfterMs, hit] = (await this.redis.eval(
      RESERVE, 4, ...keys, limits.perAddress, limits.perAccountAddress, limits.perAccount, limits.windowMs,
    )) as [number, number, number];
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs, limit: LIMIT_NAMES[hit - 1] };
  }

  async settle(keys: LoginKeys, outcome: LoginOutcome, limits: LoginLimits): Promise<void> {
    if (outcome === 'failed') return;
    await this.redis.eval(SETTLE, 4, ...keys, outcome, limits.knownAddressMs);
  }
}

/** The same counters in this process only: what a replica falls back to while Redis is unreachable. */
export class MemoryLoginCounters implements LoginCounters {
  private readonly entries = new Map<string, { count: number; expiresAt: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(keys: LoginKeys, limits: LoginLimits): Promise<Reservation> {
    this.sweep();
    const known = this.live(keys[3]) !== undefined;
    const caps = [limits.perAddress, limits.perAccountAddress, limits.perAccount];
    let retryAfterMs = 0;
    let hit = -1;
    for (let i = 0; i < 3; i += 1) {
      // A known pair answers to its pair limit only (index 1), not to its address's or account's.
      if (known && i !== 1) continue;
      const entry = this.live(keys[i]);
      if (entry && entry.count >= caps[i] && entry.expiresAt - this.now() > retryAfterMs) {
        retryAfterMs = entry.expiresAt - this.now();
        hit = i;
      }
    }
    if (hit >= 0) return { allowed: false, retryAfterMs, limit: LIMIT_NAMES[hit] };
    for (let i = 0; i < 3; i += 1) {
      const entry = this.live(keys[i]);
      if (entry) entry.count += 1;
      else this.entries.set(keys[i], { count: 1, expiresAt: this.now() + limits.windowMs });
    }
    return { allowed: true };
  }

  async settle(keys: LoginKeys, outcome: LoginOutcome, limits: LoginLimits): Promise<void> {
    if (outcome === 'failed') return;
    for (let i = 0; i < 3; i += 1) {
      const entry = this.live(keys[i]);
      if (entry && entry.count > 0) entry.count -= 1;
    }
    if (outcome === 'succeeded') {
      this.entries.delete(keys[1]);
      if (limits.knownAddressMs > 0) this.entries.set(keys[3], { count: 1, expiresAt: this.now() + limits.knownAddressMs });
    }
  }

  private live(key: string): { count: number; expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Drops expired entries now and then, so memory follows the traffic of one window. */
  private sweep(): void {
    if (this.now() - this.lastSweep < 10_000) return;
    this.lastSweep = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= this.lastSweep) this.entries.delete(key);
  }
}

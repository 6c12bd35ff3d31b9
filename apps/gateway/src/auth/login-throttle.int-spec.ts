import { createServer } from 'node:net';
import Redis from 'ioredis';
import { ErrorCode } from '@spiffworks/contracts';
import type { PlatformConfig } from '@spiffworks/runtime';
import { deleteRedisKeys, isolatedConfig } from '@spiffworks/testing';
import { RedisLoginCounters, loginKeys } from './login-counters';
import type { LoginLimits } from './login-counters';
import { LoginThrottle, LoginThrottled } from './login-throttle';

/** The login counters against the machine's Redis, under a prefix of this run's own. */
describe('login limits in Redis', () => {
  const LIMITS: LoginLimits = { perAccountAddress: 3, perAddress: 5, perAccount: 8, windowMs: 60_000, knownAddressMs: 86_400_000 };
  let config: PlatformConfig;
  let redis: Redis;
  let counters: RedisLoginCounters;
  const keys = (email: string, ip: string) => loginKeys(config.REDIS_KEY_PREFIX, email, ip);

  beforeAll(async () => {
    config = isolatedConfig({ LOGIN_RATE_LIMIT: '3', LOGIN_RATE_LIMIT_PER_ADDRESS: '5', LOGIN_RATE_LIMIT_PER_ACCOUNT: '8', LOGIN_RATE_WINDOW_SECONDS: '60' });
    redis = new Redis(config.REDIS_URL);
    counters = new RedisLoginCounters(redis);
  });

  afterAll(async () => {
    await deleteRedisKeys(config);
    expect(await redis.keys(`${config.REDIS_KEY_PREFIX}*`)).toEqual([]);
    redis.disconnect();
  });

  it('counts each limit with an expiry, and blocks with the time left', async () => {
    const k = keys('pair@x.io', '192.0.2.1');
    for (let i = 0; i < 3; i += 1) expect(await counters.reserve(k, LIMITS)).toEqual({ allowed: true });
    const blocked = await counters.reserve(k, LIMITS);
    expect(blocked).toMatchObject({ allowed: false, limit: 'account_address' });
    expect(blocked.allowed || (blocked.retryAfterMs > 50_000 && blocked.retryAfterMs <= 60_000)).toBe(true);
    for (const key of k.slice(0, 3)) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    expect(await redis.get(k[1])).toBe('3');
    expect(await counters.reserve(keys('pair@x.io', '192.0.2.2'), LIMITS)).toEqual({ allowed: true });
  });

  it('blocks an address after failures on many accounts', async () => {
    for (let i = 0; i < 5; i += 1) expect((await counters.reserve(keys(`spray${i}@x.io`, '192.0.2.50'), LIMITS)).allowed).toBe(true);
    expect(await counters.reserve(keys('spray-new@x.io', '192.0.2.50'), LIMITS)).toMatchObject({ allowed: false, limit: 'address' });
  });

  it('caps an account across addresses, but not from an address it signed in from', async () => {
    const home = keys('victim@x.io', '198.51.100.1');
    expect(await counters.reserve(home, LIMITS)).toEqual({ allowed: true });
    await counters.settle(home, 'succeeded', LIMITS);
    expect(await redis.pttl(home[3])).toBeGreaterThan(86_000_000);
    for (let i = 0; i < 8; i += 1) expect((await counters.reserve(keys('victim@x.io', `203.0.113.${i}`), LIMITS)).allowed).toBe(true);
    expect(await counters.reserve(keys('victim@x.io', '203.0.113.99'), LIMITS)).toMatchObject({ allowed: false, limit: 'account' });
    expect(await counters.reserve(home, LIMITS)).toEqual({ allowed: true });
  });

  it('lets a known pair in over its address\'s limit (one NAT, someone spraying), still refusing unknown pairs there and guesses on the pair', async () => {
    const office = '192.0.2.60';
    const admin = keys('office-admin@x.io', office);
    expect(await counters.reserve(admin, LIMITS)).toEqual({ allowed: true });
    await counters.settle(admin, 'succeeded', LIMITS);
    for (let i = 0; i < 5; i += 1) expect((await counters.reserve(keys(`nat-spray${i}@x.io`, office), LIMITS)).allowed).toBe(true);
    expect(await redis.get(admin[0])).toBe('5');
    expect(await counters.reserve(keys('nat-spray-next@x.io', office), LIMITS)).toMatchObject({ allowed: false, limit: 'address' });
    expect(await counters.reserve(admin, LIMITS)).toEqual({ allowed: true });
    await counters.settle(admin, 'succeeded', LIMITS);
    expect(await counters.reserve(keys('nat-spray-later@x.io', office), LIMITS)).toMatchObject({ allowed: false, limit: 'address' });
    for (let i = 0; i < 3; i += 1) expect(await counters.reserve(admin, LIMITS)).toEqual({ allowed: true });
    expect(await counters.reserve(admin, LIMITS)).toMatchObject({ allowed: false, limit: 'account_address' });
  });

  it('gives back what was not a failure, never below zero and never creating a key', async () => {
    const k = keys('refund@x.io', '192.0.2.77');
    await counters.settle(k, 'refund', LIMITS);
    expect(await redis.exists(k[0], k[1], k[2])).toBe(0);
    expect(await counters.reserve(k, LIMITS)).toEqual({ allowed: true });
    await counters.settle(k, 'refund', LIMITS);
    await counters.settle(k, 'refund', LIMITS);
    expect(await redis.mget(k[0], k[1], k[2])).toEqual(['0', '0', '0']);
  });

  it('is atomic: of 40 attempts at once on one pair, exactly the limit get through', async () => {
    const k = keys('burst@x.io', '192.0.2.88');
    const results = await Promise.all(Array.from({ length: 40 }, () => counters.reserve(k, LIMITS)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });

  it('two gateways share the counts', async () => {
    const a = new LoginThrottle(config);
    const b = new LoginThrottle(config);
    await Promise.all([a.onModuleInit(), b.onModuleInit()]);
    try {
      for (const throttle of [a, b, a]) await throttle.reserve('shared@x.io', '192.0.2.99');
      await expect(b.reserve('shared@x.io', '192.0.2.99')).rejects.toBeInstanceOf(LoginThrottled);
    } finally {
      await Promise.all([a.onModuleDestroy(), b.onModuleDestroy()]);
    }
  });
});

describe('login limits while Redis is unreachable', () => {
  it('keeps limiting in the process, answering 429 with the code, and never fails the gateway', async () => {
    // A port that refuses connections: bound, then closed.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const config = isolatedConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, LOGIN_RATE_LIMIT: '2' });
    const throttle = new LoginThrottle(config);
    await throttle.onModuleInit();
    try {
      for (let i = 0; i < 2; i += 1) {
        const ticket = await throttle.reserve('offline@x.io', '192.0.2.1');
        await ticket.settle('failed');
      }
      const refused = await throttle.reserve('offline@x.io', '192.0.2.1').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(LoginThrottled);
      expect((refused as LoginThrottled).getStatus()).toBe(429);
      expect((refused as LoginThrottled).getResponse()).toMatchObject({ code: ErrorCode.TOO_MANY_LOGIN_ATTEMPTS, status: 429 });
      expect((refused as LoginThrottled).retryAfterSeconds).toBeGreaterThan(0);
      // Another account from the address is still let in.
      await expect(throttle.reserve('someone@x.io', '192.0.2.1')).resolves.toBeDefined();
    } finally {
      await throttle.onModuleDestroy();
    }
  });
});

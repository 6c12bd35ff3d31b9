import { MemoryLoginCounters, accountKey, addressKey, loginKeys } from './login-counters';
import type { LoginLimits } from './login-counters';

const LIMITS: LoginLimits = { perAccountAddress: 3, perAddress: 5, perAccount: 8, windowMs: 60_000, knownAddressMs: 86_400_000 };

describe('addressKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2::ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('keys %p as %p', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });

  it('puts every address of one /64 under one key', () => {
    expect(addressKey('2001:db8:aa:bb:1::1')).toBe(addressKey('2001:db8:aa:bb:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:aa:bb::1')).not.toBe(addressKey('2001:db8:aa:bc::1'));
  });
});

describe('accountKey', () => {
  it('is the same for an email however it is cased or padded, and does not contain it', () => {
    expect(accountKey(' Admin@Example.COM ')).toBe(accountKey('admin@example.com'));
    expect(accountKey('admin@example.com')).not.toContain('admin');
    expect(accountKey(undefined)).toBe(accountKey(''));
  });
});

describe('MemoryLoginCounters', () => {
  let now = 1_000_000;
  const counters = (): MemoryLoginCounters => new MemoryLoginCounters(() => now);
  const keys = (email: string, ip: string) => loginKeys('t:', email, ip);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('blocks an (account, address) pair after its failures, until the window ends', async () => {
    const c = counters();
    for (let i = 0; i < 3; i += 1) expect(await c.reserve(keys('a@x.io', '192.0.2.1'), LIMITS)).toEqual({ allowed: true });
    expect(await c.reserve(keys('a@x.io', '192.0.2.1'), LIMITS)).toEqual({ allowed: false, retryAfterMs: 60_000, limit: 'account_address' });
    // The same account from another address, another account from the same address: their own budgets.
    expect(await c.reserve(keys('a@x.io', '192.0.2.2'), LIMITS)).toEqual({ allowed: true });
    expect(await c.reserve(keys('b@x.io', '192.0.2.1'), LIMITS)).toEqual({ allowed: true });
    now += 60_000;
    expect(await c.reserve(keys('a@x.io', '192.0.2.1'), LIMITS)).toEqual({ allowed: true });
  });

  it('blocks an address failing on many accounts', async () => {
    const c = counters();
    for (let i = 0; i < 5; i += 1) expect((await c.reserve(keys(`user${i}@x.io`, '192.0.2.9'), LIMITS)).allowed).toBe(true);
    expect(await c.reserve(keys('someone-new@x.io', '192.0.2.9'), LIMITS)).toMatchObject({ allowed: false, limit: 'address' });
  });

  it('blocks an account failing from many addresses, except from an address it signed in from', async () => {
    const c = counters();
    const home = keys('a@x.io', '198.51.100.1');
    expect(await c.reserve(home, LIMITS)).toEqual({ allowed: true });
    await c.settle(home, 'succeeded', LIMITS);
    for (let i = 0; i < 8; i += 1) expect((await c.reserve(keys('a@x.io', `203.0.113.${i}`), LIMITS)).allowed).toBe(true);
    expect(await c.reserve(keys('a@x.io', '203.0.113.200'), LIMITS)).toMatchObject({ allowed: false, limit: 'account' });
    expect(await c.reserve(home, LIMITS)).toEqual({ allowed: true });
  });

  it('lets a known pair in from its address over the per-address limit, still refusing unknown pairs there and guesses on the pair', async () => {
    const c = counters();
    const admin = keys('admin@x.io', '192.0.2.40');
    expect(await c.reserve(admin, LIMITS)).toEqual({ allowed: true });
    await c.settle(admin, 'succeeded', LIMITS);
    // Someone else behind the same NAT fails with random emails past the per-address limit.
    for (let i = 0; i < 5; i += 1) expect((await c.reserve(keys(`random${i}@x.io`, '192.0.2.40'), LIMITS)).allowed).toBe(true);
    expect(await c.reserve(keys('random-next@x.io', '192.0.2.40'), LIMITS)).toMatchObject({ allowed: false, limit: 'address' });
    expect(await c.reserve(admin, LIMITS)).toEqual({ allowed: true });
    await c.settle(admin, 'succeeded', LIMITS);
    // Guessing the admin's password from there still ends at the pair limit.
    for (let i = 0; i < 3; i += 1) expect(await c.reserve(admin, LIMITS)).toEqual({ allowed: true });
    expect(await c.reserve(admin, LIMITS)).toMatchObject({ allowed: false, limit: 'account_address' });
  });

  it('gives back attempts that were not failures, and a success clears its pair', async () => {
    const c = counters();
    const k = keys('a@x.io', '192.0.2.1');
    for (let i = 0; i < 10; i += 1) {
      expect(await c.reserve(k, LIMITS)).toEqual({ allowed: true });
      await c.settle(k, 'refund', LIMITS);
    }
    for (let i = 0; i < 2; i += 1) await c.reserve(k, LIMITS);
    expect(await c.reserve(k, LIMITS)).toEqual({ allowed: true });
    await c.settle(k, 'succeeded', LIMITS);
    for (let i = 0; i < 3; i += 1) expect(await c.reserve(k, LIMITS)).toEqual({ allowed: true });
    expect((await c.reserve(k, LIMITS)).allowed).toBe(false);
  });
});

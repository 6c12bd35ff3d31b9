import type { AccountAccessView } from '@spiffworks/contracts';
import { AccountAccessCache } from './account-access';

describe('AccountAccessCache: a user\'s status is asked at most once per TTL, and never trusted longer', () => {
  let clock: number;
  let allowed: Record<string, boolean>;
  let lookups: string[];
  const lookup = async (userId: string): Promise<AccountAccessView> => {
    lookups.push(userId);
    const ok = allowed[userId] ?? false;
    return { user_id: userId, allowed: ok, reason: ok ? null : 'the account is deactivated' };
  };
  const cache = (ttlMs: number, maxEntries?: number) => new AccountAccessCache(lookup, ttlMs, () => clock, maxEntries);

  beforeEach(() => {
    clock = 1_000_000;
    allowed = { u1: true, u2: true, u3: true };
    lookups = [];
  });

  it('answers from the cache within the TTL, and asks again once it has passed', async () => {
    const c = cache(30_000);
    expect((await c.check('u1')).allowed).toBe(true);
    allowed.u1 = false;
    clock += 29_999;
    expect((await c.check('u1')).allowed).toBe(true);
    clock += 1;
    expect(await c.check('u1')).toEqual({ user_id: 'u1', allowed: false, reason: 'the account is deactivated' });
    expect(lookups).toEqual(['u1', 'u1']);
  });

  it('counts the TTL from when the lookup started, so a slow answer is not trusted longer', async () => {
    let release!: (view: AccountAccessView) => void;
    const c = new AccountAccessCache(() => new Promise((resolve) => (release = resolve)), 10_000, () => clock);
    const first = c.check('u1');
    clock += 9_000; // the answer arrives late
    release({ user_id: 'u1', allowed: true, reason: null });
    await first;
    clock += 1_000;
    const next = c.check('u1');
    release({ user_id: 'u1', allowed: false, reason: 'x' });
    expect((await next).allowed).toBe(false);
  });

  it('shares one lookup among a user\'s concurrent requests', async () => {
    const c = cache(30_000);
    await Promise.all([c.check('u1'), c.check('u1'), c.check('u1'), c.check('u2')]);
    expect(lookups).toEqual(['u1', 'u2']);
  });

  it('keeps no failed lookup: the next request asks again', async () => {
    let fail = true;
    const c = new AccountAccessCache(async (userId) => {
      lookups.push(userId);
      if (fail) throw new Error('partners did not answer');
      return { user_id: userId, allowed: true, reason: null };
    }, 30_000, () => clock);
    await expect(c.check('u1')).rejects.toThrow('partners did not answer');
    fail = false;
    expect((await c.check('u1')).allowed).toBe(true);
    expect(lookups).toEqual(['u1', 'u1']);
  });

  it('with a TTL of 0 asks on every request', async () => {
    const c = cache(0);
    await c.check('u1');
    await c.check('u1');
    expect(lookups).toEqual(['u1', 'u1']);
  });

  it('holds at most maxEntries users, dropping the oldest first', async () => {
    const c = cache(30_000, 2);
    await c.check('u1');
    await c.check('u2');
    await c.check('u3');
    await c.check('u2');
    await c.check('u1');
    expect(lookups).toEqual(['u1', 'u2', 'u3', 'u1']);
  });
});

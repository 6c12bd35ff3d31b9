import type { AccountAccessView } from '@spiffworks/contracts';

/** Where the guard learns whether a user may still act (the gateway asks the partners service). */
export type AccountAccessLookup = (userId: string) => Promise<AccountAccessView>;

/** Entries kept at most; past it the oldest go first (a lookup costs one indexed query, so a miss is cheap). */
const MAX_ENTRIES = 50_000;

interface Entry {
  /** When the lookup started: an answer is never trusted for longer than the TTL after that. */
  startedAt: number;
  answer: Promise<AccountAccessView>;
}

/**
 * Each user's account status, asked at most once per `ttlMs` per process: a user deactivated (or
 * whose partner was suspended) at time t is refused by every request that starts after t + ttlMs,
 * because an answer counts from when its lookup started, not from when it arrived. Requests of one
 * user arriving together share one lookup; a failed lookup is not kept (the next request asks again).
 * With `ttlMs` 0 every request asks.
 */
export class AccountAccessCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lookup: AccountAccessLookup,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  check(userId: string): Promise<AccountAccessView> {
    const now = this.now();
    const cached = this.entries.get(userId);
    if (cached && now - cached.startedAt < this.ttlMs) return cached.answer;
    const entry: Entry = { startedAt: now, answer: this.lookup(userId) };
    // Re-inserted, so the Map's order stays oldest first.
    this.entries.delete(userId);
    if (this.ttlMs > 0) {
      this.entries.set(userId, entry);
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    entry.answer.catch(() => {
      if (this.entries.get(userId) === entry) this.entries.delete(userId);
    });
    return entry.answer;
  }
}

import Decimal from 'decimal.js';
import type { CommissionKind, CommissionStatus } from '@spiffworks/contracts';
import { centsOf, centsText } from '../read-models/cents';

/** What analytics keeps of a ledger line. Money as decimal strings. */
export interface LineFigures {
  kind: CommissionKind;
  status: CommissionStatus;
  revenue: string;
  commission_amount: string;
  spiff_bonus: string;
  total_commission: string;
  spiff_bonuses: Array<{ spiff_id: string; bonus: string }>;
}

export interface SpiffDelta {
  spiff_id: string;
  sales: number;
  revenue: string;
  bonus: string;
}

/** How one change of a line moves the aggregates. Money as decimal strings with 2 decimals. */
export interface LineDelta {
  pending: string;
  approved: string;
  paid: string;
  base: string;
  bonus: string;
  /** base + bonus: the commission of the partner, the platform and the daily facts. */
  commission: string;
  /** What the total holds beyond base and bonus while not rejected: a milestone reward, or its clawback (negative). */
  reward: string;
  /** Sorted by spiff id (a stable lock order); spiffs whose figures do not move are left out. */
  spiffs: SpiffDelta[];
}

/** (awaiting_review →) pending → approved → paid, and awaiting_review | pending | approved → rejected: a later state never goes back. */
const RANK: Record<CommissionStatus, number> = { awaiting_review: -1, pending: 0, approved: 1, paid: 2, rejected: 2 };

/** Whether an event's status replaces the one analytics holds (older or repeated states do not). */
export function supersedes(next: CommissionStatus, current: CommissionStatus): boolean {
  return RANK[next] > RANK[current];
}

/**
 * What a change of a line (from `before`, or from nothing) to `after` adds to each aggregate.
 * A line counts its total in the bucket of its status; base, bonus, reward and its spiffs' sales
 * only while it is not rejected. In whole cents when every amount fits them (every line the
 * ledger writes), else in decimals: the same figures either way, cents only cost less (a file's
 * chunk files thousands of lines).
 */
export function lineDelta(before: LineFigures | null, after: LineFigures): LineDelta {
  try {
    return deltaIn(CENTS, before, after);
  } catch (error) {
    if (error !== NOT_CENTS) throw error;
    return deltaIn(DECIMALS, before, after);
  }
}

/** True for a decimal string equal to zero ("0", "0.00", "-0.00"). */
export function isZero(value: string): boolean {
  const cents = centsOf(value);
  return cents === null ? new Decimal(value).isZero() : cents === 0;
}

/** The arithmetic a delta is worked out in. */
interface Arithmetic<T> {
  of(amount: string): T;
  zero: T;
  plus(a: T, b: T): T;
  minus(a: T, b: T): T;
  isZero(a: T): boolean;
  text(a: T): string;
}

/** Thrown by `CENTS` for an amount or a sum that whole cents cannot hold exactly. */
const NOT_CENTS = new Error('not whole cents');

function safeCents(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw NOT_CENTS;
  return cents;
}

const CENTS: Arithmetic<number> = {
  of: (amount) => safeCents(centsOf(amount) ?? Number.NaN),
  zero: 0,
  plus: (a, b) => safeCents(a + b),
  minus: (a, b) => safeCents(a - b),
  isZero: (a) => a === 0,
  text: centsText,
};

const DECIMALS: Arithmetic<Decimal> = {
  of: (amount) => new Decimal(amount),
  zero: new Decimal(0),
  plus: (a, b) => a.plus(b),
  minus: (a, b) => a.minus(b),
  isZero: (a) => a.isZero(),
  text: (a) => a.toFixed(2),
};

interface SpiffShare<T> {
  sales: number;
  revenue: T;
  bonus: T;
}

interface Contribution<T> {
  pending: T;
  approved: T;
  paid: T;
  base: T;
  bonus: T;
  reward: T;
  spiffs: Map<string, SpiffShare<T>>;
}

function deltaIn<T>(n: Arithmetic<T>, before: LineFigures | null, after: LineFigures): LineDelta {
  const a = contribution(n, after);
  const b = before ? contribution(n, before) : nothing(n);
  const minus = (x: T, y: T): string => n.text(n.minus(x, y));
  const none: SpiffShare<T> = { sales: 0, revenue: n.zero, bonus: n.zero };
  const spiffIds = [...new Set([...a.spiffs.keys(), ...b.spiffs.keys()])].sort();
  return {
    pending: minus(a.pending, b.pending),
    approved: minus(a.approved, b.approved),
    paid: minus(a.paid, b.paid),
    base: minus(a.base, b.base),
    bonus: minus(a.bonus, b.bonus),
    commission: minus(n.plus(a.base, a.bonus), n.plus(b.base, b.bonus)),
    reward: minus(a.reward, b.reward),
    spiffs: spiffIds.flatMap((spiff_id) => {
      const now = a.spiffs.get(spiff_id) ?? none;
      const then = b.spiffs.get(spiff_id) ?? none;
      const revenue = n.minus(now.revenue, then.revenue);
      const bonus = n.minus(now.bonus, then.bonus);
      const moves = now.sales !== then.sales || !n.isZero(revenue) || !n.isZero(bonus);
      return moves ? [{ spiff_id, sales: now.sales - then.sales, revenue: n.text(revenue), bonus: n.text(bonus) }] : [];
    }),
  };
}

function nothing<T>(n: Arithmetic<T>): Contribution<T> {
  return { pending: n.zero, approved: n.zero, paid: n.zero, base: n.zero, bonus: n.zero, reward: n.zero, spiffs: new Map() };
}

function contribution<T>(n: Arithmetic<T>, line: LineFigures): Contribution<T> {
  if (line.status === 'rejected') return nothing(n);
  const total = n.of(line.total_commission);
  const spiffs = new Map<string, SpiffShare<T>>();
  for (const { spiff_id, bonus } of line.spiff_bonuses) {
    // Only a sale's own line counts the sale: a clawback takes back revenue and bonus, a reversal gives them back.
    const share = spiffs.get(spiff_id) ?? { sales: line.kind === 'sale' ? 1 : 0, revenue: n.of(line.revenue), bonus: n.zero };
    spiffs.set(spiff_id, { ...share, bonus: n.plus(share.bonus, n.of(bonus)) });
  }
  const base = n.of(line.commission_amount);
  const bonus = n.of(line.spiff_bonus);
  return {
    // A line awaiting review of its proof is not approved yet: pending, so pending + approved + paid = total.
    pending: line.status === 'pending' || line.status === 'awaiting_review' ? total : n.zero,
    approved: line.status === 'approved' ? total : n.zero,
    paid: line.status === 'paid' ? total : n.zero,
    base,
    bonus,
    reward: n.minus(n.minus(total, base), bonus),
    spiffs,
  };
}

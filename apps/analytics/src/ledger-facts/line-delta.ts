import Decimal from 'decimal.js';
import type { CommissionKind, CommissionStatus } from '@spiffworks/contracts';

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
 * A line counts its total in the bucket of its status; base, bonus and its spiffs' sales only
 * while it is not rejected.
 */
export function lineDelta(before: LineFigures | null, after: LineFigures): LineDelta {
  const a = contribution(after);
  const b = before ? contribution(before) : null;
  const minus = (x: Decimal, y: Decimal | undefined): string => x.minus(y ?? 0).toFixed(2);
  const spiffIds = [...new Set([...a.spiffs.keys(), ...(b?.spiffs.keys() ?? [])])].sort();
  return {
    pending: minus(a.pending, b?.pending),
    approved: minus(a.approved, b?.approved),
    paid: minus(a.paid, b?.paid),
    base: minus(a.base, b?.base),
    bonus: minus(a.bonus, b?.bonus),
    commission: minus(a.base.plus(a.bonus), b?.base.plus(b.bonus)),
    spiffs: spiffIds.flatMap((spiff_id) => {
      const now = a.spiffs.get(spiff_id) ?? NONE;
      const then = b?.spiffs.get(spiff_id) ?? NONE;
      const delta = {
        spiff_id,
        sales: now.sales - then.sales,
        revenue: minus(now.revenue, then.revenue),
        bonus: minus(now.bonus, then.bonus),
      };
      const moves = delta.sales !== 0 || !new Decimal(delta.revenue).isZero() || !new Decimal(delta.bonus).isZero();
      return moves ? [delta] : [];
    }),
  };
}

/** True for a decimal string equal to zero ("0", "0.00", "-0.00"). */
export function isZero(value: string): boolean {
  return new Decimal(value).isZero();
}

interface SpiffShare {
  sales: number;
  revenue: Decimal;
  bonus: Decimal;
}

const NONE: SpiffShare = { sales: 0, revenue: new Decimal(0), bonus: new Decimal(0) };

function contribution(line: LineFigures) {
  const counted = line.status !== 'rejected';
  const total = new Decimal(line.total_commission);
  const zero = new Decimal(0);
  const spiffs = new Map<string, SpiffShare>();
  if (counted) {
    for (const { spiff_id, bonus } of line.spiff_bonuses) {
      // Only a sale's own line counts the sale: a clawback takes back revenue and bonus, a reversal gives them back.
      const sales = line.kind === 'sale' ? 1 : 0;
      const share = spiffs.get(spiff_id) ?? { sales, revenue: new Decimal(line.revenue), bonus: zero };
      spiffs.set(spiff_id, { ...share, bonus: share.bonus.plus(bonus) });
    }
  }
  return {
    // A line awaiting review of its proof is not approved yet: pending, so pending + approved + paid = total.
    pending: line.status === 'pending' || line.status === 'awaiting_review' ? total : zero,
    approved: line.status === 'approved' ? total : zero,
    paid: line.status === 'paid' ? total : zero,
    base: counted ? new Decimal(line.commission_amount) : zero,
    bonus: counted ? new Decimal(line.spiff_bonus) : zero,
    spiffs,
  };
}

import type { CommissionKind, CommissionStatus } from '@spiffworks/contracts';

/** `release` and `decline` are an admin's review of a line awaiting proof of sale (`reviews/`). */
export type CommissionAction = 'approve' | 'pay' | 'reject' | 'release' | 'decline';

interface Move {
  from: CommissionStatus[];
  to: CommissionStatus;
}

/** An action a kind of line never takes, whatever its status, and why. */
interface Never {
  never: string;
}

const APPROVE: Move = { from: ['pending'], to: 'approved' };
const PAY: Move = { from: ['approved'], to: 'paid' };
const REJECT: Move = { from: ['pending', 'approved'], to: 'rejected' };
/** A sale covered by a proof-required spiff is booked awaiting_review: nothing of it is approvable until an admin has checked the proof. */
const RELEASE: Move = { from: ['awaiting_review'], to: 'pending' };
const DECLINE: Move = { from: ['awaiting_review'], to: 'rejected' };
const NOT_REVIEWED: Never = { never: 'only a sale\'s line waits for a review of its proof of sale' };

/**
 * The lifecycle by kind of line. A sale's line and a milestone reward go pending → approved → paid,
 * or rejected before they are paid. A line that takes back (`clawback`, `reward_clawback`) records
 * a fact of fulfillment — a return, a milestone un-reached — so only its original's rejection
 * settles it (`clawbackSettlement`): rejected alone, it would pay the partner for returned units,
 * or let a milestone pay a second reward net. A `clawback_reversal` is what makes a rejected line
 * net zero once its clawback was approved or paid: rejecting it would leave the partner at minus
 * the clawback for a line that was never owed, and nothing could settle that afterwards. An
 * `adjustment` (booked by resolving a dispute) is a line like a sale's: pending → approved → paid,
 * or rejected before it is paid (an adjustment booked in error); the disputed line is never moved.
 */
const LIFECYCLE: Record<CommissionKind, Record<CommissionAction, Move | Never>> = {
  sale: { approve: APPROVE, pay: PAY, reject: REJECT, release: RELEASE, decline: DECLINE },
  milestone_reward: { approve: APPROVE, pay: PAY, reject: REJECT, release: NOT_REVIEWED, decline: NOT_REVIEWED },
  clawback: {
    approve: APPROVE,
    pay: PAY,
    reject: { never: "a clawback takes back what a return took back: it is settled only by rejecting its sale's commission" },
    release: NOT_REVIEWED,
    decline: NOT_REVIEWED,
  },
  reward_clawback: {
    approve: APPROVE,
    pay: PAY,
    reject: { never: 'a reward clawback takes back a reward whose milestone a return un-reached: it is settled only by rejecting its milestone reward' },
    release: NOT_REVIEWED,
    decline: NOT_REVIEWED,
  },
  clawback_reversal: {
    approve: APPROVE,
    pay: PAY,
    reject: { never: 'a clawback reversal gives back a clawback of a rejected line: it can be approved or paid, never rejected' },
    release: NOT_REVIEWED,
    decline: NOT_REVIEWED,
  },
  adjustment: { approve: APPROVE, pay: PAY, reject: REJECT, release: NOT_REVIEWED, decline: NOT_REVIEWED },
};

export type CommissionTransition = { allowed: true; to: CommissionStatus } | { allowed: false; reason: string };

/** What `action` does to a line of this kind and status: its new status, or why it is refused (409). */
export function commissionTransition(kind: CommissionKind, current: CommissionStatus, action: CommissionAction): CommissionTransition {
  const rule = LIFECYCLE[kind][action];
  if ('never' in rule) return { allowed: false, reason: rule.never };
  if (rule.from.includes(current)) return { allowed: true, to: rule.to };
  return { allowed: false, reason: `it is ${current}; it cannot be ${PAST_TENSE[action]}` };
}

/** The new status, or null if the transition is illegal. */
export function nextCommissionStatus(kind: CommissionKind, current: CommissionStatus, action: CommissionAction): CommissionStatus | null {
  const outcome = commissionTransition(kind, current, action);
  return outcome.allowed ? outcome.to : null;
}

const PAST_TENSE: Record<CommissionAction, string> = { approve: 'approved', pay: 'paid', reject: 'rejected', release: 'approved on review', decline: 'declined on review' };

/**
 * What rejecting a line does to a clawback that took back from it, so that the partner nets exactly
 * zero for the rejected line: a pending clawback is rejected with it; an approved one (signed off for
 * a payout) or a paid one (paid out) is never moved back — a reversal line gives it back instead.
 */
export type ClawbackSettlement = 'reject' | 'reverse' | 'none';

export function clawbackSettlement(status: CommissionStatus): ClawbackSettlement {
  if (status === 'pending' || status === 'awaiting_review') return 'reject';
  return status === 'rejected' ? 'none' : 'reverse';
}

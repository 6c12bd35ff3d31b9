import type { CommissionStatus } from '@spiffworks/contracts';

export type CommissionAction = 'approve' | 'pay' | 'reject';

const TRANSITIONS: Record<CommissionAction, { from: CommissionStatus[]; to: CommissionStatus }> = {
  approve: { from: ['pending'], to: 'approved' },
  pay: { from: ['approved'], to: 'paid' },
  reject: { from: ['pending', 'approved'], to: 'rejected' },
};

/** pending → approved → paid, or rejected before it is paid. Returns the new status, or null if illegal. */
export function nextCommissionStatus(current: CommissionStatus, action: CommissionAction): CommissionStatus | null {
  const rule = TRANSITIONS[action];
  return rule.from.includes(current) ? rule.to : null;
}

/**
 * What rejecting a line does to a clawback that took back from it, so that the partner nets exactly
 * zero for the rejected line: a pending clawback is rejected with it; an approved one (signed off for
 * a payout) or a paid one (paid out) is never moved back — a reversal line gives it back instead.
 */
export type ClawbackSettlement = 'reject' | 'reverse' | 'none';

export function clawbackSettlement(status: CommissionStatus): ClawbackSettlement {
  if (status === 'pending') return 'reject';
  return status === 'rejected' ? 'none' : 'reverse';
}

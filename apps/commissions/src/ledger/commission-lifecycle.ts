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

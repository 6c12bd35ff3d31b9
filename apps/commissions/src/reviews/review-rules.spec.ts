import type { CommissionKind, CommissionStatus } from '@spiffworks/contracts';
import { nextCommissionStatus } from '../ledger/commission-lifecycle';
import type { CommissionAction } from '../ledger/commission-lifecycle';
import { checkReview } from './review-rules';

const ID = '8f14e45f-ceea-467a-9f4b-2c6a1e3d5b70';

const KINDS: CommissionKind[] = ['sale', 'milestone_reward', 'clawback', 'reward_clawback', 'clawback_reversal', 'adjustment'];
const STATUSES: CommissionStatus[] = ['awaiting_review', 'pending', 'approved', 'paid', 'rejected'];
const ACTIONS: CommissionAction[] = ['approve', 'pay', 'reject', 'release', 'decline'];

/** Only a sale's line awaiting review is released (→ pending) or declined (→ rejected); nothing else moves it. */
function expected(kind: CommissionKind, status: CommissionStatus, action: CommissionAction): CommissionStatus | null | 'unchanged-rules' {
  if (action === 'release') return kind === 'sale' && status === 'awaiting_review' ? 'pending' : null;
  if (action === 'decline') return kind === 'sale' && status === 'awaiting_review' ? 'rejected' : null;
  if (status === 'awaiting_review') return null;
  return 'unchanged-rules';
}

describe('review moves in the lifecycle', () => {
  const table = KINDS.flatMap((kind) => STATUSES.flatMap((status) => ACTIONS.map((action) => [kind, status, action] as const)))
    .filter(([kind, status, action]) => expected(kind, status, action) !== 'unchanged-rules');
  it.each(table)('%s %s + %s', (kind, status, action) => {
    expect(nextCommissionStatus(kind, status, action)).toBe(expected(kind, status, action));
  });
});

describe('checkReview', () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ['approve without reason', { ids: [ID], decision: 'approve' }, null],
    ['decline with reason', { ids: [ID], decision: 'decline', reason: 'invoice unreadable' }, null],
    ['decline without reason', { ids: [ID], decision: 'decline', reason: '  ' }, 'reason'],
    ['unknown decision', { ids: [ID], decision: 'maybe', reason: 'x' }, 'decision'],
    ['no ids', { ids: [], decision: 'approve' }, 'ids'],
    ['ids not uuids', { ids: ['nope'], decision: 'approve' }, 'ids'],
    ['too many ids', { ids: Array.from({ length: 501 }, () => ID), decision: 'approve' }, 'ids'],
    ['reason not a text', { ids: [ID], decision: 'approve', reason: 7 }, 'reason'],
    ['reason too long', { ids: [ID], decision: 'decline', reason: 'x'.repeat(2001) }, 'reason'],
  ])('%s', (_what, command, field) => {
    const checked = checkReview(command);
    if (field === null) expect(checked.ok).toBe(true);
    else expect(checked).toEqual({ ok: false, errors: [expect.objectContaining({ field })] });
  });

  it('trims the reason and drops repeated ids', () => {
    expect(checkReview({ ids: [ID, ID], decision: 'decline', reason: ' blurry ' })).toEqual({ ok: true, ids: [ID], decision: 'decline', reason: 'blurry' });
  });
});

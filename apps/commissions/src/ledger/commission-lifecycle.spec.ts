import type { CommissionKind, CommissionStatus } from '@spiffworks/contracts';
import { clawbackSettlement, commissionTransition, nextCommissionStatus } from './commission-lifecycle';
import type { ClawbackSettlement, CommissionAction } from './commission-lifecycle';

const STATUSES: CommissionStatus[] = ['pending', 'approved', 'paid', 'rejected'];
const KINDS: CommissionKind[] = ['sale', 'milestone_reward', 'clawback', 'reward_clawback', 'clawback_reversal', 'adjustment'];

/** The status lifecycle every kind shares for approve and pay; reject as an original's. */
const ORIGINAL: Array<[CommissionStatus, CommissionAction, CommissionStatus | null]> = [
  ['pending', 'approve', 'approved'],
  ['pending', 'pay', null],
  ['pending', 'reject', 'rejected'],
  ['approved', 'approve', null],
  ['approved', 'pay', 'paid'],
  ['approved', 'reject', 'rejected'],
  ['paid', 'approve', null],
  ['paid', 'pay', null],
  ['paid', 'reject', null],
  ['rejected', 'approve', null],
  ['rejected', 'pay', null],
  ['rejected', 'reject', null],
];

/** Lines that take back or give back are never rejected by an admin: their original's rejection settles them. */
const NEVER_REJECTED: CommissionKind[] = ['clawback', 'reward_clawback', 'clawback_reversal'];

const TABLE: Array<[CommissionKind, CommissionStatus, CommissionAction, CommissionStatus | null]> = KINDS.flatMap((kind) =>
  ORIGINAL.map(([status, action, to]): [CommissionKind, CommissionStatus, CommissionAction, CommissionStatus | null] => [
    kind, status, action, action === 'reject' && NEVER_REJECTED.includes(kind) ? null : to,
  ]),
);

describe('nextCommissionStatus (kind-aware)', () => {
  it('covers every kind × status × action', () => {
    expect(TABLE).toHaveLength(KINDS.length * STATUSES.length * 3);
  });

  it.each(TABLE)('%s %s + %s → %p', (kind, current, action, expected) => {
    expect(nextCommissionStatus(kind, current, action)).toBe(expected);
  });

  it.each<[CommissionKind, RegExp]>([
    ['clawback', /settled only by rejecting its sale's commission/],
    ['reward_clawback', /settled only by rejecting its milestone reward/],
    ['clawback_reversal', /approved or paid, never rejected/],
  ])('a %s is refused rejection whatever its status, saying why', (kind, why) => {
    for (const status of STATUSES) expect(commissionTransition(kind, status, 'reject')).toEqual({ allowed: false, reason: expect.stringMatching(why) });
  });

  it('a refused status move names the status', () => {
    expect(commissionTransition('sale', 'paid', 'reject')).toEqual({ allowed: false, reason: 'it is paid; it cannot be rejected' });
  });
});

describe('clawbackSettlement (a clawback of a line being rejected)', () => {
  it.each<[CommissionStatus, ClawbackSettlement]>([
    ['pending', 'reject'],
    ['approved', 'reverse'],
    ['paid', 'reverse'],
    ['rejected', 'none'],
  ])('%s → %s', (status, expected) => {
    expect(clawbackSettlement(status)).toBe(expected);
  });
});

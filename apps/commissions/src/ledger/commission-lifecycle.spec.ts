import type { CommissionStatus } from '@spiffworks/contracts';
import { clawbackSettlement, nextCommissionStatus } from './commission-lifecycle';
import type { ClawbackSettlement, CommissionAction } from './commission-lifecycle';

describe('nextCommissionStatus', () => {
  it.each<[CommissionStatus, CommissionAction, CommissionStatus | null]>([
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
  ])('%s + %s → %p', (current, action, expected) => {
    expect(nextCommissionStatus(current, action)).toBe(expected);
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

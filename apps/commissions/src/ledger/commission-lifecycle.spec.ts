import type { CommissionStatus } from '@spiffworks/contracts';
import { nextCommissionStatus } from './commission-lifecycle';
import type { CommissionAction } from './commission-lifecycle';

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

import type { DisputeResolvedPayload } from '@spiffworks/contracts';
import { disputeIncrements } from './dispute-increments';

const resolved = (status: DisputeResolvedPayload['status'], adjustment_amount: string | null): DisputeResolvedPayload => ({
  dispute_id: 'd', commission_id: 'c', partner_id: 'p', spiff_ids: [], status, adjustment_amount, adjustment_line_id: adjustment_amount ? 'l' : null, answer: 'a',
});

describe('disputeIncrements', () => {
  it.each([
    ['opened', { opened: { dispute_id: 'd', commission_id: 'c', partner_id: 'p', spiff_ids: [], reason: 'r' } }, { open_disputes: 1 }],
    ['resolved adjusted +25.00', { resolved: resolved('resolved_adjusted', '25.00') }, { open_disputes: -1, adjustments: 1, adjustment_amount: '25.00' }],
    ['resolved adjusted -12.50', { resolved: resolved('resolved_adjusted', '-12.50') }, { open_disputes: -1, adjustments: 1, adjustment_amount: '-12.50' }],
    ['resolved declined', { resolved: resolved('resolved_declined', null) }, { open_disputes: -1 }],
  ])('%s', (_, event, expected) => {
    expect(disputeIncrements(event)).toEqual(expected);
  });
});

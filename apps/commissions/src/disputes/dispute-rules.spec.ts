import { adjustmentColumnOf, canResolve, disputeReasonOf, resolutionOf } from './dispute-rules';

describe('resolutionOf', () => {
  it.each([
    ['adjusted +25', { outcome: 'adjusted', adjustment_amount: 25, answer: 'missed bonus' }, { ok: true, status: 'resolved_adjusted', amount: '25.00', answer: 'missed bonus' }],
    ['adjusted negative to the cent', { outcome: 'adjusted', adjustment_amount: -12.5, answer: 'overpaid' }, { ok: true, status: 'resolved_adjusted', amount: '-12.50', answer: 'overpaid' }],
    ['adjusted 0.01', { outcome: 'adjusted', adjustment_amount: 0.01, answer: 'a cent' }, { ok: true, status: 'resolved_adjusted', amount: '0.01', answer: 'a cent' }],
    ['declined', { outcome: 'declined', answer: 'the rate is right' }, { ok: true, status: 'resolved_declined', amount: null, answer: 'the rate is right' }],
    ['answer trimmed', { outcome: 'declined', answer: '  no  ' }, { ok: true, status: 'resolved_declined', amount: null, answer: 'no' }],
  ])('%s', (_, input, expected) => {
    expect(resolutionOf(input)).toEqual(expected);
  });

  it.each([
    ['adjusted without amount', { outcome: 'adjusted', answer: 'x' }, 'adjustment_amount', 'is required when the outcome is adjusted'],
    ['adjusted zero', { outcome: 'adjusted', adjustment_amount: 0, answer: 'x' }, 'adjustment_amount', 'must not be zero: decline the dispute instead'],
    ['adjusted three decimals', { outcome: 'adjusted', adjustment_amount: 1.005, answer: 'x' }, 'adjustment_amount', 'must be a number with at most 2 decimal places'],
    ['adjusted as a string', { outcome: 'adjusted', adjustment_amount: '25', answer: 'x' }, 'adjustment_amount', 'must be a number'],
    ['adjusted too large', { outcome: 'adjusted', adjustment_amount: 1_000_000.01, answer: 'x' }, 'adjustment_amount', 'must be between -1000000 and 1000000'],
    ['declined with amount', { outcome: 'declined', adjustment_amount: 5, answer: 'x' }, 'adjustment_amount', 'must be absent when the outcome is declined'],
    ['unknown outcome', { outcome: 'maybe', answer: 'x' }, 'outcome', 'must be one of adjusted, declined'],
    ['blank answer', { outcome: 'declined', answer: '   ' }, 'answer', 'must be a non-empty text'],
    ['answer too long', { outcome: 'declined', answer: 'a'.repeat(2001) }, 'answer', 'must be at most 2000 characters'],
  ])('%s is refused naming the field', (_, input, field, reason) => {
    expect(resolutionOf(input)).toEqual({ ok: false, errors: [{ field, reason }] });
  });
});

describe('disputeReasonOf', () => {
  it.each([
    ['a reason', 'bonus missing', { ok: true, reason: 'bonus missing' }],
    ['blank', '  ', { ok: false, errors: [{ field: 'reason', reason: 'must be a non-empty text' }] }],
    ['not text', 42, { ok: false, errors: [{ field: 'reason', reason: 'must be a non-empty text' }] }],
    ['too long', 'a'.repeat(2001), { ok: false, errors: [{ field: 'reason', reason: 'must be at most 2000 characters' }] }],
  ])('%s', (_, reason, expected) => {
    expect(disputeReasonOf(reason)).toEqual(expected);
  });
});

describe('dispute states', () => {
  it.each([
    ['open', true],
    ['resolved_adjusted', false],
    ['resolved_declined', false],
  ] as const)('%s can be resolved: %s', (status, expected) => {
    expect(canResolve(status)).toBe(expected);
  });

  it.each([
    ['a sale line', 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e', 'commission_amount'],
    ['a reward line', null, 'reward_amount'],
  ] as const)('the adjustment of %s (sale %p) goes to %s', (_, sale_id, column) => {
    expect(adjustmentColumnOf({ sale_id })).toBe(column);
  });
});
